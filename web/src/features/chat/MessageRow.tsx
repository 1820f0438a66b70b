import { memo, useEffect, useRef, useState } from 'react';
import type { Message } from '../../api/schemas';
import { useI18n } from '../../i18n';
import type { PendingMessage } from '../../state/chat';
import { Markdown } from './Markdown';
import { plainText } from './markdown';
import { formatSize, formatTime } from './format';
import { Icon } from '../../components/Icon';
import { codeMessage, retryCannotHelp } from '../../components/errors';
import type { TFn } from '../../i18n';
import { useStore } from '../../state/useStore';
import { isAdmin, sessionStore } from '../../state/session';
import { mayChangeOwn, policiesStore } from '../policies/policies';
import { UrgencyBadge } from './UrgencyPicker';

export const QUICK_REACTIONS = ['👍', '❤️', '😂', '🎉', '🙏', '👀'];

export interface MessageActions {
  reply(m: Message): void;
  react(m: Message, emoji: string, on: boolean): void;
  edit(m: Message): void;
  remove(m: Message): void;
  /** Report someone's message to the moderators. */
  report(m: Message): void;
  /** A moderator removes someone else's message, with a reason. */
  moderate(m: Message): void;
  pin(m: Message, on: boolean): void;
  seenBy(m: Message): void;
  showEdits(m: Message): void;
  jumpTo(messageId: string): void;
  /** Opens the thread the message starts (or, for a reply, the one it belongs to). */
  openThread(m: Message): void;
  toggleActions(id: string | null): void;
}

/** "1 reply" / "N replies" (Arabic avoids plural forms with "الردود: N"). */
export function replyCountLabel(t: TFn, n: number): string {
  return n === 1 ? t('chat.reply_count_one') : t('chat.reply_count', { n });
}

interface Props {
  m: Message;
  own: boolean;
  showAuthor: boolean;
  replyTo: Message | null | undefined;
  actionsOpen: boolean;
  canModerate: boolean;
  canPin: boolean;
  canPost: boolean;
  seen: boolean;
  actions: MessageActions;
  observe: (el: Element | null, prev: Element | null) => void;
  /** Shown inside its thread: no quote of the root, no thread link, no separate reply. */
  inThread?: boolean;
  /** The message someone jumped to (from the pinned list): it flashes once. */
  highlight?: boolean;
}

function Attachments({ m }: { m: Message }) {
  const { t, lang } = useI18n();
  if (!m.attachments?.length) return null;
  return (
    <div className="attachments">
      {m.attachments.map((a) =>
        a.has_thumbnail || (a.content_type ?? '').startsWith('image/') ? (
          <a key={a.id} href={`/api/v1/attachments/${encodeURIComponent(a.id)}`} target="_blank" rel="noopener" className="att-image">
            <img
              src={`/api/v1/attachments/${encodeURIComponent(a.id)}${a.has_thumbnail ? '/thumbnail' : ''}`}
              alt={t('chat.image', { name: a.name })}
              loading="lazy"
              width={a.width && a.height ? Math.min(240, a.width) : undefined}
              height={a.width && a.height ? Math.round((Math.min(240, a.width) / a.width) * a.height) : undefined}
            />
          </a>
        ) : (
          <a key={a.id} href={`/api/v1/attachments/${encodeURIComponent(a.id)}`} download={a.name} className="att-file" aria-label={t('chat.download', { name: a.name })}>
            <Icon name="file" /> <bdi>{a.name}</bdi>
            {a.size ? <bdi className="att-size">{formatSize(a.size, lang)}</bdi> : null}
          </a>
        ),
      )}
    </div>
  );
}


export const MessageRow = memo(function MessageRow({ m, own, showAuthor, replyTo, actionsOpen, canModerate, canPin, canPost, seen, actions, observe, inThread = false, highlight = false }: Props) {
  const { t, lang } = useI18n();
  const el = useRef<HTMLDivElement>(null);
  const [confirmDelete, setConfirmDelete] = useState(false);
  const policies = useStore(policiesStore);
  const session = useStore(sessionStore);
  const admin = session.status === 'signedIn' && isAdmin(session.user);
  // The organization may forbid changing one's own messages, or only after a while; hide what the server would refuse.
  const canEdit = own && mayChangeOwn(policies, 'edit', m.created_at, admin);
  const canDelete = own && mayChangeOwn(policies, 'delete', m.created_at, admin || canModerate);
  useEffect(() => {
    const node = el.current;
    observe(node, null);
    return () => observe(null, node);
  }, [observe]);
  useEffect(() => {
    if (!actionsOpen) setConfirmDelete(false);
  }, [actionsOpen]);
  const name = m.author_name ?? '';
  const reactions = m.reactions ?? [];
  const replies = m.reply_count ?? 0;
  return (
    <div
      ref={el}
      className={`msg${own ? ' own' : ''}${m.deleted ? ' deleted' : ''}${highlight ? ' highlight' : ''}`}
      data-testid="message"
      data-seq={m.seq}
      data-id={m.id}
      data-own={own ? 'true' : 'false'}
      data-highlight={highlight ? 'true' : undefined}
    >
      {showAuthor ? (
        <div className="msg-author">
          <bdi>{name}</bdi>
          {m.author_former ? <span className="former-member"> · {t('chat.former_member')}</span> : null}
          {m.author_company ? <span className="former-member"> · {t('chat.external', { company: m.author_company })}</span> : null}
        </div>
      ) : null}
      {/* the "⋯" sits beside the bubble, not under it: a screen holds more messages */}
      <div className="msg-line">
        <div className="bubble" data-testid="bubble">
          {!m.deleted ? <UrgencyBadge urgency={m.urgency} /> : null}
          {m.reply_to && !inThread ? (
            <button type="button" className="reply-preview" onClick={() => actions.jumpTo(m.reply_to!)} aria-label={t('chat.show_original', { name })} data-testid="reply-preview">
              <span className="reply-author">
                <bdi>{replyTo?.author_name ?? ''}</bdi>
              </span>
              <span className="reply-text" dir="auto">
                {replyTo ? (replyTo.deleted ? t('chat.deleted') : plainText(replyTo.text).slice(0, 140)) : t('chat.original_message')}
              </span>
            </button>
          ) : null}
          {m.deleted ? (
            <p className="tombstone">{m.deleted_by === 'moderator' ? t('chat.removed_by_moderator') : t('chat.deleted')}</p>
          ) : (
            <div dir="auto" className="msg-text" data-testid="message-text">
              <Markdown text={m.text} allLabel={t('chat.all')} />
            </div>
          )}
          {!m.deleted ? <Attachments m={m} /> : null}
          <div className="msg-meta">
            {m.pinned ? (
              <span title={t('chat.pinned')}>
                <Icon name="pin" size={14} />
                <span className="visually-hidden">{t('chat.pinned')}</span>
              </span>
            ) : null}
            {m.edited_at && !m.deleted ? (
              <button type="button" className="edited" onClick={() => actions.showEdits(m)} aria-label={t('chat.show_edit_history')}>
                {t('chat.edited')}
              </button>
            ) : null}
            <time dateTime={m.created_at}>{formatTime(m.created_at, lang)}</time>
            {own && seen ? (
              <span className="seen-mark" title={t('chat.read_by_all')}>
                <span aria-hidden="true">✓✓</span>
                <span className="visually-hidden">{t('chat.read_by_all')}</span>
              </span>
            ) : null}
          </div>
        </div>
        {!m.deleted ? (
          <button
            type="button"
            className="msg-more"
            aria-expanded={actionsOpen}
            aria-label={t('chat.actions_for', { name })}
            onClick={() => actions.toggleActions(actionsOpen ? null : m.id)}
            data-testid="message-actions"
          >
            <span aria-hidden="true">⋯</span>
          </button>
        ) : null}
      </div>
      {reactions.length && !m.deleted ? (
        <div className="reactions" data-testid="reactions">
          {reactions.map((r) => (
            <button
              key={r.emoji}
              type="button"
              className={`reaction${r.mine ? ' mine' : ''}`}
              aria-pressed={!!r.mine}
              aria-label={t('chat.reaction_label', { emoji: r.emoji, count: r.count })}
              onClick={() => actions.react(m, r.emoji, !r.mine)}
              data-testid="reaction"
            >
              <span aria-hidden="true">{r.emoji}</span> <span aria-hidden="true">{r.count}</span>
            </button>
          ))}
        </div>
      ) : null}
      {replies > 0 && !m.reply_to && !inThread ? (
        <button type="button" className="thread-link" onClick={() => actions.openThread(m)} aria-label={t('chat.open_replies', { count: replyCountLabel(t, replies) })} data-testid="thread-link">
          <Icon name="replies" size={16} /> {replyCountLabel(t, replies)}
        </button>
      ) : null}
      {actionsOpen && !m.deleted ? (
        <div className="msg-actions" role="group" aria-label={t('chat.actions_for', { name })}>
          <div className="quick-reactions">
            {QUICK_REACTIONS.map((e) => {
              const mine = reactions.some((r) => r.emoji === e && r.mine);
              return (
                <button key={e} type="button" className="btn btn-small btn-ghost" aria-label={t('chat.react_with', { emoji: e })} aria-pressed={mine} onClick={() => actions.react(m, e, !mine)}>
                  <span aria-hidden="true">{e}</span>
                </button>
              );
            })}
          </div>
          {canPost && !inThread ? (
            <button type="button" className="btn btn-small" onClick={() => actions.reply(m)}>
              {t('chat.reply')}
            </button>
          ) : null}
          {canPost && !inThread ? (
            <button type="button" className="btn btn-small" onClick={() => actions.openThread(m)}>
              {t('chat.reply_in_thread')}
            </button>
          ) : null}
          {canEdit ? (
            <button type="button" className="btn btn-small" onClick={() => actions.edit(m)}>
              {t('chat.edit')}
            </button>
          ) : null}
          {canPin ? (
            <button type="button" className="btn btn-small" onClick={() => actions.pin(m, !m.pinned)}>
              {m.pinned ? t('chat.unpin') : t('chat.pin')}
            </button>
          ) : null}
          {own || canModerate ? (
            <button type="button" className="btn btn-small" onClick={() => actions.seenBy(m)}>
              {t('chat.seen_by')}
            </button>
          ) : null}
          {!own ? (
            <button type="button" className="btn btn-small" onClick={() => actions.report(m)}>
              {t('report.action')}
            </button>
          ) : null}
          {!own && canModerate ? (
            <button type="button" className="btn btn-small btn-danger" onClick={() => actions.moderate(m)}>
              {t('moderation.remove')}
            </button>
          ) : null}
          {canDelete ? (
            confirmDelete ? (
              <span className="confirm-inline" role="alert">
                {t('chat.delete_confirm')}{' '}
                <button type="button" className="btn btn-small btn-danger" onClick={() => actions.remove(m)}>
                  {t('chat.delete_yes')}
                </button>
                <button type="button" className="btn btn-small" onClick={() => setConfirmDelete(false)}>
                  {t('common.cancel')}
                </button>
              </span>
            ) : (
              <button type="button" className="btn btn-small btn-danger" onClick={() => setConfirmDelete(true)}>
                {t('chat.delete')}
              </button>
            )
          ) : null}
        </div>
      ) : null}
    </div>
  );
});

export function PendingRow({ p, onRetry, onDiscard }: { p: PendingMessage; onRetry: () => void; onDiscard: () => void }) {
  const { t, lang } = useI18n();
  return (
    <div className={`msg own pending state-${p.state}`} data-testid="pending-message" data-state={p.state} data-own="true">
      <div className="bubble" data-testid="bubble">
        <UrgencyBadge urgency={p.urgency} />
        <div dir="auto" className="msg-text" data-testid="message-text">
          <Markdown text={p.text} allLabel={t('chat.all')} />
        </div>
        <div className="msg-meta">
          <time dateTime={p.created_at}>{formatTime(p.created_at, lang)}</time>
          <span className="send-state" role="status">
            {p.state === 'sending' ? t('chat.sending') : p.state === 'queued' ? t('chat.queued') : t('chat.failed')}
          </span>
        </div>
      </div>
      {p.state === 'failed' && p.error ? (
        <p className="field-error" data-testid="send-error">
          {codeMessage(t, p.error)}
          {p.detail ? <span dir="auto" className="send-error-detail"> {p.detail}</span> : null}
        </p>
      ) : null}
      {p.state !== 'sending' ? (
        <div className="pending-actions">
          {p.state === 'failed' && retryCannotHelp(p.error) ? null : (
            <button type="button" className="btn btn-small" onClick={onRetry} data-testid="retry">
              {t('chat.retry')}
            </button>
          )}
          <button type="button" className="btn btn-small btn-ghost" onClick={onDiscard}>
            {t('chat.discard')}
          </button>
        </div>
      ) : null}
    </div>
  );
}
