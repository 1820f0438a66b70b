import { useEffect, useState } from 'react';
import { Link } from 'react-router-dom';
import { formatDateTime, useI18n, type TFn } from '../../i18n';
import { LoadStatus } from '../../components/LoadStatus';
import { digestSummary } from '../../pwa/notification';
import { attentionApi, type Digest } from './attentionApi';

export function messagesCount(t: TFn, n: number): string {
  return n === 1 ? t('digest.messages_one') : t('digest.messages', { n });
}
export function mentionsCount(t: TFn, n: number): string {
  return n === 1 ? t('digest.mentions_one') : t('digest.mentions', { n });
}

/** "While you were off": what waited for the end of one's time off, by conversation (the digest push opens it). */
export function DigestPage() {
  const { t, lang } = useI18n();
  const [digest, setDigest] = useState<Digest | null>(null);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    attentionApi.digest().then(setDigest).catch(setError);
  }, []);
  const empty = digest !== null && digest.conversations.length === 0;

  return (
    <section data-testid="digest-page">
      <h1>{t('push.digest_title')}</h1>
      <LoadStatus error={error} loaded={!!digest} />
      {empty ? (
        <div className="empty-state" data-testid="digest-empty">
          <p className="lead">{t('digest.empty')}</p>
          <Link to="/chats" className="btn">
            {t('digest.open_chats')}
          </Link>
        </div>
      ) : null}
      {digest && !empty ? (
        <>
          <p className="lead" data-testid="digest-summary">
            {digestSummary(t, { messages: digest.messages, conversations: digest.conversations.length, mentions: digest.mentions })}
          </p>
          {digest.since ? <p className="hint">{t('digest.since', { when: formatDateTime(digest.since, lang) })}</p> : null}
          <ul className="digest-list">
            {digest.conversations.map((c) => (
              <li key={c.conversation_id}>
                <Link to={`/chats/${encodeURIComponent(c.conversation_id)}`} className="digest-link" data-testid="digest-conversation">
                  <bdi className="digest-name">{c.name}</bdi>
                  <span className="digest-counts">
                    <span className="badge">{messagesCount(t, c.messages)}</span>
                    {c.mentions > 0 ? <span className="badge badge-mention">{mentionsCount(t, c.mentions)}</span> : null}
                  </span>
                </Link>
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </section>
  );
}
