import { useI18n } from '../../i18n';
import './account.css';

/**
 * "Forgot your password?" on the sign-in page. Muster sends no email, and who the admins are is
 * not told to people who are not signed in, so it says what to ask for and whom.
 */
export function ForgotPassword() {
  const { t } = useI18n();
  return (
    <details className="forgot-password" data-testid="forgot-password">
      <summary>{t('forgot.title')}</summary>
      <p>{t('forgot.text')}</p>
      <p>{t('forgot.steps')}</p>
      <p className="hint">{t('forgot.after')}</p>
    </details>
  );
}
