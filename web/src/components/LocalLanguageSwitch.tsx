import { setLanguage, useI18n, type Lang } from '../i18n';

export function LocalLanguageSwitch() {
  const { t, lang } = useI18n();
  const other: Lang = lang === 'ar' ? 'en' : 'ar';
  return (
    <button type="button" className="btn btn-ghost" onClick={() => setLanguage(other)} lang={other}>
      {t(`lang.switch_to_${other}`)}
    </button>
  );
}
