import { useEffect, useMemo, type ReactNode } from 'react';
import { Link, useMatch } from 'react-router-dom';
import { useI18n } from '../../i18n';
import { chat } from '../../state/boot';
import { sortedConversations } from '../../state/chat';
import { PresenceDot, usePresence } from './presence';
import type { Conversation } from '../../api/schemas';
import { useStore } from '../../state/useStore';
import { sessionStore } from '../../state/session';
import { Avatar } from '../../components/Avatar';
import { useChat } from './useChat';
import { formatListTime } from './format';
import { plainText } from './markdown';
import { Icon } from '../../components/Icon';
import { OfflineBanner } from './OfflineBanner';
import { isolate } from '../../components/Isolated';
import { isAudio } from './voice/voiceFormat';

/** The mark of a channel (#) or an announcement channel; none for direct and group conversations. */
export function kindIcon(kind: Conversation['kind']): ReactNode {
  return kind === 'channel' ? '#' : kind === 'announcement' ? <Icon name="announcement" /> : null;
}

/** A direct conversation shows the other person's photo; a group its initials; channels their mark. */
export function ConversationAvatar({ conv, className, size, testId }: { conv: Conversation; className: string; size?: 'small' | 'large'; testId?: string }) {
  return (
    <Avatar
      name={conv.name}
      personId={conv.kind === 'direct' ? conv.other_person_id : null}
      fallback={conv.kind === 'direct' || conv.kind === 'group' ? undefined : kindIcon(conv.kind)}
      className={`${className} kind-${conv.kind}`}
      size={size}
      testId={testId}
    />
  );
}

export function ChatListPage() {
  const { t, lang } = useI18n();
  const conversations = useChat((s) => s.conversations);
  const loaded = useChat((s) => s.listLoaded);
  const session = useStore(sessionStore);
  const me = session.status === 'signedIn' ? session.user.id : null;
  const list = useMemo(() => sortedConversations({ conversations } as never), [conversations]);
  // presence dots for the other person of each direct conversation
  const directPeople = useMemo(() => list.flatMap((c) => (c.kind === 'direct' && c.other_person_id ? [c.other_person_id] : [])), [list]);
  const online = usePresence(directPeople);
  // beside an open conversation (two panes), its row is marked as the current one
  const openId = useMatch('/chats/:id/*')?.params.id ?? null;

  useEffect(() => {
    void chat.loadConversations().catch(() => undefined);
  }, []);

  // The line follows the interface (it sits at the start edge like the name above it); the message
  // and the author's name are isolated inside it ("You: Are you there?" would otherwise show its
  // question mark first in Arabic).
  const preview = (c: Conversation): string => {
    const m = c.last_message;
    if (!m) return t('chat.no_messages');
    if (m.deleted) return t('chat.preview_deleted');
    const text = isolate(plainText(m.text)) || (m.attachments?.some((x) => isAudio(x.content_type)) ? t('chat.preview_voice') : m.attachments?.length ? t('chat.preview_attachment') : '');
    if (m.author_id === me) return t('chat.preview_you', { text });
    if (c.kind === 'direct') return text;
    return `${isolate(m.author_name ?? '')}: ${text}`;
  };

  return (
    <section className="chat-list-page" aria-labelledby="chats-h">
      <div className="page-head">
        <h1 id="chats-h">{t('chat.title')}</h1>
        <span className="page-head-actions">
          <Link className="btn btn-icon" to="/catch-up" data-testid="open-catch-up">
            <Icon name="pin" />
            <span className="visually-hidden">{t('catchup.title')}</span>
          </Link>
          <Link className="btn btn-icon" to="/chats/search" data-testid="open-search">
            <Icon name="search" />
            <span className="visually-hidden">{t('search.title')}</span>
          </Link>
          <Link className="btn btn-primary" to="/chats/new" data-testid="new-conversation">
            <span aria-hidden="true">+</span> {t('chat.new')}
          </Link>
        </span>
      </div>
      <OfflineBanner />
      {!loaded && list.length === 0 ? <p role="status">{t('common.loading')}</p> : null}
      {loaded && list.length === 0 ? <p className="lead">{t('chat.empty')}</p> : null}
      <ul className="conv-list" aria-label={t('chat.list_label')}>
        {list.map((c) => {
          const unread = c.my?.unread_count ?? 0;
          const mentions = c.my?.mention_count ?? 0;
          const muted = !!c.my?.muted;
          return (
            <li
              key={c.id}
              className={`conv-item${unread ? ' has-unread' : ''}${muted ? ' is-muted' : ''}`}
              data-testid="conversation-item"
              data-conversation-id={c.id}
              data-muted={muted ? 'true' : 'false'}
              data-pinned={c.my?.pinned ? 'true' : 'false'}
            >
              <Link to={`/chats/${encodeURIComponent(c.id)}`} className="conv-link" aria-current={openId === c.id ? 'page' : undefined}>
                <ConversationAvatar conv={c} className="conv-avatar" />
                <span className="conv-text">
                  <span className="conv-top">
                    <span className="conv-name">
                      {c.kind === 'direct' && c.other_person_id ? <PresenceDot online={online[c.other_person_id]} /> : null} <bdi>{c.name}</bdi>
                      {c.kind !== 'direct' ? <span className="visually-hidden"> ({t(`chat.kind_${c.kind}`)})</span> : null}
                    </span>
                    <time className="conv-time" dateTime={c.last_message?.created_at ?? undefined}>
                      {formatListTime(c.last_message?.created_at, lang)}
                    </time>
                  </span>
                  <span className="conv-bottom">
                    <span className="conv-preview" data-testid="conv-preview">
                      {preview(c)}
                    </span>
                    {c.my?.pinned ? (
                      <span className="conv-pin" title={t('chat.pinned')}>
                        <Icon name="pin" size={14} />
                        <span className="visually-hidden">{t('chat.pinned')}</span>
                      </span>
                    ) : null}
                    {muted ? (
                      <span className="conv-muted" title={t('chat.muted')} data-testid="muted-mark">
                        <Icon name="muted" size={14} />
                        <span className="visually-hidden">{t('chat.muted')}</span>
                      </span>
                    ) : null}
                    {mentions > 0 ? (
                      <span className="mention-badge" data-testid="mention-badge">
                        <span aria-hidden="true">@</span>
                        <span className="visually-hidden">{t('chat.mentions', { n: mentions })}</span>
                      </span>
                    ) : null}
                    {unread > 0 ? (
                      <span className="unread-badge" data-testid="unread-badge">
                        <span aria-hidden="true">{unread > 99 ? '99+' : unread}</span>
                        <span className="visually-hidden">{t('chat.unread', { n: unread })}</span>
                      </span>
                    ) : null}
                  </span>
                </span>
              </Link>
            </li>
          );
        })}
      </ul>
    </section>
  );
}
