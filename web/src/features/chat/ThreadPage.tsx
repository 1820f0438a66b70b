import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { api } from '../../api/client';
import type { Message } from '../../api/schemas';
import { useI18n } from '../../i18n';
import { chat } from '../../state/boot';
import { messageStatus, type PendingMessage } from '../../state/chat';
import { useStore } from '../../state/useStore';
import { sessionStore } from '../../state/session';
import { Alert } from '../../components/Field';
import { errorMessage } from '../../components/errors';
import { useChat } from './useChat';
import { useMembers } from './useMembers';
import { MessageRow, PendingRow, replyCountLabel } from './MessageRow';
import { Composer, type ComposerMode } from './Composer';
import { MessageDialog } from './MessageDialog';
import { MessageSheet } from './MessageSheet';
import { OfflineBanner } from './OfflineBanner';
import { useMessageActions } from './useMessageActions';

const NO_PENDING: PendingMessage[] = [];
const enc = encodeURIComponent;
// threads are short: no windowing, and read positions stay with the conversation view
const noObserve = () => undefined;

/** One thread: the root message, its replies (live), and a composer that replies to the root. */
export function ThreadPage() {
  const { id = '', messageId: rootId = '' } = useParams();
  const { t } = useI18n();
  const nav = useNavigate();
  const session = useStore(sessionStore);
  const me = session.status === 'signedIn' ? session.user.id : null;
  const conv = useChat((s) => s.conversations[id]);
  const thread = useChat((s) => s.threads[rootId]);
  const floors = useChat((s) => s.floors[id]);
  const allPending = useChat((s) => s.messages[id]?.pending ?? NO_PENDING);
  const pending = useMemo(() => allPending.filter((p) => p.reply_to === rootId), [allPending, rootId]);
  const [error, setError] = useState<unknown>(null);
  const [mode, setMode] = useState<ComposerMode>(null);
  const members = useMembers(id, !!conv?.my?.role);
  const [loadingOlder, setLoadingOlder] = useState(false);
  const scroller = useRef<HTMLDivElement>(null);
  const atBottom = useRef(true);

  useEffect(() => {
    setError(null);
    atBottom.current = true;
    chat.openThread(id, rootId).catch(setError);
    return () => chat.closeThread(id, rootId);
  }, [id, rootId]);


  // new replies (mine or live ones) stay in view while the reader is at the bottom
  const count = (thread?.items.length ?? 0) + pending.length;
  useLayoutEffect(() => {
    const el = scroller.current;
    if (el && atBottom.current) el.scrollTop = el.scrollHeight;
  }, [count, thread?.loaded, thread?.root]);

  const openThread = useCallback(() => undefined, []);
  const jumpTo = useCallback((mid: string) => nav(`/chats/${enc(id)}?m=${enc(mid)}`), [id, nav]);
  const { actions, run, actionError, actionsFor, closeMenu, dialog, closeDialog } = useMessageActions({ setMode, jumpTo, openThread });

  const canModerate = conv?.my?.role === 'owner' || conv?.my?.role === 'moderator';
  const isMember = !!conv?.my?.role;
  const canPost = isMember && conv?.my?.can_post !== false && !conv?.archived;
  const canPin = isMember && (canModerate || conv?.kind === 'group' || conv?.kind === 'direct');
  const root = thread?.root ?? null;
  const replies = thread?.items ?? [];

  const row = (m: Message, showAuthor: boolean) => (
    <MessageRow
      key={m.id}
      m={m}
      own={m.author_id === me}
      showAuthor={showAuthor}
      replyTo={undefined}
      actionsOpen={actionsFor === m.id}
      canPost={canPost}
      status={m.author_id === me ? messageStatus(floors, m.seq) : null}
      actions={actions}
      observe={noObserve}
      inThread
    />
  );

  async function loadOlder() {
    setLoadingOlder(true);
    const el = scroller.current;
    const fromBottom = el ? el.scrollHeight - el.scrollTop : 0;
    try {
      await chat.loadReplies(rootId, true);
      // keep the reader where they were: older replies come in above
      requestAnimationFrame(() => {
        if (el) el.scrollTop = el.scrollHeight - fromBottom;
      });
    } catch (e) {
      setError(e);
    } finally {
      setLoadingOlder(false);
    }
  }

  return (
    <section className="conv-view" aria-labelledby="thread-h" data-testid="thread" data-root-id={rootId}>
      <header className="conv-head">
        <Link to={`/chats/${enc(id)}`} className="btn btn-ghost btn-small conv-back" aria-label={t('chat.back_to_conversation')}>
          <span aria-hidden="true" className="flip-rtl">
            ←
          </span>
        </Link>
        <div className="conv-title-text">
          <h1 id="thread-h">{t('thread.title')}</h1>
          <span className="conv-sub">
            <bdi>{conv?.name ?? ''}</bdi>
          </span>
        </div>
      </header>
      <OfflineBanner />
      {error ? <Alert>{t('thread.load_error')}</Alert> : null}
      {actionError ? <Alert>{errorMessage(t, actionError)}</Alert> : null}
      <div className="conv-body">
        <div
          ref={scroller}
          className="msg-list thread-list"
          role="log"
          aria-label={t('thread.replies_label')}
          tabIndex={0}
          data-testid="thread-list"
          onScroll={(e) => {
            const el = e.currentTarget;
            atBottom.current = el.scrollHeight - el.scrollTop - el.clientHeight < 48;
          }}
        >
          {root ? row(root, root.author_id !== me) : thread?.loaded ? <p className="list-edge">{t('thread.root_missing')}</p> : null}
          {thread?.loaded ? (
            <div className="thread-sep" role="separator" aria-label={replies.length ? replyCountLabel(t, Math.max(root?.reply_count ?? 0, replies.length)) : t('thread.no_replies')}>
              <span>{replies.length ? replyCountLabel(t, Math.max(root?.reply_count ?? 0, replies.length)) : t('thread.no_replies')}</span>
            </div>
          ) : (
            <p role="status" className="list-edge">
              {t('common.loading')}
            </p>
          )}
          {thread?.hasMore ? (
            <p className="list-edge">
              <button type="button" className="btn btn-small" onClick={() => void loadOlder()} disabled={loadingOlder}>
                {t('thread.load_older')}
              </button>
            </p>
          ) : null}
          {replies.map((m, i) => row(m, m.author_id !== me && replies[i - 1]?.author_id !== m.author_id))}
          {pending.map((p) => (
            <PendingRow key={p.client_id} p={p} onRetry={() => chat.retry(id, p.client_id)} onDiscard={() => chat.discard(id, p.client_id)} />
          ))}
        </div>
      </div>
      {conv?.archived ? (
        <p className="composer-note">{t('chat.archived')}</p>
      ) : conv && isMember && !canPost ? (
        <p className="composer-note">{t('chat.only_posters')}</p>
      ) : conv && isMember ? (
        <Composer
          // the composer clears its draft when this changes: one draft per thread
          conversationId={`${id}/${rootId}`}
          members={members}
          me={me}
          mode={mode}
          onCancelMode={() => setMode(null)}
          onTyping={() => chat.typing(id)}
          onSend={(text, attachmentIds) => {
            atBottom.current = true;
            chat.send(id, text, { replyTo: rootId, attachmentIds });
          }}
          onEdit={async (m, text) => {
            await run(() => api.editMessage(m.id, text));
          }}
        />
      ) : null}
      <MessageSheet
        message={actionsFor ? (root?.id === actionsFor ? root : replies.find((x) => x.id === actionsFor) ?? null) : null}
        me={me}
        canModerate={canModerate}
        canPin={canPin}
        canPost={canPost}
        inThread
        actions={actions}
        onClose={closeMenu}
      />
      <MessageDialog dialog={dialog} conversationId={id} onClose={closeDialog} />
    </section>
  );
}
