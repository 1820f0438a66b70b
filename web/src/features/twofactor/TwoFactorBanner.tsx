import { useEffect } from 'react';
import { Link, useLocation } from 'react-router-dom';
import { formatDateTime, useI18n } from '../../i18n';
import { useStore } from '../../state/useStore';
import { sessionStore } from '../../state/session';
import { loadTwoFactor, needsSetup, twoFactorStore } from './twoFactorState';

/** Shown on every page while the organization requires two-factor of this person and it is off. */
export function TwoFactorBanner() {
  const { t, lang } = useI18n();
  const session = useStore(sessionStore);
  const status = useStore(twoFactorStore);
  const loc = useLocation();
  const userId = session.status === 'signedIn' ? session.user.id : null;
  useEffect(() => {
    if (userId) loadTwoFactor();
  }, [userId]);
  if (!needsSetup(status) || loc.pathname === '/me/two-factor') return null;
  return (
    <p className="alert alert-info" role="status" data-testid="two-factor-banner">
      {status?.required_by ? t('twofactor.required_by', { when: formatDateTime(status.required_by, lang) }) : null}{' '}
      <Link to="/me/two-factor">{t('twofactor.set_up')}</Link>
    </p>
  );
}
