import { useEffect, useState } from 'react';
import { Link } from 'react-router-dom';
import { api } from '../../api/client';
import type { Session } from '../../api/schemas';
import { useI18n } from '../../i18n';
import { DeviceList } from './DeviceList';
import { signOut } from '../../state/boot';
import { signedOut, updateUser } from '../../state/session';
import { setCsrfToken } from '../../api/http';
import { useStore } from '../../state/useStore';
import { sessionStore } from '../../state/session';
import { Alert } from '../../components/Field';
import { errorMessage } from '../../components/errors';
import { LanguageSwitch } from '../../components/Layout';
import { ProfileCard } from '../account/ProfileCard';
import { PasswordCard } from '../account/PasswordCard';
import { PhotoCard } from '../account/PhotoCard';

export function SessionsPage() {
  const { t } = useI18n();
  const session = useStore(sessionStore);
  const [items, setItems] = useState<Session[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function load() {
    try {
      setItems((await api.sessions()).items);
    } catch (e) {
      setError(errorMessage(t, e));
    }
  }
  useEffect(() => {
    void load();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  async function end(s: Session, erase: boolean) {
    setError(null);
    setNotice(null);
    setBusy(true);
    try {
      if (erase) await api.endMySession(s.id, true);
      else await api.endSession(s.id);
      if (s.current) {
        setCsrfToken(null);
        signedOut('signed_out');
        return;
      }
      setNotice(t(erase ? 'sessions.erased' : 'sessions.ended'));
      await load();
    } catch (e) {
      setError(errorMessage(t, e));
    } finally {
      setBusy(false);
    }
  }

  return (
    <section>
      <h1>{t('account.title')}</h1>
      <p>
        <Link to="/me/notifications" className="info-link" data-testid="open-notifications">{t('notify.title')}</Link>
      </p>
      <p>
        <Link to="/me/notices" className="info-link" data-testid="open-notices">{t('notice.title')}</Link>
      </p>
      <p>
        <Link to="/me/two-factor" className="info-link" data-testid="open-two-factor">{t('twofactor.title')}</Link>
      </p>
      {session.status === 'signedIn' ? (
        <section className="card" aria-labelledby="me-h">
          <h2 id="me-h">{t('account.me')}</h2>
          <p>
            <bdi data-testid="me-name">{session.user.name}</bdi>
            {session.user.role ? ` · ${t(`role.${session.user.role}`)}` : ''}
          </p>
          <div className="actions">
            <button type="button" className="btn" onClick={() => void signOut()}>
              {t('nav.sign_out')}
            </button>
          </div>
        </section>
      ) : null}
      {session.status === 'signedIn' ? (
        <>
          <PhotoCard owner="me" person={session.user} onChanged={updateUser} />
          <ProfileCard key={session.user.id} user={session.user} />
          <section className="card" aria-labelledby="language-h">
            <h2 id="language-h">{t('account.language')}</h2>
            <p className="hint">{t('account.language_hint')}</p>
            <LanguageSwitch />
          </section>
          {/* other devices may have just been signed out: show the list as it is now */}
          <PasswordCard
            user={session.user}
            onChanged={(ended) => {
              if (ended) void load();
            }}
          />
        </>
      ) : null}
      <h2>{t('sessions.title')}</h2>
      <Alert>{error}</Alert>
      {notice ? <Alert kind="success">{notice}</Alert> : null}
      {!items ? (
        <p role="status">{t('common.loading')}</p>
      ) : (
        <DeviceList items={items} busy={busy} own onEnd={(s, erase) => void end(s, erase)} />
      )}
    </section>
  );
}
