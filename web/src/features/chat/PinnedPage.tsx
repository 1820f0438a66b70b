import { useEffect, useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { api } from '../../api/client';
import type { Message } from '../../api/schemas';
import { useI18n } from '../../i18n';
import { formatListTime } from './format';
import { DetailsPage } from './DetailsPage';
import { LoadStatus } from '../../components/LoadStatus';
import { plainText } from './markdown';
import { Avatar } from '../../components/Avatar';

const enc = encodeURIComponent;

/** Pinned messages of a conversation; each opens the conversation scrolled to it (`?m=<id>`). */
export function PinnedPage() {
  const { id = '' } = useParams();
  const { t, lang } = useI18n();
  const [items, setItems] = useState<Message[] | null>(null);
  const [error, setError] = useState<unknown>(null);

  useEffect(() => {
    let live = true;
    api
      .pins(id)
      .then((r) => live && setItems(r.items))
      .catch((e) => live && setError(e));
    return () => {
      live = false;
    };
  }, [id]);

  const summary = (m: Message) => (m.deleted ? t('chat.deleted') : plainText(m.text).slice(0, 200) || t('chat.preview_attachment'));

  return (
    <DetailsPage conversationId={id} title={t('chat.pins')} back={t('pins.back')} testId="pins">
      <LoadStatus error={error} loaded={!!items} />
      {items && items.length === 0 ? <p className="lead">{t('chat.no_pins')}</p> : null}
      {items && items.length ? (
        <ul className="pin-list" aria-label={t('pins.list_label')}>
          {items.map((m) => (
            <li key={m.id} data-testid="pinned-message">
              <Link to={`/chats/${enc(id)}?m=${enc(m.id)}`} className="pin-link">
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
                <span className="pin-open">{t('pins.open')}</span>
              </Link>
            </li>
          ))}
        </ul>
      ) : null}
    </DetailsPage>
  );
}
