/**
 * The chat store: conversations, messages and read state, fed by server events (no DOM).
 *
 * - `reduceFrame` / `reduceEvent` are pure: (state, frame) -> (state, effects). ONE exhaustive switch
 *   over event kinds (Zulip); a new kind in the schema fails to compile until it is handled here.
 * - Sequence numbers (Mattermost): every stored event carries the person's seq. The store keeps the
 *   last seq it applied; after a reconnect the socket asks the server to resume after it; a
 *   duplicate (seq <= last) is dropped, a gap (seq > last + 1) or a `resync` frame refetches the
 *   conversation list and the open conversation's messages.
 * - Messages per conversation are kept in ascending seq, unique by id. Own sends are optimistic:
 *   a pending entry with a client-generated `client_id` (`newClientId`, time-ordered) is shown at once and is
 *   replaced when the server's copy arrives (over HTTP or the socket, whichever comes first). A
 *   retry re-sends the same client_id, so the server never stores it twice.
 * - `ChatStore` runs the effects (HTTP calls) through an injectable API so it is unit-testable.
 */
import { createStore, type Store } from './store';
import type { ChatEvent, Conversation, Message, Notice, Urgency, WsMessage } from '../api/schemas';
import { chatEventSchema } from '../api/schemas';
import type { ChatApi } from '../api/client';
import { ApiError } from '../api/http';
import { indexOfSeq, mergeMessages } from './messages';
import { dropThreads, emptyThread, repliesLoaded, replyCreated, threadMessageUpdated, type ThreadState } from './threads';
import { newClientId } from './clientId';

export { indexOfSeq, mergeMessages } from './messages';
export type { ThreadState } from './threads';

export type SendState = 'sending' | 'queued' | 'failed';

export interface PendingMessage {
  client_id: string;
  conversation_id: string;
  text: string;
  reply_to: string | null;
  attachment_ids: string[];
  /** important or urgent; kept with the message while it waits in the outbox */
  urgency?: Urgency;
  created_at: string;
  state: SendState;
  /** Error code of the last failure (failed state). */
  error?: string;
  /** The server's own words for a refusal (e.g. which content rule blocked it, until when a suspension lasts). */
  detail?: string;
}

export interface ConvMessages {
  /** Ascending seq, unique ids. */
  items: Message[];
  /** Older messages exist on the server (load with ?before=items[0].seq). */
  hasMore: boolean;
  pending: PendingMessage[];
}

export type SocketStatus = 'connecting' | 'open' | 'offline';

export interface ChatState {
  me: string | null;
  conversations: Record<string, Conversation>;
  /** The conversation list has been fetched at least once. */
  listLoaded: boolean;
  messages: Record<string, ConvMessages>;
  /** Last event seq applied (null until the first hello). */
  lastSeq: number | null;
  /** Newest seq the server announced in its last hello. */
  helloSeq: number | null;
  typing: Record<string, Record<string, { name: string; at: number }>>;
  online: Record<string, boolean>;
  /** The people whose presence this client watches (the server tells only about them). */
  watched: string[];
  /**
   * Per conversation, the seqs every member has received and read (the status marks on one's own
   * messages); absent: not known yet, or too many members to say.
   */
  floors: Record<string, Floors>;
  /** Bumped on read/delivered events of others: "seen by" views refetch. */
  receiptsVersion: Record<string, number>;
  /** Bumped on member changes. */
  membersVersion: Record<string, number>;
  /** Threads the thread view fetched, by root message id; kept live from message events. */
  threads: Record<string, ThreadState>;
  openId: string | null;
  /** Notices (warning, suspension, a report's outcome) that arrived live and are not dismissed yet. */
  liveNotices: Notice[];
  socket: SocketStatus;
  resyncs: number;
}

export const initialChatState: ChatState = {
  me: null,
  conversations: {},
  listLoaded: false,
  messages: {},
  lastSeq: null,
  helloSeq: null,
  typing: {},
  online: {},
  watched: [],
  floors: {},
  receiptsVersion: {},
  membersVersion: {},
  threads: {},
  liveNotices: [],
  openId: null,
  socket: 'connecting',
  resyncs: 0,
};

export type Effect =
  // initial: the first hello, right after the app loaded what it shows (nothing to distrust yet)
  | { type: 'resync'; initial?: boolean }
  | { type: 'delivered'; conversationId: string; seq: number }
  | { type: 'fetchConversation'; conversationId: string };

export interface Reduced {
  state: ChatState;
  effects: Effect[];
}

// --- helpers ------------------------------------------------------------------------------------

function activityTime(c: Conversation): string {
  return c.last_message?.created_at ?? c.created_at ?? '';
}

/** Pinned first, then by newest activity. */
export function sortedConversations(state: ChatState): Conversation[] {
  return Object.values(state.conversations).sort((a, b) => {
    const pa = a.my?.pinned ? 1 : 0;
    const pb = b.my?.pinned ? 1 : 0;
    if (pa !== pb) return pb - pa;
    const ta = activityTime(a);
    const tb = activityTime(b);
    if (ta !== tb) return ta < tb ? 1 : -1;
    return a.id < b.id ? -1 : 1;
  });
}

export function mentionsMe(m: Message, me: string | null): boolean {
  return !!m.mentions_all || (!!me && (m.mentions ?? []).includes(me));
}

function withMy(c: Conversation, my: Partial<NonNullable<Conversation['my']>>): Conversation {
  return { ...c, my: { ...(c.my ?? {}), ...my } };
}

/**
 * Moves my read position forward to `seq` and recomputes the unread counts from what is loaded
 * (exact when the loaded messages cover everything after `seq`, else the server's count stays).
 */
function readUpTo(state: ChatState, conversationId: string, seq: number): ChatState {
  const c = state.conversations[conversationId];
  if (!c) return state;
  const prev = c.my?.last_read_seq ?? 0;
  if (seq <= prev) return state;
  const lastSeq = c.last_seq ?? 0;
  let unread = c.my?.unread_count ?? 0;
  let mentions = c.my?.mention_count ?? 0;
  if (seq >= lastSeq) {
    unread = 0;
    mentions = 0;
  } else {
    const cm = state.messages[conversationId];
    if (cm && cm.items.length && cm.items[0].seq <= seq + 1) {
      unread = 0;
      mentions = 0;
      for (const m of cm.items) {
        if (m.seq > seq && m.author_id !== state.me && !m.deleted) {
          unread++;
          if (mentionsMe(m, state.me)) mentions++;
        }
      }
    }
  }
  return {
    ...state,
    conversations: { ...state.conversations, [conversationId]: withMy(c, { last_read_seq: seq, unread_count: unread, mention_count: mentions }) },
  };
}

/** The fields an event actually carries (absent ones must not overwrite what we hold). */
function definedFields<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

function setConv(state: ChatState, c: Conversation): ChatState {
  return { ...state, conversations: { ...state.conversations, [c.id]: c } };
}

function bump(map: Record<string, number>, key: string): Record<string, number> {
  return { ...map, [key]: (map[key] ?? 0) + 1 };
}

/** A message the server stored: insert it, drop the optimistic copy, update the conversation. */
export function messageCreated(state: ChatState, m: Message): Reduced {
  const effects: Effect[] = [];
  // a reply first: whether it is new is judged before it is merged below
  let next = replyCreated(state, m);
  const cm = next.messages[m.conversation_id];
  if (cm) {
    const pending = m.client_id ? cm.pending.filter((p) => p.client_id !== m.client_id) : cm.pending;
    // only append to a list that holds the newest page (a conversation is loaded from the newest page down)
    next = { ...next, messages: { ...next.messages, [m.conversation_id]: { ...cm, items: mergeMessages(cm.items, [m]), pending } } };
  }
  const c = next.conversations[m.conversation_id];
  if (!c) {
    effects.push({ type: 'fetchConversation', conversationId: m.conversation_id });
  } else {
    const isNew = m.seq > (c.last_seq ?? 0);
    let nc: Conversation = c;
    if (isNew) nc = { ...nc, last_seq: m.seq, last_message: m };
    else if (nc.last_message?.id === m.id) nc = { ...nc, last_message: m };
    next = setConv(next, nc);
    if (m.author_id === next.me) {
      // writing is reading: everything up to my own message is read
      next = readUpTo(next, m.conversation_id, m.seq);
    } else if (isNew && m.seq > (nc.my?.last_read_seq ?? 0)) {
      next = setConv(
        next,
        withMy(nc, {
          unread_count: (nc.my?.unread_count ?? 0) + 1,
          mention_count: (nc.my?.mention_count ?? 0) + (mentionsMe(m, next.me) ? 1 : 0),
        }),
      );
    }
  }
  if (m.author_id !== next.me) {
    effects.push({ type: 'delivered', conversationId: m.conversation_id, seq: m.seq });
    const typing = next.typing[m.conversation_id];
    if (typing && typing[m.author_id]) {
      const { [m.author_id]: _gone, ...rest } = typing;
      void _gone;
      next = { ...next, typing: { ...next.typing, [m.conversation_id]: rest } };
    }
  }
  return { state: next, effects };
}

/** An edited/deleted/reacted/pinned message: replace the copy we hold. */
export function messageUpdated(state: ChatState, m: Message): ChatState {
  let next = threadMessageUpdated(state, m);
  const cm = next.messages[m.conversation_id];
  if (cm && cm.items.length && m.seq >= cm.items[0].seq) {
    const i = indexOfSeq(cm.items, m.seq);
    if (i >= 0) {
      const items = cm.items.slice();
      items[i] = m;
      next = { ...next, messages: { ...next.messages, [m.conversation_id]: { ...cm, items } } };
    }
  }
  const c = next.conversations[m.conversation_id];
  if (c && c.last_message?.id === m.id) next = setConv(next, { ...c, last_message: m });
  return next;
}

/** Events are the same for every member: work out which reactions are mine from who reacted. */
export function withMine(m: Message, me: string | null): Message {
  if (!m.reactions?.length) return m;
  return { ...m, reactions: m.reactions.map((r) => (r.person_ids ? { ...r, mine: !!me && r.person_ids.includes(me) } : r)) };
}

export interface Floors {
  delivered: number;
  read: number;
}

/** Floors only rise (an event and a page may arrive in either order). */
export function raiseFloors(state: ChatState, id: string, f: { delivered_all_seq?: number | null; read_all_seq?: number | null } | null | undefined): ChatState {
  if (!f || f.delivered_all_seq == null || f.read_all_seq == null) return state;
  const cur = state.floors[id];
  const next = { delivered: Math.max(cur?.delivered ?? 0, f.delivered_all_seq), read: Math.max(cur?.read ?? 0, f.read_all_seq) };
  if (cur && cur.delivered === next.delivered && cur.read === next.read) return state;
  return { ...state, floors: { ...state.floors, [id]: next } };
}

/** The mark on one of one's own stored messages: ✓ stored, ✓✓ delivered to all, coloured ✓✓ read by all. */
export type MessageStatus = 'stored' | 'delivered' | 'read';
export function messageStatus(floors: Floors | undefined, seq: number): MessageStatus {
  if (floors && seq <= floors.read) return 'read';
  if (floors && seq <= floors.delivered) return 'delivered';
  return 'stored';
}

/** The one switch over event kinds. */
export function reduceEvent(state: ChatState, ev: ChatEvent, now: number): Reduced {
  switch (ev.kind) {
    case 'message.created':
      return messageCreated(state, withMine(ev.message, state.me));
    case 'message.updated':
      return { state: messageUpdated(state, withMine(ev.message, state.me)), effects: [] };
    case 'read': {
      const raised = raiseFloors(state, ev.conversation_id, ev);
      if (ev.person_id === state.me) return { state: readUpTo(raised, ev.conversation_id, ev.seq), effects: [] };
      return { state: { ...raised, receiptsVersion: bump(state.receiptsVersion, ev.conversation_id) }, effects: [] };
    }
    case 'delivered': {
      const raised = raiseFloors(state, ev.conversation_id, ev);
      if (ev.person_id === state.me) return { state: raised, effects: [] };
      return { state: { ...raised, receiptsVersion: bump(state.receiptsVersion, ev.conversation_id) }, effects: [] };
    }
    case 'typing': {
      if (ev.person_id === state.me) return { state, effects: [] };
      const cur = state.typing[ev.conversation_id] ?? {};
      const typing = { ...state.typing, [ev.conversation_id]: { ...cur, [ev.person_id]: { name: ev.name ?? '', at: now } } };
      return { state: { ...state, typing }, effects: [] };
    }
    case 'presence':
      return { state: { ...state, online: { ...state.online, [ev.person_id]: ev.online } }, effects: [] };
    case 'notice':
      if (state.liveNotices.some((n) => n.id === ev.notice.id)) return { state, effects: [] };
      return { state: { ...state, liveNotices: [...state.liveNotices, ev.notice].slice(-5) }, effects: [] };
    case 'conversation.updated': {
      const old = state.conversations[ev.conversation.id];
      // an edit by an owner reaches every member as a summary (no kind, no `my`): it patches what we hold
      const patch = definedFields(ev.conversation);
      if (!old && !patch.kind) return { state, effects: [] };
      let c = { ...old, ...patch } as Conversation;
      if (old) {
        // an event may be sent to everyone alike: keep my own view where it has none, and never go back in time
        if (!c.my) c = { ...c, my: old.my };
        if ((old.last_seq ?? 0) > (c.last_seq ?? 0)) c = { ...c, last_seq: old.last_seq, last_message: old.last_message };
      }
      if (c.my && c.my.role === null && !old) return { state, effects: [] };
      return { state: setConv(state, c), effects: [] };
    }
    case 'member.added': {
      const effects: Effect[] = [];
      let next = { ...state, membersVersion: bump(state.membersVersion, ev.conversation_id) };
      const c = state.conversations[ev.conversation_id];
      // one event for everyone added at once (named when they are few), or about me being added
      const named = ev.person_ids ?? [];
      if (named.includes(state.me ?? '') || !c) effects.push({ type: 'fetchConversation', conversationId: ev.conversation_id });
      else next = setConv(next, { ...c, member_count: (c.member_count ?? 0) + (ev.added ?? named.length) });
      return { state: next, effects };
    }
    case 'member.removed': {
      let next = { ...state, membersVersion: bump(state.membersVersion, ev.conversation_id) };
      const c = state.conversations[ev.conversation_id];
      if (ev.person_id === state.me) {
        const { [ev.conversation_id]: _c, ...conversations } = next.conversations;
        const { [ev.conversation_id]: _m, ...messages } = next.messages;
        void _c;
        void _m;
        const threads = dropThreads(next.threads, (t) => t.conversationId !== ev.conversation_id);
        next = { ...next, conversations, messages, threads };
      } else if (c) {
        next = setConv(next, { ...c, member_count: Math.max(0, (c.member_count ?? 1) - 1) });
      }
      return { state: next, effects: [] };
    }
    case 'member.updated': {
      // a role or posting right changed: member lists refetch; my own change enables or disables my composer
      let next = { ...state, membersVersion: bump(state.membersVersion, ev.conversation_id) };
      const c = state.conversations[ev.conversation_id];
      if (ev.person_id === state.me && c?.my) {
        const canPost = c.kind === 'announcement' ? ev.can_post || ev.role !== 'member' : c.my.can_post;
        next = setConv(next, { ...c, my: { ...c.my, role: ev.role, can_post: canPost } });
      }
      return { state: next, effects: [] };
    }
    default: {
      const unreachable: never = ev;
      void unreachable;
      return { state, effects: [] };
    }
  }
}

/** Applies one socket frame: hello, event (with seq bookkeeping), resync, pong. */
export function reduceFrame(state: ChatState, frame: WsMessage, now: number): Reduced {
  switch (frame.type) {
    case 'hello': {
      const seq = frame.seq ?? null;
      const next: ChatState = { ...state, helloSeq: seq };
      if (state.lastSeq === null) {
        // first connection: everything up to `seq` is in what we fetch now
        return { state: { ...next, lastSeq: seq ?? 0 }, effects: [{ type: 'resync', initial: true }] };
      }
      if (seq !== null && seq < state.lastSeq) {
        // the server's numbering went back (restored data): start over from it
        return { state: { ...next, lastSeq: seq }, effects: [{ type: 'resync' }] };
      }
      return { state: next, effects: [] };
    }
    case 'resync': {
      const base = Math.max(state.lastSeq ?? 0, state.helloSeq ?? 0);
      return { state: { ...state, lastSeq: base }, effects: [{ type: 'resync' }] };
    }
    case 'event': {
      const parsed = chatEventSchema.safeParse(frame.event);
      const seq = frame.seq;
      let next = state;
      const effects: Effect[] = [];
      if (seq > 0) {
        const last = state.lastSeq;
        if (last !== null && seq <= last) return { state, effects: [] }; // already applied (replay overlap)
        if (last !== null && seq > last + 1) effects.push({ type: 'resync' }); // something was lost
        next = { ...next, lastSeq: seq };
      }
      if (!parsed.success) return { state: next, effects }; // a kind this client does not know yet
      const r = reduceEvent(next, parsed.data, now);
      return { state: r.state, effects: effects.concat(r.effects) };
    }
    case 'pong':
      return { state, effects: [] };
    case 'presence': {
      // the answer to a watch: who of the watched people is online now (changes come as events)
      const online = { ...state.online };
      for (const id of state.watched) online[id] = frame.online.includes(id);
      return { state: { ...state, online }, effects: [] };
    }
    default: {
      const unreachable: never = frame;
      void unreachable;
      return { state, effects: [] };
    }
  }
}

/** People typing in a conversation right now (entries older than `windowMs` have expired). */
export function typingNames(state: ChatState, conversationId: string, now: number, windowMs = 6000): string[] {
  const t = state.typing[conversationId];
  if (!t) return [];
  return Object.values(t)
    .filter((x) => now - x.at < windowMs)
    .map((x) => x.name);
}

// --- the store with effects -----------------------------------------------------------------------

export interface ChatStoreOptions {
  now?: () => number;
  newClientId?: () => string;
  /** Delay that coalesces delivered/read calls. */
  setTimer?: (fn: () => void, ms: number) => unknown;
  pageSize?: number;
}

function isNetworkError(e: unknown): boolean {
  return e instanceof ApiError ? e.code === 'network' || e.status === 0 || e.status >= 502 : true;
}

export class ChatStore {
  readonly store: Store<ChatState> = createStore<ChatState>(initialChatState);
  private resyncing: Promise<void> | null = null;
  private resyncAgain = false;
  private deliveredSent: Record<string, number> = {};
  private deliveredWanted: Record<string, number> = {};
  private deliveredTimer = false;
  private readInFlight: Record<string, boolean> = {};
  private readWanted: Record<string, number> = {};
  private loadingOlder: Record<string, boolean> = {};
  private sendFrame: ((msg: object) => boolean) | null = null;
  private lastTypingSent: Record<string, number> = {};
  private openThreadId: string | null = null;
  private readonly now: () => number;
  private readonly makeClientId: () => string;
  private readonly setTimer: (fn: () => void, ms: number) => unknown;
  readonly pageSize: number;
  private firstList: ReturnType<ChatApi['conversations']> | null = null;

  constructor(
    private readonly api: ChatApi,
    opts: ChatStoreOptions = {},
  ) {
    this.now = opts.now ?? (() => Date.now());
    this.makeClientId = opts.newClientId ?? newClientId;
    this.setTimer = opts.setTimer ?? ((fn, ms) => setTimeout(fn, ms));
    this.pageSize = opts.pageSize ?? 50;
  }

  get state(): ChatState {
    return this.store.get();
  }

  /** Shows notices fetched rather than heard live (failed sign-ins told at the next sign-in). */
  showNotices(notices: Notice[]): void {
    this.store.set((s) => {
      const fresh = notices.filter((n) => !s.liveNotices.some((l) => l.id === n.id));
      return fresh.length ? { ...s, liveNotices: [...s.liveNotices, ...fresh].slice(-5) } : s;
    });
  }

  dismissNotice(id: number): void {
    this.store.set((s) => ({ ...s, liveNotices: s.liveNotices.filter((n) => n.id !== id) }));
  }

  reset(me: string | null): void {
    if (me === null) this.firstList = null; // a list asked for in an earlier session is not the next person's
    this.store.set({ ...initialChatState, me });
    this.deliveredSent = {};
    this.deliveredWanted = {};
    this.readWanted = {};
  }

  /** How the store talks back over the socket (typing). */
  setSender(send: ((msg: object) => boolean) | null): void {
    this.sendFrame = send;
  }

  /** For the socket's resume: the last event seq applied. */
  resumeAfter = (): number | null => this.store.get().lastSeq;

  setSocketStatus(socket: SocketStatus): void {
    const was = this.state.socket;
    this.store.set((s) => (s.socket === socket ? s : { ...s, socket }));
    if (socket === 'open' && was !== 'open') this.retryQueued();
  }

  handleFrame(frame: WsMessage): void {
    const r = reduceFrame(this.store.get(), frame, this.now());
    this.store.set(r.state);
    this.run(r.effects);
    // a new socket starts with no watch list: tell it again whom this client shows
    if (frame.type === 'hello' && r.state.watched.length) this.sendFrame?.({ type: 'presence', person_ids: r.state.watched });
  }

  /** Shows these people's presence (at most 500; replaces what was watched). */
  watchPresence(personIds: string[]): void {
    const ids = [...new Set(personIds)].sort().slice(0, 500);
    const was = this.store.get().watched;
    if (ids.length === was.length && ids.every((id, i) => id === was[i])) return;
    this.store.set((s) => ({ ...s, watched: ids }));
    this.sendFrame?.({ type: 'presence', person_ids: ids });
  }

  private run(effects: Effect[]): void {
    for (const e of effects) {
      switch (e.type) {
        case 'resync':
          void this.resync(e.initial);
          break;
        case 'delivered':
          this.queueDelivered(e.conversationId, e.seq);
          break;
        case 'fetchConversation':
          void this.fetchConversation(e.conversationId);
          break;
      }
    }
  }

  // --- loading -------------------------------------------------------------------------------------

  /**
   * The chat list asked for at start-up beside /me (boot.ts), used by the first loadConversations:
   * on a phone's network that saves a round trip before the list shows. A failed one is asked again.
   */
  prefetchConversations(list: ReturnType<ChatApi['conversations']>): void {
    list.catch(() => undefined); // its failure is loadConversations' to handle, not an unhandled rejection
    this.firstList = list;
  }

  async loadConversations(): Promise<void> {
    const first = this.firstList;
    this.firstList = null;
    const res = first ? await first.catch(() => this.api.conversations()) : await this.api.conversations();
    this.store.set((s) => {
      const conversations: Record<string, Conversation> = {};
      for (const c of res.items) {
        const old = s.conversations[c.id];
        // an event applied while the list was on its way is newer than the list
        conversations[c.id] = old && (old.last_seq ?? 0) > (c.last_seq ?? 0) ? { ...c, last_seq: old.last_seq, last_message: old.last_message, my: old.my } : c;
      }
      return { ...s, conversations, listLoaded: true };
    });
  }

  async fetchConversation(id: string): Promise<Conversation | null> {
    try {
      const c = await this.api.conversation(id);
      this.upsertConversation(c);
      return c;
    } catch {
      return null;
    }
  }

  upsertConversation(c: Conversation): void {
    this.store.set((s) => setConv(s, c));
  }

  /** Refetches the list and the open conversation's newest page; drops other cached messages. */
  resync(initial = false): Promise<void> {
    if (this.resyncing) {
      this.resyncAgain = true;
      return this.resyncing;
    }
    // After a gap the open conversation starts over from its newest page (what it held may have
    // changed meanwhile); on the first hello it keeps the history it just loaded and joins the
    // newest page to it (a hole between them still starts over).
    let replace = !initial;
    const run = async () => {
      do {
        this.resyncAgain = false;
        this.store.set((s) => ({ ...s, resyncs: s.resyncs + 1 }));
        try {
          await this.loadConversations();
          const open = this.state.openId;
          this.store.set((s) => {
            const messages: Record<string, ConvMessages> = {};
            for (const [id, cm] of Object.entries(s.messages)) {
              // keep only unsent messages of closed conversations; their history refetches on open
              if (id === open) messages[id] = cm;
              else if (cm.pending.length) messages[id] = { items: [], hasMore: true, pending: cm.pending };
            }
            // replies may have been missed too: only the open thread stays, and it is fetched again
            const threads = dropThreads(s.threads, (t) => t === s.threads[this.openThreadId ?? '']);
            return { ...s, messages, threads };
          });
          if (open) await this.loadNewest(open, replace);
          replace = true;
          if (this.openThreadId) await this.loadReplies(this.openThreadId);
        } catch {
          /* offline: the next hello tries again */
        }
      } while (this.resyncAgain);
    };
    this.resyncing = run().finally(() => {
      this.resyncing = null;
    });
    return this.resyncing;
  }

  /** Loads the newest page. `replace` drops older loaded history (after a resync). */
  async loadNewest(id: string, replace = false): Promise<void> {
    const page = await this.api.messages(id, { limit: this.pageSize });
    this.store.set((s) => {
      const cm = s.messages[id];
      const maxSeq = page.items.length ? page.items[page.items.length - 1].seq : 0;
      let items: Message[];
      let hasMore = !!page.has_more;
      if (!cm || replace || !cm.items.length) {
        // keep live messages that arrived while the page was on its way
        const newer = cm ? cm.items.filter((m) => m.seq > maxSeq) : [];
        items = mergeMessages(page.items, newer);
      } else {
        items = mergeMessages(cm.items, page.items);
        hasMore = cm.hasMore && items[0].seq === cm.items[0].seq ? cm.hasMore : hasMore;
        // a hole between what we had and the new page: start over from the page
        const last = cm.items[cm.items.length - 1].seq;
        if (page.items.length && page.items[0].seq > last + 1 && page.has_more) {
          items = page.items;
          hasMore = true;
        }
      }
      const pending = cm?.pending ?? [];
      const ids = new Set(items.map((m) => m.client_id).filter(Boolean));
      return {
        ...raiseFloors(s, id, page.receipts),
        messages: { ...s.messages, [id]: { items, hasMore, pending: pending.filter((p) => !ids.has(p.client_id)) } },
      };
    });
  }

  /** Loads the page before the oldest loaded message. Returns how many arrived. */
  async loadOlder(id: string): Promise<number> {
    const cm = this.state.messages[id];
    if (!cm || !cm.hasMore || !cm.items.length || this.loadingOlder[id]) return 0;
    this.loadingOlder[id] = true;
    try {
      const page = await this.api.messages(id, { before: cm.items[0].seq, limit: this.pageSize });
      this.store.set((s) => {
        const cur = s.messages[id];
        if (!cur) return s;
        return { ...s, messages: { ...s.messages, [id]: { ...cur, items: mergeMessages(cur.items, page.items), hasMore: !!page.has_more } } };
      });
      return page.items.length;
    } finally {
      this.loadingOlder[id] = false;
    }
  }

  async open(id: string): Promise<void> {
    this.store.set((s) => ({ ...s, openId: id }));
    if (!this.state.conversations[id]) await this.fetchConversation(id);
    const cm = this.state.messages[id];
    await this.loadNewest(id, !cm || cm.items.length === 0);
  }

  close(id: string): void {
    this.store.set((s) => (s.openId === id ? { ...s, openId: null } : s));
  }

  /** Pages back (at most `maxPages`) until the message is loaded. Returns whether it is. */
  async loadUntil(conversationId: string, messageId: string, maxPages = 20): Promise<boolean> {
    const has = () => !!this.state.messages[conversationId]?.items.some((m) => m.id === messageId);
    for (let i = 0; i < maxPages && !has(); i++) {
      if (!(await this.loadOlder(conversationId))) break;
    }
    return has();
  }

  // --- threads -------------------------------------------------------------------------------------

  /**
   * Opens a thread: its conversation (so live replies and the root's updates arrive), the root —
   * found by paging back, as there is no endpoint for one message — and the newest replies.
   */
  async openThread(conversationId: string, rootId: string): Promise<void> {
    this.openThreadId = rootId;
    this.store.set((s) => ({
      ...s,
      openId: conversationId,
      threads: { ...s.threads, [rootId]: s.threads[rootId] ?? emptyThread(conversationId) },
    }));
    if (!this.state.conversations[conversationId]) await this.fetchConversation(conversationId);
    if (!this.state.messages[conversationId]?.items.length) await this.loadNewest(conversationId, true);
    // the root may be far back in the history: fetch it alone rather than page back to it
    const loaded = this.state.messages[conversationId]?.items.find((m) => m.id === rootId);
    const root = loaded ?? (await this.api.message(rootId).catch(() => null));
    this.store.set((s) => {
      const t = s.threads[rootId];
      return t && root ? { ...s, threads: { ...s.threads, [rootId]: { ...t, root } } } : s;
    });
    await this.loadReplies(rootId);
  }

  closeThread(conversationId: string, rootId: string): void {
    if (this.openThreadId === rootId) this.openThreadId = null;
    this.close(conversationId);
  }

  /** The newest page of replies, or (`older`) the page before the oldest loaded reply. */
  async loadReplies(rootId: string, older = false): Promise<void> {
    const t = this.state.threads[rootId];
    if (!t) return;
    const before = older && t.items.length ? t.items[0].seq : undefined;
    const page = await this.api.messages(t.conversationId, { thread: rootId, limit: this.pageSize, ...(before ? { before } : {}) });
    this.store.set((s) => {
      const cur = s.threads[rootId];
      if (!cur) return s;
      return { ...s, threads: { ...s.threads, [rootId]: repliesLoaded(cur, page.items, !!page.has_more, !!before) } };
    });
  }

  /** I left (or was removed from) a conversation: forget it now, without waiting for the event. */
  forget(conversationId: string): void {
    const me = this.state.me;
    if (!me) return;
    this.store.set((s) => reduceEvent(s, { kind: 'member.removed', conversation_id: conversationId, person_id: me }, this.now()).state);
  }

  // --- own actions ---------------------------------------------------------------------------------

  /** Sends optimistically; returns the client_id. */
  send(conversationId: string, text: string, opts: { replyTo?: string | null; attachmentIds?: string[]; urgency?: Urgency } = {}): string {
    const p: PendingMessage = {
      client_id: this.makeClientId(),
      conversation_id: conversationId,
      text,
      reply_to: opts.replyTo ?? null,
      attachment_ids: opts.attachmentIds ?? [],
      ...(opts.urgency ? { urgency: opts.urgency } : {}),
      created_at: new Date(this.now()).toISOString(),
      state: 'sending',
    };
    this.store.set((s) => {
      const cm = s.messages[conversationId] ?? { items: [], hasMore: true, pending: [] };
      return { ...s, messages: { ...s.messages, [conversationId]: { ...cm, pending: [...cm.pending, p] } } };
    });
    void this.deliver(p.conversation_id, p.client_id);
    return p.client_id;
  }

  private setPending(conversationId: string, clientId: string, patch: Partial<PendingMessage>): PendingMessage | null {
    let found: PendingMessage | null = null;
    this.store.set((s) => {
      const cm = s.messages[conversationId];
      if (!cm) return s;
      const i = cm.pending.findIndex((p) => p.client_id === clientId);
      if (i < 0) return s;
      found = { ...cm.pending[i], ...patch };
      const pending = cm.pending.slice();
      pending[i] = found;
      return { ...s, messages: { ...s.messages, [conversationId]: { ...cm, pending } } };
    });
    return found;
  }

  private async deliver(conversationId: string, clientId: string): Promise<void> {
    const p = this.setPending(conversationId, clientId, { state: 'sending', error: undefined });
    if (!p) return;
    try {
      const m = await this.api.sendMessage(conversationId, {
        client_id: p.client_id,
        text: p.text,
        ...(p.reply_to ? { reply_to: p.reply_to } : {}),
        ...(p.attachment_ids.length ? { attachment_ids: p.attachment_ids } : {}),
        ...(p.urgency ? { urgency: p.urgency } : {}),
      });
      this.applyMessage(m);
    } catch (e) {
      if (isNetworkError(e)) this.setPending(conversationId, clientId, { state: 'queued', error: 'network' });
      else
        this.setPending(conversationId, clientId, {
          state: 'failed',
          error: e instanceof ApiError ? e.code : 'unknown',
          detail: e instanceof ApiError && e.message !== e.code ? e.message : undefined,
        });
    }
  }

  /** Retry one unsent message (same client_id: the server keeps one copy). */
  retry(conversationId: string, clientId: string): void {
    void this.deliver(conversationId, clientId);
  }

  /** Discard an unsent message. */
  discard(conversationId: string, clientId: string): void {
    this.store.set((s) => {
      const cm = s.messages[conversationId];
      if (!cm) return s;
      return { ...s, messages: { ...s.messages, [conversationId]: { ...cm, pending: cm.pending.filter((p) => p.client_id !== clientId) } } };
    });
  }

  /** Sends everything that waited for the network. */
  retryQueued(): void {
    for (const cm of Object.values(this.state.messages)) {
      for (const p of cm.pending) if (p.state === 'queued') void this.deliver(p.conversation_id, p.client_id);
    }
  }

  /** A message returned by the server for one of my actions (send, edit, delete, react, pin). */
  applyMessage(m: Message): void {
    const s = this.state;
    const cm = s.messages[m.conversation_id];
    const known = cm ? indexOfSeq(cm.items, m.seq) >= 0 : false;
    if (known || (s.conversations[m.conversation_id]?.last_seq ?? 0) >= m.seq) {
      // already here (the socket was faster) or an update: replace, and drop the pending copy
      let next = messageUpdated(s, m);
      if (!known && cm) next = messageCreated(next, m).state;
      const ncm = next.messages[m.conversation_id];
      if (ncm && m.client_id) {
        next = { ...next, messages: { ...next.messages, [m.conversation_id]: { ...ncm, pending: ncm.pending.filter((p) => p.client_id !== m.client_id) } } };
      }
      this.store.set(next);
      return;
    }
    const r = messageCreated(s, m);
    this.store.set(r.state);
    this.run(r.effects.filter((e) => e.type !== 'delivered'));
  }

  /** Marks read up to `seq` (the newest message actually seen). Forward only; calls coalesce. */
  markRead(conversationId: string, seq: number): void {
    const c = this.state.conversations[conversationId];
    if (!c || seq <= (c.my?.last_read_seq ?? 0)) return;
    this.store.set((s) => readUpTo(s, conversationId, seq));
    this.readWanted[conversationId] = Math.max(this.readWanted[conversationId] ?? 0, seq);
    void this.flushRead(conversationId);
  }

  private async flushRead(conversationId: string): Promise<void> {
    if (this.readInFlight[conversationId]) return;
    this.readInFlight[conversationId] = true;
    try {
      let sent = 0;
      while ((this.readWanted[conversationId] ?? 0) > sent) {
        sent = this.readWanted[conversationId];
        try {
          await this.api.markRead(conversationId, sent);
        } catch {
          break;
        }
      }
    } finally {
      this.readInFlight[conversationId] = false;
    }
  }

  private queueDelivered(conversationId: string, seq: number): void {
    if (seq <= (this.deliveredSent[conversationId] ?? 0)) return;
    this.deliveredWanted[conversationId] = Math.max(this.deliveredWanted[conversationId] ?? 0, seq);
    if (this.deliveredTimer) return;
    this.deliveredTimer = true;
    this.setTimer(() => {
      this.deliveredTimer = false;
      const wanted = this.deliveredWanted;
      this.deliveredWanted = {};
      for (const [id, s] of Object.entries(wanted)) {
        if (s <= (this.deliveredSent[id] ?? 0)) continue;
        this.deliveredSent[id] = s;
        this.api.markDelivered(id, s).catch(() => {
          this.deliveredSent[id] = 0;
        });
      }
    }, 150);
  }

  /** Tells the others I am typing (at most every 3 s). */
  typing(conversationId: string): void {
    const now = this.now();
    if (now - (this.lastTypingSent[conversationId] ?? 0) < 3000) return;
    this.lastTypingSent[conversationId] = now;
    this.sendFrame?.({ type: 'typing', conversation_id: conversationId });
  }
}
