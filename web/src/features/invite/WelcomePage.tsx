import { useEffect, useState } from 'react';
import { Link, useLocation, useNavigate } from 'react-router-dom';
import { api } from '../../api/client';
import type { Conversation } from '../../api/schemas';
import { useI18n } from '../../i18n';
import { Alert } from '../../components/Field';
import { WithName } from '../../components/WithName';
import { errorMessage } from '../../components/errors';
import { sessionStore } from '../../state/session';
import { useStore } from '../../state/useStore';
import { safeNext } from '../../routing';
import '../admin/onboarding.css';

/**
 * After accepting an invitation: where the person already is (conversations an admin or a smart
 * group put them in), and one button on to the app (`?next=`, the catch-up screen or the directory).
 */
export function WelcomePage() {
  const { t } = useI18n();
  const navigate = useNavigate();
  const loc = useLocation();
  const session = useStore(sessionStore);
  const [items, setItems] = useState<Conversation[] | null>(null);
  const [error, setError] = useState<unknown>(null);

  useEffect(() => {
    let cancelled = false;
    api
      .conversations()
      .then((list) => !cancelled && setItems(list.items))
      .catch((e) => !cancelled && setError(e));
    return () => {
      cancelled = true;
    };
  }, []);

  if (session.status !== 'signedIn') return null;
  const next = safeNext(loc.search);
  return (
    <section className="card welcome" data-testid="welcome">
      <h1>
        <WithName text={t('welcome.title', { org: '{name}' })} name={session.org.name} />
      </h1>
      <p className="lead">
        <WithName text={t('welcome.hello')} name={session.user.name} />
      </p>
      {error ? <Alert>{errorMessage(t, error)}</Alert> : null}
      {items === null && !error ? <p role="status">{t('common.loading')}</p> : null}
      {items && items.length ? (
        <>
          <h2 id="welcome-convs-h">{t('welcome.your_conversations')}</h2>
          <ul className="welcome-list" aria-labelledby="welcome-convs-h">
            {items.map((c) => (
              <li key={c.id}>
                <Link to={`/chats/${encodeURIComponent(c.id)}`}>
                  <bdi>{c.name}</bdi>
                  <span className="hint">{t(`chat.kind_${c.kind}`)}</span>
                </Link>
              </li>
            ))}
          </ul>
        </>
      ) : null}
      {items && !items.length ? <p>{t('welcome.none_yet')}</p> : null}
      <div className="actions">
        <button type="button" className="btn btn-primary" onClick={() => navigate(next, { replace: true })}>
          {t('welcome.start')}
        </button>
      </div>
    </section>
  );
}
