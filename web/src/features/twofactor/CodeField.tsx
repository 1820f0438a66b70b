import { TextField } from '../../components/Field';

/** A field for a six-digit code or a recovery code; digits may be typed in either script. */
export function CodeField(props: {
  label: string;
  value: string;
  onChange: (v: string) => void;
  error?: string;
  recovery?: boolean;
}) {
  return (
    <TextField
      label={props.label}
      value={props.value}
      onChange={(e) => props.onChange(e.target.value)}
      error={props.error}
      inputMode={props.recovery ? 'text' : 'numeric'}
      autoComplete="one-time-code"
      autoCapitalize="none"
      spellCheck={false}
      dir="ltr"
      required
    />
  );
}
