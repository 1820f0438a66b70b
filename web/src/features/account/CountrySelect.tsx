import { useMemo } from 'react';
import { SelectField } from '../../components/Field';
import { useI18n } from '../../i18n';
import { countryOptions } from './countries';

interface Props {
  value: string;
  onChange: (code: string) => void;
  error?: string | null;
  disabled?: boolean;
}

/**
 * The organization's country for phone numbers typed without a country code (sign-in, directory,
 * import). Stores the ISO code; shows names in the reader's language.
 */
export function CountrySelect({ value, onChange, error, disabled }: Props) {
  const { t, lang } = useI18n();
  const { likely, others } = useMemo(() => countryOptions(lang, undefined, value), [lang, value]);
  return (
    <SelectField
      label={t('country.label')}
      hint={t('country.hint')}
      value={value}
      onChange={(e) => onChange(e.target.value)}
      error={error}
      disabled={disabled}
      data-testid="phone-region"
    >
      <option value="">{t('country.none')}</option>
      <optgroup label={t('country.likely')}>
        {likely.map((c) => (
          <option key={c.code} value={c.code}>
            {c.name}
          </option>
        ))}
      </optgroup>
      <optgroup label={t('country.all')}>
        {others.map((c) => (
          <option key={c.code} value={c.code}>
            {c.name}
          </option>
        ))}
      </optgroup>
    </SelectField>
  );
}
