import { useEffect, useId, useLayoutEffect, useRef, useState, type FormEvent, type KeyboardEvent } from 'react';
import type { Attachment, Member, Message, Urgency } from '../../api/schemas';
import { uploadAttachment } from '../../api/upload';
import { ApiError } from '../../api/http';
import { errorMessage, retryCannotHelp } from '../../components/errors';
import { Icon } from '../../components/Icon';
import { useI18n } from '../../i18n';
import { plainText } from './markdown';
import { formatSize } from './format';
import { attachmentTooBig, policiesStore } from '../policies/policies';
import { UrgencyPicker } from './UrgencyPicker';
import { useStore } from '../../state/useStore';
import { effectiveEnterSends, enterAction, enterSendsChoice } from './enterKey';
import { VoiceRecorder } from './voice/VoiceRecorder';
import { isAudio } from './voice/voiceFormat';

export type ComposerMode = { kind: 'reply'; message: Message } | { kind: 'edit'; message: Message } | null;

interface Props {
  conversationId: string;
  members: Member[];
  me: string | null;
  mode: ComposerMode;
  onCancelMode: () => void;
  onSend: (text: string, attachmentIds: string[], urgency: Urgency | null) => void;
  /** The send_urgent policy lets this person mark messages important or urgent here. */
  urgencyAllowed?: boolean;
  onEdit: (message: Message, text: string) => Promise<void>;
  onTyping: () => void;
}

interface Upload {
  key: string;
  file: File;
  progress: number;
  state: 'uploading' | 'done' | 'failed';
  /** The organization's size limit this file is over: refused here, never uploaded. */
  tooBig?: number;
  attachment?: Attachment;
  error?: unknown;
  /** A local URL of the picked image, shown before it is sent; revoked when the upload leaves the composer. */
  preview?: string;
}

const refusedType = (e: unknown) => e instanceof ApiError && e.code === 'unsupported_media_type';

/** The server's limit, in characters (code points, as the server counts them). */
export const MAX_MESSAGE_CHARS = 10_000;
const COUNT_FROM = 9_000;

const MENTION_QUERY = /(^|\s)@([^\s@[\]()]{0,30})$/;

/**
 * Multi-line composer; @ opens member suggestions. Enter sends on a desktop (Shift+Enter adds a
 * line) and adds a line on a phone, where the send button sends (enterKey.ts; a setting changes it).
 */
export function Composer({ conversationId, members, me, mode, onCancelMode, onSend, onEdit, onTyping, urgencyAllowed = false }: Props) {
  const { t, lang } = useI18n();
  const id = useId();
  const ref = useRef<HTMLTextAreaElement>(null);
  const [text, setText] = useState('');
  const [caret, setCaret] = useState(0);
  const [active, setActive] = useState(0);
  const [dismissed, setDismissed] = useState(false);
  const draftBeforeEdit = useRef('');
  const [uploads, setUploads] = useState<Upload[]>([]);
  const fileRef = useRef<HTMLInputElement>(null);
  const uploadSeq = useRef(0);
  const [urgency, setUrgency] = useState<Urgency | null>(null);
  const enterSends = effectiveEnterSends(useStore(enterSendsChoice));
  const policies = useStore(policiesStore);

  function patchUpload(key: string, patch: Partial<Upload>) {
    setUploads((list) => list.map((u) => (u.key === key ? { ...u, ...patch } : u)));
  }
  function startUpload(u: Upload) {
    patchUpload(u.key, { state: 'uploading', progress: 0, error: undefined });
    uploadAttachment(u.file, (f) => patchUpload(u.key, { progress: f }))
      .then((attachment) => patchUpload(u.key, { state: 'done', attachment, progress: 1 }))
      .catch((error) => {
        patchUpload(u.key, { state: 'failed', error });
        // a network failure retries by itself once the browser is back online
        if (error instanceof ApiError && error.code === 'network') {
          const again = () => {
            window.removeEventListener('online', again);
            setUploads((list) => {
              const cur = list.find((x) => x.key === u.key);
              if (cur && cur.state === 'failed') setTimeout(() => startUpload(cur), 0);
              return list;
            });
          };
          window.addEventListener('online', again);
        }
      });
  }
  function dropUploads(which: (u: Upload) => boolean) {
    setUploads((list) => {
      list.filter(which).forEach((u) => u.preview && URL.revokeObjectURL(u.preview));
      return list.filter((u) => !which(u));
    });
  }
  function addFiles(files: FileList | null) {
    if (!files) return;
    const limits = policiesStore.get();
    const added: Upload[] = [...files].map((file) => {
      const tooBig = attachmentTooBig(limits, file.size) ?? undefined;
      return {
        key: `u${++uploadSeq.current}`,
        file,
        progress: 0,
        state: tooBig ? 'failed' : 'uploading',
        tooBig,
        preview: !tooBig && file.type.startsWith('image/') ? URL.createObjectURL(file) : undefined,
      };
    });
    setUploads((list) => [...list, ...added]);
    added.filter((u) => !u.tooBig).forEach(startUpload);
  }

  // switch into/out of edit mode
  useEffect(() => {
    if (mode?.kind === 'edit') {
      draftBeforeEdit.current = text;
      setText(mode.message.text);
    }
    if (mode) ref.current?.focus();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [mode]);

  // a draft, its files and its urgency belong to one conversation
  useEffect(() => {
    setText('');
    setUrgency(null);
    dropUploads(() => true);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [conversationId]);
  const uploadsNow = useRef(uploads);
  uploadsNow.current = uploads;
  useEffect(() => () => uploadsNow.current.forEach((u) => u.preview && URL.revokeObjectURL(u.preview)), []);

  // grow with the text, up to about eight lines
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    el.style.blockSize = 'auto';
    el.style.blockSize = `${Math.min(el.scrollHeight + 2, 200)}px`;
  }, [text]);

  const length = text.length > COUNT_FROM ? [...text].length : text.length;
  const tooLong = length > MAX_MESSAGE_CHARS;
  const before = text.slice(0, caret);
  const q = MENTION_QUERY.exec(before);
  const query = q ? q[2].toLowerCase() : null;
  const suggestions =
    query === null || dismissed
      ? []
      : members.filter((m) => m.person_id !== me && m.name.toLowerCase().includes(query)).slice(0, 6);
  const open = suggestions.length > 0;
  const listId = `${id}-mentions`;

  function pick(m: Member) {
    const start = before.length - (q ? q[2].length + 1 : 0);
    const insert = `@[${m.name.replace(/[[\]]/g, '')}](${m.person_id}) `;
    const next = text.slice(0, start) + insert + text.slice(caret);
    setText(next);
    const pos = start + insert.length;
    setCaret(pos);
    requestAnimationFrame(() => {
      ref.current?.focus();
      ref.current?.setSelectionRange(pos, pos);
    });
  }

  async function submit(e?: FormEvent) {
    e?.preventDefault();
    const value = text.trim();
    const ready = uploads.filter((u) => u.state === 'done' && u.attachment).map((u) => u.attachment!.id);
    const busy = uploads.some((u) => u.state !== 'done');
    if (tooLong) return; // the text stays; the counter says what to do
    if (mode?.kind !== 'edit' && (busy || (!value && !ready.length))) return;
    if (mode?.kind === 'edit' && !value) return;
    if (mode?.kind === 'edit') {
      if (value !== mode.message.text) await onEdit(mode.message, value);
      setText(draftBeforeEdit.current);
      onCancelMode();
      return;
    }
    onSend(value, ready, urgencyAllowed ? urgency : null);
    setUrgency(null);
    dropUploads(() => true);
    setText('');
    setCaret(0);
  }

  function onKeyDown(e: KeyboardEvent<HTMLTextAreaElement>) {
    if (open) {
      if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
        e.preventDefault();
        const d = e.key === 'ArrowDown' ? 1 : -1;
        setActive((a) => (a + d + suggestions.length) % suggestions.length);
        return;
      }
      if (e.key === 'Enter' || e.key === 'Tab') {
        e.preventDefault();
        pick(suggestions[Math.min(active, suggestions.length - 1)]);
        return;
      }
      if (e.key === 'Escape') {
        e.preventDefault();
        setDismissed(true);
        return;
      }
    }
    if (e.key === 'Escape' && mode) {
      e.preventDefault();
      if (mode.kind === 'edit') setText(draftBeforeEdit.current);
      onCancelMode();
      return;
    }
    const act = enterAction({ key: e.key, shiftKey: e.shiftKey, ctrlKey: e.ctrlKey, metaKey: e.metaKey, isComposing: e.nativeEvent.isComposing, keyCode: e.keyCode }, enterSends);
    if (act === 'send') {
      e.preventDefault();
      void submit();
    }
  }

  // with nothing typed or attached, the microphone takes the send button's place (unless the organization refuses audio)
  const voice = mode?.kind !== 'edit' && !text.trim() && !uploads.length && (!policies || policies.attachment_kinds.includes('audio'));

  return (
    <form className="composer" onSubmit={submit} data-testid="composer">
      {mode ? (
        <div className="composer-mode">
          <span className="composer-mode-text">
            <strong>{mode.kind === 'edit' ? t('chat.editing') : t('chat.replying_to', { name: mode.message.author_name ?? '' })}</strong>
            {mode.kind === 'reply' ? (
              <span className="composer-quote" dir="auto">
                {plainText(mode.message.text).slice(0, 120) || (mode.message.attachments?.some((x) => isAudio(x.content_type)) ? t('voice.note') : '')}
              </span>
            ) : null}
          </span>
          <button
            type="button"
            className="btn btn-ghost btn-small"
            onClick={() => {
              if (mode.kind === 'edit') setText(draftBeforeEdit.current);
              onCancelMode();
            }}
          >
            {mode.kind === 'edit' ? t('chat.cancel_edit') : t('chat.cancel_reply')}
          </button>
        </div>
      ) : null}
      {urgency && urgencyAllowed && mode?.kind !== 'edit' ? (
        <div className={`composer-mode urgency-${urgency}`} data-testid="urgency-chip">
          <span className="composer-mode-text">
            <strong>{t(`urgency.${urgency}`)}</strong>
            <span className="composer-quote">{t(`urgency.${urgency}_hint`)}</span>
          </span>
          <button type="button" className="btn btn-ghost btn-small" onClick={() => setUrgency(null)}>
            {t('urgency.clear')}
          </button>
        </div>
      ) : null}
      {open ? (
        <ul className="mention-list" role="listbox" id={listId} aria-label={t('chat.mention_suggestions')}>
          {suggestions.map((m, i) => (
            <li
              key={m.person_id}
              id={`${listId}-${i}`}
              role="option"
              aria-selected={i === active}
              className={i === active ? 'active' : ''}
              onMouseDown={(e) => {
                e.preventDefault();
                pick(m);
              }}
            >
              <bdi>{m.name}</bdi>
            </li>
          ))}
        </ul>
      ) : null}
      {uploads.length ? (
        <ul className="uploads">
          {uploads.map((u) => (
            <li key={u.key} className={`upload upload-${u.state}`} data-testid="upload">
              {u.preview ? <img className="upload-preview" src={u.preview} alt="" /> : <Icon name="file" />}
              <bdi className="upload-name">{u.file.name}</bdi>
              <bdi className="att-size">{formatSize(u.file.size, lang)}</bdi>
              {u.state === 'uploading' ? (
                <progress max={1} value={u.progress} aria-label={t('chat.uploading', { name: u.file.name, pct: Math.round(u.progress * 100) })} />
              ) : null}
              {u.tooBig ? (
                <span className="field-error" role="alert">
                  {t('upload.too_big_policy', { name: u.file.name, max: formatSize(u.tooBig, lang) })}
                </span>
              ) : u.state === 'failed' ? (
                <>
                  <span className="field-error" role="alert">
                    {t('chat.upload_failed', { name: u.file.name })} {refusedType(u.error) ? t('chat.upload_type_refused') : errorMessage(t, u.error)}
                  </span>
                  {u.error instanceof ApiError && retryCannotHelp(u.error.code) ? null : (
                    <button type="button" className="btn btn-small" onClick={() => startUpload(u)}>
                      {t('chat.retry')}
                    </button>
                  )}
                </>
              ) : null}
              <button
                type="button"
                className="btn btn-small btn-ghost"
                aria-label={t('chat.remove_attachment', { name: u.file.name })}
                onClick={() => dropUploads((x) => x.key === u.key)}
              >
                <span aria-hidden="true">×</span>
              </button>
            </li>
          ))}
        </ul>
      ) : null}
      <div className="composer-row">
        {mode?.kind !== 'edit' ? (
          <>
            <input
              ref={fileRef}
              type="file"
              multiple
              className="visually-hidden"
              tabIndex={-1}
              aria-hidden="true"
              onChange={(e) => {
                addFiles(e.target.files);
                e.target.value = '';
              }}
              data-testid="file-input"
            />
            <button type="button" className="btn btn-ghost composer-attach" aria-label={t('chat.attach')} onClick={() => fileRef.current?.click()}>
              <Icon name="attach" size={22} />
            </button>
            {urgencyAllowed ? <UrgencyPicker value={urgency} onChange={setUrgency} /> : null}
          </>
        ) : null}
        <label htmlFor={`${id}-ta`} className="visually-hidden">
          {t('chat.composer_label')}
        </label>
        <textarea
          id={`${id}-ta`}
          ref={ref}
          rows={1}
          dir="auto"
          value={text}
          placeholder={t('chat.composer_placeholder')}
          aria-describedby={`${id}-hint`}
          // the phone keyboard's Enter key says what it will do
          enterKeyHint={enterSends ? 'send' : 'enter'}
          role="combobox"
          aria-autocomplete="list"
          aria-expanded={open}
          aria-controls={open ? listId : undefined}
          aria-activedescendant={open ? `${listId}-${Math.min(active, suggestions.length - 1)}` : undefined}
          onChange={(e) => {
            setText(e.target.value);
            setCaret(e.target.selectionStart ?? e.target.value.length);
            setDismissed(false);
            setActive(0);
            if (e.target.value) onTyping();
          }}
          onSelect={(e) => setCaret((e.target as HTMLTextAreaElement).selectionStart ?? 0)}
          onKeyDown={onKeyDown}
          data-testid="composer-input"
        />
        {voice ? (
          <VoiceRecorder
            key={conversationId}
            onRecorded={(attachment) => {
              onSend('', [attachment.id], urgencyAllowed ? urgency : null);
              setUrgency(null);
            }}
          />
        ) : (
          <button
            type="submit"
            className="btn btn-primary composer-send"
            data-testid="composer-send"
            // a tap on send keeps the focus (and the phone's keyboard) in the text box
            onMouseDown={(e) => e.preventDefault()}
            disabled={tooLong || (!text.trim() && !uploads.some((u) => u.state === 'done'))} aria-label={mode?.kind === 'edit' ? t('chat.save_edit') : t('chat.send')}>
            <span aria-hidden="true" className="send-icon">
              ➤
            </span>
          </button>
        )}
      </div>
      <p id={`${id}-hint`} className="visually-hidden">
        {enterSends ? t('chat.composer_hint') : t('chat.composer_hint_newline')}
      </p>
      {length > COUNT_FROM ? (
        <p className={tooLong ? 'field-error composer-count' : 'hint composer-count'} role={tooLong ? 'alert' : undefined} data-testid="composer-count">
          {t(tooLong ? 'chat.too_long' : 'chat.chars_left', { n: Math.abs(MAX_MESSAGE_CHARS - length), max: MAX_MESSAGE_CHARS })}
        </p>
      ) : null}
    </form>
  );
}
