// The message menu: a bottom sheet over a dimmed backdrop, opened by a long press, a right-click
// or the message's "⋯" button. It is rendered into <body> (a portal), outside the virtual list, so
// no row, scroll edge or floating "Jump to latest" button can cut it off or cover it.
import { useEffect, useId, useRef, useState, type KeyboardEvent } from 'react';
import { createPortal } from 'react-dom';
import type { Message } from '../../api/schemas';
import { useI18n } from '../../i18n';
import { useStore } from '../../state/useStore';
import { isAdmin, sessionStore } from '../../state/session';
import { mayChangeOwn, policiesStore } from '../policies/policies';
import { Icon } from '../../components/Icon';
import { plainText } from './markdown';
import { QUICK_REACTIONS, type MessageActions } from './MessageRow';
import { isAudio } from './voice/voiceFormat';
import './messageActions.css';

// Icons only this sheet uses, drawn like components/Icon.tsx (kept here while the shell's icon set is being reworked).
const GLYPHS = {
  reply: 'M10 9V5l-7 7 7 7v-4.1c5 0 8.5 1.6 11 5.1-1-5-4-10-11-11z',
  copy: 'M9 9h10a1 1 0 0 1 1 1v10a1 1 0 0 1-1 1H9a1 1 0 0 1-1-1V10a1 1 0 0 1 1-1zM5 15H4a1 1 0 0 1-1-1V4a1 1 0 0 1 1-1h10a1 1 0 0 1 1 1v1',
  edit: 'M4 20h4L19 9l-4-4L4 16zM14 6l4 4',
  seen: 'M2 12s3.5-7 10-7 10 7 10 7-3.5 7-10 7S2 12 2 12zM12 15a3 3 0 1 0 0-6 3 3 0 0 0 0 6z',
  report: 'M5 21V4M5 4h12l-2 4 2 4H5',
  remove: 'M12 3l8 3v6c0 5-3.5 8-8 9-4.5-1-8-4-8-9V6zM9 12h6',
  trash: 'M4 7h16M9 7V4h6v3M6 7l1 13h10l1-13M10 11v6M14 11v6',
} as const;

function Glyph({ name }: { name: keyof typeof GLYPHS }) {
  return (
    <svg width={20} height={20} viewBox="0 0 24 24" aria-hidden="true" focusable="false" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round" strokeLinejoin="round" className={`icon glyph-${name}`}>
      <path d={GLYPHS[name]} />
    </svg>
  );
}

interface Props {
  /** The message the menu is open for (its current copy: reactions update while it is open); null: closed. */
  message: Message | null;
  me: string | null;
  canModerate: boolean;
  canPin: boolean;
  canPost: boolean;
  /** In a thread view: no reply (the composer already replies) and no "show replies". */
  inThread?: boolean;
  actions: MessageActions;
  onClose: () => void;
}

const FOCUSABLE = 'button:not([disabled]), [href], [tabindex]:not([tabindex="-1"])';

/** Where focus goes back to: the message's own "⋯" button (the row itself has no focus stop). */
function messageButton(id: string): HTMLElement | null {
  return document.querySelector<HTMLElement>(`[data-testid="message"][data-id="${CSS.escape(id)}"] .msg-more`);
}

export function MessageSheet({ message, ...rest }: Props) {
  const { t } = useI18n();
  const [copied, setCopied] = useState(0);
  useEffect(() => {
    if (!copied) return;
    const timer = setTimeout(() => setCopied(0), 2500);
    return () => clearTimeout(timer);
  }, [copied]);
  return (
    <>
      {message && !message.deleted ? <Sheet key={message.id} m={message} {...rest} onCopied={() => setCopied(Date.now())} /> : null}
      {/* outside the sheet: it closes at once, the confirmation stays a moment */}
      <p className="sheet-toast" role="status" data-testid="copied">
        {copied ? t('chat.copied') : ''}
      </p>
    </>
  );
}

function Sheet({ m, me, canModerate, canPin, canPost, inThread = false, actions, onClose, onCopied }: Omit<Props, 'message'> & { m: Message; onCopied: () => void }) {
  const { t } = useI18n();
  const headingId = useId();
  const box = useRef<HTMLDivElement>(null);
  const downOnBackdrop = useRef(false);
  const [confirmDelete, setConfirmDelete] = useState(false);
  const policies = useStore(policiesStore);
  const session = useStore(sessionStore);
  const admin = session.status === 'signedIn' && isAdmin(session.user);
  const own = m.author_id === me;
  const text = plainText(m.text);
  // a voice note has no text to show, copy or edit: the preview names it instead
  const voice = m.attachments?.some((x) => isAudio(x.content_type)) ?? false;
  // the organization may forbid changing one's own messages, or only after a while: hide what the server would refuse
  const canEdit = own && mayChangeOwn(policies, 'edit', m.created_at, admin) && !(voice && !text);
  const canDelete = own && mayChangeOwn(policies, 'delete', m.created_at, admin || canModerate);
  const reactions = m.reactions ?? [];
  const replies = m.reply_count ?? 0;

  // focus into the sheet; when it goes, back to the message (an action that focuses something
  // else, like the composer for a reply, does so after this and wins)
  useEffect(() => {
    box.current?.querySelector<HTMLElement>(FOCUSABLE)?.focus();
    const id = m.id;
    return () => {
      const active = document.activeElement;
      if (!active || active === document.body || !document.contains(active) || box.current?.contains(active)) messageButton(id)?.focus({ preventScroll: true });
    };
  }, [m.id]);

  function onKeyDown(e: KeyboardEvent<HTMLDivElement>) {
    if (e.key === 'Escape') {
      e.preventDefault();
      onClose();
      return;
    }
    if (e.key !== 'Tab') return;
    // a modal keeps Tab inside it
    const all = [...(box.current?.querySelectorAll<HTMLElement>(FOCUSABLE) ?? [])];
    if (!all.length) return;
    const first = all[0];
    const last = all[all.length - 1];
    if (e.shiftKey && document.activeElement === first) {
      e.preventDefault();
      last.focus();
    } else if (!e.shiftKey && document.activeElement === last) {
      e.preventDefault();
      first.focus();
    }
  }

  async function copy() {
    onClose();
    try {
      await navigator.clipboard.writeText(text);
    } catch {
      // no Clipboard API (plain http on a LAN address): the older way still works in a user gesture
      const ta = document.createElement('textarea');
      ta.value = text;
      ta.setAttribute('readonly', '');
      ta.style.position = 'fixed';
      ta.style.opacity = '0';
      document.body.appendChild(ta);
      ta.select();
      document.execCommand('copy');
      ta.remove();
    }
    onCopied();
  }

  const item = (key: string, icon: keyof typeof GLYPHS | 'replies' | 'pin' | 'history', label: string, onClick: () => void, danger = false) => (
    <li key={key}>
      <button type="button" className={`sheet-item${danger ? ' danger' : ''}`} onClick={onClick} data-testid={`sheet-${key}`}>
        {icon === 'replies' || icon === 'pin' || icon === 'history' ? <Icon name={icon} size={20} /> : <Glyph name={icon} />}
        <span>{label}</span>
      </button>
    </li>
  );

  return createPortal(
    <div
      className="sheet-backdrop"
      data-testid="message-sheet-backdrop"
      // a tap that began on the backdrop closes; the lift of the long press that opened the sheet does not
      onPointerDown={(e) => (downOnBackdrop.current = e.target === e.currentTarget)}
      onClick={(e) => {
        if (e.target === e.currentTarget && downOnBackdrop.current) onClose();
      }}
    >
      <div ref={box} className="message-sheet" role="dialog" aria-modal="true" aria-labelledby={headingId} onKeyDown={onKeyDown} data-testid="message-sheet">
        <h2 id={headingId} className="visually-hidden">
          {t('chat.actions_for', { name: m.author_name ?? '' })}
        </h2>
        {text || voice ? (
          <p className="sheet-preview" dir="auto" aria-hidden="true">
            <bdi className="reply-author">{m.author_name ?? ''}</bdi> {text ? text.slice(0, 140) : t('voice.note')}
          </p>
        ) : null}
        <div className="sheet-reactions" role="group" aria-label={t('chat.quick_reactions')}>
          {QUICK_REACTIONS.map((e) => {
            const mine = reactions.some((r) => r.emoji === e && r.mine);
            return (
              <button key={e} type="button" className="sheet-reaction" aria-label={t('chat.react_with', { emoji: e })} aria-pressed={mine} onClick={() => actions.react(m, e, !mine)}>
                <span aria-hidden="true">{e}</span>
              </button>
            );
          })}
        </div>
        {confirmDelete ? (
          <div className="sheet-confirm" role="alert">
            <p>{t('chat.delete_confirm')}</p>
            <button type="button" className="btn btn-danger" onClick={() => actions.remove(m)}>
              {t('chat.delete_yes')}
            </button>
            <button type="button" className="btn" onClick={() => setConfirmDelete(false)}>
              {t('common.cancel')}
            </button>
          </div>
        ) : (
          <ul className="sheet-items">
            {canPost && !inThread ? item('reply', 'reply', t('chat.reply'), () => actions.reply(m)) : null}
            {replies > 0 && !m.reply_to && !inThread ? item('replies', 'replies', t('chat.show_replies', { n: replies }), () => actions.openThread(m)) : null}
            {text ? item('copy', 'copy', t('chat.copy_text'), () => void copy()) : null}
            {canEdit ? item('edit', 'edit', t('chat.edit'), () => actions.edit(m)) : null}
            {canPin ? item('pin', 'pin', m.pinned ? t('chat.unpin') : t('chat.pin'), () => actions.pin(m, !m.pinned)) : null}
            {own || canModerate ? item('seen', 'seen', t('chat.seen_by'), () => actions.seenBy(m)) : null}
            {m.edited_at ? item('edits', 'history', t('chat.edit_history'), () => actions.showEdits(m)) : null}
            {!own ? item('report', 'report', t('report.action'), () => actions.report(m)) : null}
            {!own && canModerate ? item('moderate', 'remove', t('moderation.remove'), () => actions.moderate(m), true) : null}
            {canDelete ? item('delete', 'trash', t('chat.delete'), () => setConfirmDelete(true), true) : null}
          </ul>
        )}
        <button type="button" className="btn sheet-cancel" onClick={onClose} data-testid="sheet-cancel">
          {t('common.cancel')}
        </button>
      </div>
    </div>,
    document.body,
  );
}
