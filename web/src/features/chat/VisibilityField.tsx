import { useI18n } from '../../i18n';

export type Visibility = 'public' | 'private';

/** Public (anyone in the organization finds and joins it) or private, for a channel. */
export function VisibilityField({
  value,
  onChange,
  options = ['public', 'private'],
}: {
  value: Visibility;
  onChange: (v: Visibility) => void;
  /** The choices the organization's policies leave this person. */
  options?: readonly Visibility[];
}) {
  const { t } = useI18n();
  return (
    <fieldset>
      <legend>{t('newchat.visibility')}</legend>
      {options.map((v) => (
        <label key={v} className="checkbox">
          <input type="radio" name="visibility" value={v} checked={value === v} onChange={() => onChange(v)} />
          {t(`newchat.${v}`)}
        </label>
      ))}
    </fieldset>
  );
}
