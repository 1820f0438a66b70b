import { useI18n } from '../../i18n';

export type Visibility = 'public' | 'private';

/** Public (anyone in the organization finds and joins it) or private, for a channel. */
export function VisibilityField({ value, onChange }: { value: Visibility; onChange: (v: Visibility) => void }) {
  const { t } = useI18n();
  return (
    <fieldset>
      <legend>{t('newchat.visibility')}</legend>
      {(['public', 'private'] as const).map((v) => (
        <label key={v} className="checkbox">
          <input type="radio" name="visibility" value={v} checked={value === v} onChange={() => onChange(v)} />
          {t(`newchat.${v}`)}
        </label>
      ))}
    </fieldset>
  );
}
