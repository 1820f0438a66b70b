import { useEffect, useState } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { api } from '../../api/client';
import type { CatchUpItem, Message } from '../../api/schemas';
import { useI18n } from '../../i18n';
import { LoadStatus } from '../../components/LoadStatus';
import { Alert } from '../../components/Field';
import { errorMessage } from '../../components/errors';
import { Icon } from '../../components/Icon';
import { formatListTime } from '../chat/format';
import { plainText } from '../chat/markdown';
import { Avatar } from '../../components/Avatar';

const enc = encodeURIComponent;

/** A newcomer's first screen: the conversations they were put into, each with its pinned
 * messages (what its owners want read first), and a way to say "caught up" on every device. */
export function CatchUpPage() {
  const { t } = useI18n();
  const navigate = useNavigate();
  const [items, setItems] = useState<CatchUpItem[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    let live = true;
    api
      .catchUp()
      .then((r) => live && setItems(r.items))
      .catch((e) => live && setError(e));
    return () => {
      live = false;
    };
  }, []);

  const pending = items?.filter((i) => !i.done) ?? [];

  async function finish() {
    setBusy(true);
    setError(null);
    try {
      await api.finishCatchUp(pending.map((i) => i.conversation.id));
      navigate('/chats');
    } catch (err) {
      setError(err);
      setBusy(false);
    }
  }

  return (
    <section className="catch-up-page" aria-labelledby="catch-up-h" data-testid="catch-up">
      <h1 id="catch-up-h">{t('catchup.title')}</h1>
      <p className="lead">{t('catchup.lead')}</p>
      {items ? null : <LoadStatus error={error} loaded={false} />}
      {items && error ? <Alert>{errorMessage(t, error)}</Alert> : null}
      {items && items.length === 0 ? <p className="lead">{t('catchup.empty')}</p> : null}
      <ul className="catch-up-list" aria-label={t('catchup.list_label')}>
        {(items ?? []).map((item) => (
          <CatchUpCard key={item.conversation.id} item={item} />
        ))}
      </ul>
      <div className="actions">
        {pending.length ? (
          <button type="button" className="btn btn-primary" onClick={finish} disabled={busy} data-testid="catch-up-done">
            {t('catchup.done')}
          </button>
        ) : (
          <Link to="/chats" className="btn">
            {t('catchup.to_chats')}
          </Link>
        )}
      </div>
    </section>
  );
}

function CatchUpCard({ item }: { item: CatchUpItem }) {
  const { t, lang } = useI18n();
  const c = item.conversation;
  const summary = (m: Message) => plainText(m.text).slice(0, 300) || t('chat.preview_attachment');
  return (
    <li className="card catch-up-item" data-testid="catch-up-item" aria-labelledby={`cu-${c.id}`}>
      <div className="catch-up-head">
        <h2 id={`cu-${c.id}`}>
          <bdi>{c.name}</bdi>
        </h2>
        {item.done ? null : <span className="badge">{t('catchup.new')}</span>}
      </div>
      <p className="hint">
        {t(`chat.kind_${c.kind}`)}
        {' · '}
        {item.added_by_name ? t('catchup.added_by', { name: item.added_by_name }) : t('catchup.added_by_rule')}
        {c.membership === 'rule' ? ` · ${t('catchup.smart')}` : ''}
      </p>
      <h3 className="catch-up-pins-h">
        <Icon name="pin" /> {t('catchup.pins', { n: item.pins.length })}
      </h3>
      {item.pins.length === 0 ? <p className="hint">{t('catchup.no_pins')}</p> : null}
      {item.pins.length ? (
        <ul className="pin-list">
          {item.pins.map((m) => (
            <li key={m.id} data-testid="catch-up-pin">
              <Link to={`/chats/${enc(c.id)}?m=${enc(m.id)}`} className="pin-link">
                <span className="pin-top">
                  <span className="author-with-avatar">
                    <Avatar name={m.author_name ?? ''} personId={m.author_id} className="avatar-xs" />
                    <bdi className="pin-author">{m.author_name ?? ''}</bdi>
                  </span>
                  <time dateTime={m.created_at}>{formatListTime(m.created_at, lang)}</time>
                </span>
                <span className="pin-text" dir="auto">
                  {summary(m)}
                </span>
              </Link>
            </li>
          ))}
        </ul>
      ) : null}
      <Link to={`/chats/${enc(c.id)}`} className="info-link" data-testid="catch-up-open">
        {t('catchup.open', { name: c.name })}
      </Link>
    </li>
  );
}
