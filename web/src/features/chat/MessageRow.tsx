import { memo, useCallback, useEffect, useRef } from 'react';
import type { Message } from '../../api/schemas';
import { useI18n } from '../../i18n';
import type { MessageStatus, PendingMessage } from '../../state/chat';
import { StatusMark } from './StatusMark';
import { Markdown } from './Markdown';
import { plainText } from './markdown';
import { formatSize, formatTime } from './format';
import { Icon } from '../../components/Icon';
import { Avatar } from '../../components/Avatar';
import { codeMessage, retryCannotHelp } from '../../components/errors';
import type { TFn } from '../../i18n';
import { UrgencyBadge } from './UrgencyPicker';
import { useRowGestures } from './useRowGestures';
import { VoicePlayer } from './voice/VoicePlayer';
import { isAudio } from './voice/voiceFormat';

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
  /** Opens the replies to a message, gathered under it (the thread view). */
  openThread(m: Message): void;
  /** Opens the message menu (the bottom sheet, MessageSheet.tsx). */
  openMenu(m: Message): void;
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
  /** Its menu is open (the sheet itself is rendered by the page, outside the list). */
  actionsOpen: boolean;
  canPost: boolean;
  /** The mark on one's own message (null on others'). */
  status: MessageStatus | null;
  actions: MessageActions;
  observe: (el: Element | null, prev: Element | null) => void;
  /** Shown inside its thread: no quote of the root (every reply there answers it), no swipe to reply. */
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
        isAudio(a.content_type) ? (
          <VoicePlayer key={a.id} a={a} />
        ) : a.has_thumbnail || (a.content_type ?? '').startsWith('image/') ? (
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


export const MessageRow = memo(function MessageRow({ m, own, showAuthor, replyTo, actionsOpen, canPost, status, actions, observe, inThread = false, highlight = false }: Props) {
  const { t, lang } = useI18n();
  const el = useRef<HTMLDivElement>(null);
  const line = useRef<HTMLDivElement>(null);
  const cue = useRef<HTMLSpanElement>(null);
  useEffect(() => {
    const node = el.current;
    observe(node, null);
    return () => observe(null, node);
  }, [observe]);
  const openMenu = useCallback(() => actions.openMenu(m), [actions, m]);
  const reply = useCallback(() => actions.reply(m), [actions, m]);
  const gestures = useRowGestures({ line, cue, onMenu: m.deleted ? null : openMenu, onReply: !m.deleted && canPost && !inThread ? reply : null });
  const name = m.author_name ?? '';
  const reactions = m.reactions ?? [];
  return (
    <div
      ref={el}
      {...gestures}
      className={`msg${own ? ' own' : ''}${m.deleted ? ' deleted' : ''}${highlight ? ' highlight' : ''}`}
      data-testid="message"
      data-seq={m.seq}
      data-id={m.id}
      data-own={own ? 'true' : 'false'}
      data-highlight={highlight ? 'true' : undefined}
    >
      {showAuthor ? (
        <div className="msg-author">
          <Avatar name={name} personId={m.author_id} className="avatar-xs msg-avatar" />
          <bdi>{name}</bdi>
          {m.author_former ? <span className="former-member"> · {t('chat.former_member')}</span> : null}
          {m.author_company ? <span className="former-member"> · {t('chat.external', { company: m.author_company })}</span> : null}
        </div>
      ) : null}
      <span ref={cue} className="swipe-cue" aria-hidden="true">
        <svg width={18} height={18} viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round" strokeLinejoin="round">
          <path d="M10 9V5l-7 7 7 7v-4.1c5 0 8.5 1.6 11 5.1-1-5-4-10-11-11z" />
        </svg>
      </span>
      {/* the "⋯" sits beside the bubble, not under it: a screen holds more messages */}
      <div className="msg-line" ref={line}>
        <div className="bubble" data-testid="bubble">
          {!m.deleted ? <UrgencyBadge urgency={m.urgency} /> : null}
          {m.reply_to && !inThread ? (
            <button type="button" className="reply-preview" onClick={() => actions.jumpTo(m.reply_to!)} aria-label={t('chat.show_original', { name })} data-testid="reply-preview">
              <span className="reply-author">
                <bdi>{replyTo?.author_name ?? ''}</bdi>
              </span>
              <span className="reply-text" dir="auto">
                {replyTo ? (replyTo.deleted ? t('chat.deleted') : plainText(replyTo.text).slice(0, 140) || (replyTo.attachments?.some((x) => isAudio(x.content_type)) ? t('voice.note') : '')) : t('chat.original_message')}
              </span>
            </button>
          ) : null}
          {m.deleted ? (
            <p className="tombstone">{m.deleted_by === 'moderator' ? t('chat.removed_by_moderator') : t('chat.deleted')}</p>
          ) : m.text || !m.attachments?.length ? (
            <div dir="auto" className="msg-text" data-testid="message-text">
              <Markdown text={m.text} allLabel={t('chat.all')} />
            </div>
          ) : null}
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
            {own && status ? <StatusMark state={status} /> : null}
          </div>
        </div>
        {!m.deleted ? (
          <button
            type="button"
            className="msg-more"
            aria-haspopup="dialog"
            aria-expanded={actionsOpen}
            aria-label={t('chat.actions_for', { name })}
            onClick={openMenu}
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
          {p.state === 'failed' ? null : <StatusMark state="queued" />}
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
