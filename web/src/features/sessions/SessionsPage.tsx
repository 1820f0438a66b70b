import { useEffect, useState } from 'react';
import { Link } from 'react-router-dom';
import { api } from '../../api/client';
import type { Session } from '../../api/schemas';
import { formatDateTime, useI18n } from '../../i18n';
import { signOut } from '../../state/boot';
import { signedOut } from '../../state/session';
import { setCsrfToken } from '../../api/http';
import { useStore } from '../../state/useStore';
import { sessionStore } from '../../state/session';
import { Alert } from '../../components/Field';
import { errorMessage } from '../../components/errors';
import { LanguageSwitch } from '../../components/Layout';

export function SessionsPage() {
  const { t, lang } = useI18n();
  const session = useStore(sessionStore);
  const [items, setItems] = useState<Session[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);

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

  async function end(s: Session) {
    setError(null);
    setNotice(null);
    try {
      await api.endSession(s.id);
      if (s.current) {
        setCsrfToken(null);
        signedOut('signed_out');
        return;
      }
      setNotice(t('sessions.ended'));
      await load();
    } catch (e) {
      setError(errorMessage(t, e));
    }
  }

  return (
    <section>
      <h1>{t('account.title')}</h1>
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
            <bdi>{session.user.name}</bdi>
            {session.user.role ? ` · ${t(`role.${session.user.role}`)}` : ''}
          </p>
          <div className="actions">
            <LanguageSwitch />
            <button type="button" className="btn" onClick={() => void signOut()}>
              {t('nav.sign_out')}
            </button>
          </div>
        </section>
      ) : null}
      <h2>{t('sessions.title')}</h2>
      <Alert>{error}</Alert>
      {notice ? <Alert kind="success">{notice}</Alert> : null}
      {!items ? (
        <p role="status">{t('common.loading')}</p>
      ) : (
        <ul className="sessions">
          {items.map((s) => (
            <li key={s.id} className="session card">
              <div>
                <strong dir="auto">{s.device || t('sessions.unknown_device')}</strong>
                {s.current ? <span className="badge badge-current">{t('sessions.this_device')}</span> : null}
              </div>
              <div className="hint">
                {s.ip ? <span dir="ltr">{s.ip}</span> : null}
                {s.last_seen_at ? ` · ${t('sessions.last_seen', { when: formatDateTime(s.last_seen_at, lang) })}` : ''}
              </div>
              {s.created_at ? <div className="hint">{t('sessions.started', { when: formatDateTime(s.created_at, lang) })}</div> : null}
              <button
                type="button"
                className="btn btn-small"
                onClick={() => void end(s)}
                aria-label={s.current ? t('sessions.end_this') : t('sessions.end_named', { device: s.device || t('sessions.unknown_device') })}
              >
                {t('sessions.end')}
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
