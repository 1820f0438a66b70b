import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router-dom';
import { api } from '../../api/client';
import type { Message } from '../../api/schemas';
import { useI18n } from '../../i18n';
import { chat } from '../../state/boot';
import { messageStatus, typingNames } from '../../state/chat';
import { useStore } from '../../state/useStore';
import { sessionStore } from '../../state/session';
import { Alert } from '../../components/Field';
import { errorMessage } from '../../components/errors';
import { useChat } from './useChat';
import { useMembers } from './useMembers';
import { PresenceDot, usePresence } from './presence';
import { VirtualList, type VirtualListHandle } from './VirtualList';
import { MessageRow, PendingRow } from './MessageRow';
import { Composer, type ComposerMode } from './Composer';
import { MessageDialog } from './MessageDialog';
import { MessageSheet } from './MessageSheet';
import { OfflineBanner } from './OfflineBanner';
import { formatDay } from './format';
import { EMPTY, buildRows, estimate, type ChatRow } from './rows';
import { ConversationAvatar } from './ChatListPage';
import { useMessageActions } from './useMessageActions';
import { Icon } from '../../components/Icon';
import { searchPath } from './searchQuery';
import { mayMarkUrgent, policiesStore } from '../policies/policies';
import { AwayNotice } from '../attention/AwayNotice';


/** Newest seq actually on screen, from an IntersectionObserver over the message rows. */
function useReadTracker(conversationId: string) {
  const visible = useRef(new Set<number>());
  const flush = useCallback(() => {
    if (typeof document !== 'undefined' && document.visibilityState !== 'visible') return;
    let max = 0;
    for (const s of visible.current) if (s > max) max = s;
    if (max > 0) chat.markRead(conversationId, max);
  }, [conversationId]);
  const io = useMemo(() => {
    if (typeof IntersectionObserver === 'undefined') return null;
    return new IntersectionObserver(
      (entries) => {
        for (const e of entries) {
          const seq = Number((e.target as HTMLElement).dataset.seq);
          if (!seq) continue;
          const rootH = e.rootBounds?.height ?? window.innerHeight;
          const seen = e.isIntersecting && (e.intersectionRatio >= 0.6 || e.intersectionRect.height >= rootH * 0.5);
          if (seen) visible.current.add(seq);
          else visible.current.delete(seq);
        }
        flush();
      },
      { threshold: [0, 0.6, 1] },
    );
  }, [flush]);
  useEffect(() => {
    const onVis = () => flush();
    document.addEventListener('visibilitychange', onVis);
    window.addEventListener('focus', onVis);
    return () => {
      document.removeEventListener('visibilitychange', onVis);
      window.removeEventListener('focus', onVis);
      io?.disconnect();
      visible.current.clear();
    };
  }, [io, flush]);
  const observe = useCallback(
    (el: Element | null, prev: Element | null) => {
      if (prev) {
        io?.unobserve(prev);
        const seq = Number((prev as HTMLElement).dataset.seq);
        visible.current.delete(seq);
      }
      if (el) io?.observe(el);
    },
    [io],
  );
  return observe;
}

export function ConversationPage() {
  const { id = '' } = useParams();
  const { t, lang } = useI18n();
  const session = useStore(sessionStore);
  const me = session.status === 'signedIn' ? session.user.id : null;
  const policies = useStore(policiesStore);
  const conv = useChat((s) => s.conversations[id]);
  const cm = useChat((s) => s.messages[id]) ?? EMPTY;
  const loaded = useChat((s) => !!s.messages[id] && (s.messages[id].items.length > 0 || !s.messages[id].hasMore));
  const typingState = useChat((s) => s.typing[id]);
  const floors = useChat((s) => s.floors[id]);
  const [error, setError] = useState<unknown>(null);
  // opened without a network: the messages are asked for again when it is back
  const [attempt, setAttempt] = useState(0);
  const members = useMembers(id, !!conv?.my?.role);
  const [mode, setMode] = useState<ComposerMode>(null);
  // ?m=<message id>: show that message (the pinned list links here); it loads older pages until found
  const [params] = useSearchParams();
  const target = params.get('m');
  const [highlight, setHighlight] = useState<string | null>(null);
  const [targetChecked, setTargetChecked] = useState(false);
  const nav = useNavigate();
  const [atBottom, setAtBottom] = useState(true);
  const [markerAfter, setMarkerAfter] = useState<number | null>(null);
  const [markerSeen, setMarkerSeen] = useState(false);
  const [now, setNow] = useState(() => Date.now());
  const list = useRef<VirtualListHandle>(null);
  const observe = useReadTracker(id);

  // open: load the newest page; remember where my unread messages start (the marker stays put)
  useEffect(() => {
    setError(null);
    setMode(null);
    setMarkerSeen(false);
    setMarkerAfter(null);
    setTargetChecked(false);
    let live = true;
    chat
      .open(id)
      .then(async () => {
        if (target) {
          const found = await chat.loadUntil(id, target);
          if (!live) return;
          setHighlight(found ? target : null);
          setTargetChecked(true);
          return; // the target is shown instead of the unread marker
        }
        if (!live) return;
        const c = chat.state.conversations[id];
        const read = c?.my?.last_read_seq ?? 0;
        if (c && (c.last_seq ?? 0) > read && (c.my?.unread_count ?? 0) > 0) setMarkerAfter(read);
      })
      .catch((e) => live && setError(e));
    return () => {
      live = false;
      chat.close(id);
    };
  }, [id, target, attempt]);
  useEffect(() => {
    if (!error) return;
    const again = () => setAttempt((n) => n + 1);
    window.addEventListener('online', again);
    return () => window.removeEventListener('online', again);
  }, [error]);

  // After a reload the socket's first hello resyncs, and a resync replaces the loaded history with
  // the newest page: if the target went with it, page back to it again (once per target).
  const refound = useRef<string | null>(null);
  useEffect(() => {
    if (!target || highlight !== target || refound.current === target) return;
    if (!cm.items.length || cm.items.some((m) => m.id === target)) return;
    refound.current = target;
    void chat.loadUntil(id, target).then((found) => {
      if (found) requestAnimationFrame(() => list.current?.scrollToKey(target, 'center'));
    });
  }, [id, target, highlight, cm.items]);


  // typing entries expire
  useEffect(() => {
    if (!typingState || !Object.keys(typingState).length) return;
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [typingState]);

  const showAuthors = conv?.kind !== 'direct';
  const rows = useMemo(() => buildRows(cm, me, markerAfter, showAuthors), [cm, me, markerAfter, showAuthors]);
  const byId = useMemo(() => {
    const m = new Map<string, Message>();
    for (const x of cm.items) m.set(x.id, x);
    return m;
  }, [cm.items]);

  const canModerate = conv?.my?.role === 'owner' || conv?.my?.role === 'moderator';
  const isMember = !!conv?.my?.role;
  const canPost = isMember && conv?.my?.can_post !== false && !conv?.archived;
  const canPin = canModerate || conv?.kind === 'group' || conv?.kind === 'direct';
  const otherId = conv?.kind === 'direct' ? conv.other_person_id ?? null : null;
  const urgencyAllowed = mayMarkUrgent(policies, session.status === 'signedIn' ? session.user.role : null, conv?.my?.role);

  const jumpTo = useCallback(
    async (messageId: string) => {
      if (list.current?.scrollToKey(messageId, 'center')) return;
      // not loaded yet: page back (bounded) until it is
      if (await chat.loadUntil(id, messageId)) requestAnimationFrame(() => list.current?.scrollToKey(messageId, 'center'));
    },
    [id],
  );
  // stable callbacks: the actions object is a prop of every (memoized) message row
  const jumpToNow = useCallback((mid: string) => void jumpTo(mid), [jumpTo]);
  const openThread = useCallback(
    (m: Message, replace: boolean) => nav(`/chats/${encodeURIComponent(id)}/thread/${encodeURIComponent(m.reply_to ?? m.id)}`, { replace }),
    [id, nav],
  );
  const { actions, run, actionError, setActionError, actionsFor, closeMenu, dialog, closeDialog } = useMessageActions({
    setMode,
    jumpTo: jumpToNow,
    openThread,
  });
  // a new conversation starts with its menu closed
  useEffect(() => closeMenu(), [id, closeMenu]);

  const onNearTop = useCallback(() => {
    void chat.loadOlder(id).catch(() => undefined);
  }, [id]);

  async function jumpToUnread() {
    setMarkerSeen(true);
    if (markerAfter === null) return;
    if (list.current?.scrollToKey('unread')) return;
    for (let i = 0; i < 40; i++) {
      const items = chat.state.messages[id]?.items ?? [];
      if (items.length && items[0].seq <= markerAfter + 1) break;
      if (!(await chat.loadOlder(id))) break;
    }
    requestAnimationFrame(() => list.current?.scrollToKey('unread'));
  }

  const renderRow = (r: ChatRow) => {
    switch (r.kind) {
      case 'top':
        return r.hasMore ? (
          <LoadOlder label={t('chat.loading_older')} onVisible={onNearTop} oldest={cm.items[0]?.seq ?? 0} />
        ) : (
          <p className="list-edge">{t('chat.beginning')}</p>
        );
      case 'day':
        return (
          <div className="day-sep" role="separator" aria-label={formatDay(r.iso, lang, t('chat.today'), t('chat.yesterday'))}>
            <span>{formatDay(r.iso, lang, t('chat.today'), t('chat.yesterday'))}</span>
          </div>
        );
      case 'unread':
        return <UnreadMarker label={t('chat.new_messages')} onSeen={() => setMarkerSeen(true)} />;
      case 'msg':
        return (
          <MessageRow
            m={r.m}
            own={r.m.author_id === me}
            showAuthor={r.showAuthor}
            replyTo={r.m.reply_to ? byId.get(r.m.reply_to) : undefined}
            actionsOpen={actionsFor === r.m.id}
            canPost={canPost}
            status={r.m.author_id === me ? messageStatus(floors, r.m.seq) : null}
            actions={actions}
            observe={observe}
            highlight={highlight === r.m.id}
          />
        );
      case 'pending':
        return <PendingRow p={r.p} onRetry={() => chat.retry(id, r.p.client_id)} onDiscard={() => chat.discard(id, r.p.client_id)} />;
    }
  };

  const typing = typingNames(chat.state, id, now);
  const typingText = typing.length === 0 ? '' : typing.length === 1 ? t('chat.typing_one', { name: typing[0] }) : t('chat.typing_many', { names: typing.join('، ') });

  if (error && !conv) return <Alert>{errorMessage(t, error)}</Alert>;

  return (
    <section className="conv-view" aria-labelledby="conv-h" data-testid="conversation" data-conversation-id={id}>
      <header className="conv-head" data-testid="conversation-header">
        {/* the list is beside the conversation on a wide screen: the back button is for phones */}
        <Link to="/chats" className="btn btn-ghost btn-small conv-back conv-back-list" aria-label={t('chat.back')} data-testid="conv-back">
          <span aria-hidden="true" className="flip-rtl">
            <Icon name="back" size={22} />
          </span>
        </Link>
        {/* tapping the title opens the details, as in most chat apps */}
        <Link to={`/chats/${encodeURIComponent(id)}/info`} className="conv-title" data-testid="open-details">
          {conv ? (
            <ConversationAvatar conv={conv} className="conv-head-avatar" testId="conv-avatar" />
          ) : null}
          <span className="conv-title-text">
            <h1 id="conv-h">
              <bdi>{conv?.name ?? ''}</bdi>
            </h1>
            {conv && conv.kind !== 'direct' ? <span className="conv-sub">{t('chat.members_count', { n: conv.member_count ?? 0 })}</span> : null}
            {otherId ? <DirectPresence personId={otherId} /> : null}
          </span>
          <span className="conv-info-icon" aria-hidden="true">
            <Icon name="info" size={22} />
          </span>
          <span className="visually-hidden">{t('chat.details')}</span>
        </Link>
        <Link to={searchPath({ conversation: id })} className="btn btn-ghost btn-small conv-search" data-testid="search-conversation-link">
          <Icon name="search" />
          <span className="visually-hidden">{t('search.in_conversation')}</span>
        </Link>
      </header>
      <OfflineBanner />
      {conv?.external_count ? (
        <p className="external-banner" data-testid="external-banner">
          {t('chat.has_externals', { n: conv.external_count })}
        </p>
      ) : null}
      {error ? <Alert>{t('chat.load_error')}</Alert> : null}
      {actionError ? <Alert>{errorMessage(t, actionError)}</Alert> : null}
      <div className="conv-body">
        {/* what I send before the messages could load (offline) is shown all the same */}
        {(loaded && (!target || targetChecked)) || cm.pending.length > 0 ? (
          <VirtualList
            key={id}
            ref={list}
            rows={rows}
            renderRow={renderRow}
            estimate={estimate}
            onNearTop={cm.hasMore ? onNearTop : undefined}
            onAtBottomChange={setAtBottom}
            initialKey={target && highlight === target ? target : markerAfter !== null ? 'unread' : null}
            className="msg-list"
            label={t('chat.messages_label')}
            testId="message-list"
          />
        ) : (
          <p role="status" className="list-edge">
            {t('common.loading')}
          </p>
        )}
        <div className="floating">
          {markerAfter !== null && !markerSeen ? (
            <button type="button" className="btn btn-small jump" onClick={() => void jumpToUnread()} data-testid="jump-unread">
              {t('chat.jump_unread')}
            </button>
          ) : null}
          {!atBottom ? (
            <button type="button" className="btn btn-small jump" onClick={() => list.current?.scrollToBottom()}>
              {t('chat.jump_latest')}
            </button>
          ) : null}
        </div>
      </div>
      <p className="typing" aria-live="polite" data-testid="typing">
        {typingText}
      </p>
      {conv && !isMember && conv.kind === 'channel' ? (
        <div className="composer-note">
          <span>{t('chat.not_member')}</span>
          <button
            type="button"
            className="btn btn-primary btn-small"
            onClick={() =>
              void api
                .join(id)
                .then((c) => chat.upsertConversation(c))
                .catch(setActionError)
            }
          >
            {t('chat.join')}
          </button>
        </div>
      ) : conv?.archived ? (
        <p className="composer-note">{t('chat.archived')}</p>
      ) : conv && isMember && !canPost ? (
        <p className="composer-note" data-testid="read-only-note">
          {t('chat.only_posters')}
        </p>
      ) : conv ? (
        <>
          {otherId ? <AwayNotice personId={otherId} name={conv.name} /> : null}
          <Composer
            conversationId={id}
            members={members}
            me={me}
            mode={mode}
            onCancelMode={() => setMode(null)}
            onTyping={() => chat.typing(id)}
            urgencyAllowed={urgencyAllowed}
            onSend={(text, attachmentIds, urgency) => {
              chat.send(id, text, { replyTo: mode?.kind === 'reply' ? mode.message.id : null, attachmentIds, urgency: urgency ?? undefined });
              setMode(null);
              requestAnimationFrame(() => list.current?.scrollToBottom());
            }}
            onEdit={async (m, text) => {
              await run(() => api.editMessage(m.id, text));
            }}
          />
        </>
      ) : null}
      <MessageSheet
        message={actionsFor ? byId.get(actionsFor) ?? null : null}
        me={me}
        canModerate={canModerate}
        canPin={canPin && isMember}
        canPost={canPost}
        actions={actions}
        onClose={closeMenu}
      />
      <MessageDialog dialog={dialog} conversationId={id} onClose={closeDialog} />
    </section>
  );
}

/** Rendered only near the viewport (windowing): while it is, keep loading older pages. */
function LoadOlder({ label, onVisible, oldest }: { label: string; onVisible: () => void; oldest: number }) {
  useEffect(() => {
    const timer = setTimeout(onVisible, 50);
    return () => clearTimeout(timer);
  }, [onVisible, oldest]);
  return (
    <p className="list-edge" role="status">
      {label}
    </p>
  );
}

function UnreadMarker({ label, onSeen }: { label: string; onSeen: () => void }) {
  useEffect(() => {
    onSeen();
  }, [onSeen]);
  return (
    <div className="unread-sep" data-testid="unread-marker">
      <span>{label}</span>
    </div>
  );
}

/** "Online" / "Offline" under a direct conversation's title, live. */
function DirectPresence({ personId }: { personId: string }) {
  const { t } = useI18n();
  const online = usePresence(useMemo(() => [personId], [personId]))[personId];
  return (
    <span className="conv-sub" data-testid="direct-presence">
      <PresenceDot online={online} decorative /> {online ? t('chat.presence_online') : t('chat.presence_offline')}
    </span>
  );
}
