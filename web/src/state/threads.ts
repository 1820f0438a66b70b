/**
 * One-level threads in the chat store (pure, no DOM).
 *
 * A reply is an ordinary message with `reply_to` = the root's id: it arrives in the conversation's
 * own stream (`message.created`) and is shown there too. The thread view keeps the replies it
 * fetched with `?thread=<root id>` here, by root id, and every live reply is merged into a thread
 * that is held. The server sends no update for the root when a reply is added, so the root's
 * `reply_count` is counted up here — once per reply id, since the same reply can reach us twice
 * (socket event and HTTP answer, or a page fetched while its event was on the way).
 */
import type { Message } from '../api/schemas';
import type { ChatState } from './chat';
import { mergeMessages } from './messages';

export interface ThreadState {
  conversationId: string;
  /** The root message (null until fetched, or when it cannot be read). */
  root: Message | null;
  /** Replies, ascending seq, unique ids. */
  items: Message[];
  /** Older replies exist on the server (load with ?thread=...&before=items[0].seq). */
  hasMore: boolean;
  /** The first page has arrived. */
  loaded: boolean;
}

export function emptyThread(conversationId: string): ThreadState {
  return { conversationId, root: null, items: [], hasMore: false, loaded: false };
}

const withCount = (m: Message, add: number): Message => ({ ...m, reply_count: (m.reply_count ?? 0) + add });

/**
 * A reply the server stored, applied before it is merged into its conversation: adds it to a held
 * thread and, when this client has not seen it before, counts it on every copy of the root.
 */
export function replyCreated(state: ChatState, m: Message): ChatState {
  const rootId = m.reply_to;
  if (!rootId) return state;
  const cm = state.messages[m.conversation_id];
  const thread = state.threads[rootId];
  const seen = !!cm?.items.some((x) => x.id === m.id) || !!thread?.items.some((x) => x.id === m.id);
  const add = seen ? 0 : 1;
  let next = state;
  if (thread) {
    const root = thread.root && add ? withCount(thread.root, add) : thread.root;
    next = { ...next, threads: { ...next.threads, [rootId]: { ...thread, root, items: mergeMessages(thread.items, [m]) } } };
  }
  if (cm && add) {
    const i = cm.items.findIndex((x) => x.id === rootId);
    if (i >= 0) {
      const items = cm.items.slice();
      items[i] = withCount(items[i], add);
      next = { ...next, messages: { ...next.messages, [m.conversation_id]: { ...cm, items } } };
    }
  }
  return next;
}

/** An edited/deleted/reacted/pinned message: replace the copy a thread holds (as its root or a reply). */
export function threadMessageUpdated(state: ChatState, m: Message): ChatState {
  let threads = state.threads;
  const asRoot = threads[m.id];
  if (asRoot?.root) threads = { ...threads, [m.id]: { ...asRoot, root: m } };
  const parent = m.reply_to ? threads[m.reply_to] : undefined;
  if (parent && parent.items.some((x) => x.id === m.id)) threads = { ...threads, [m.reply_to!]: { ...parent, items: mergeMessages(parent.items, [m]) } };
  return threads === state.threads ? state : { ...state, threads };
}

/** A page of replies fetched over HTTP: merge it with what arrived live meanwhile. */
export function repliesLoaded(thread: ThreadState, page: Message[], hasMore: boolean, older: boolean): ThreadState {
  return {
    ...thread,
    items: mergeMessages(thread.items, page),
    // only an older page (or the first one) says whether anything is left before it
    hasMore: older || !thread.loaded ? hasMore : thread.hasMore,
    loaded: true,
  };
}

/** Threads of conversations other than `keep` (after a resync, or when I leave a conversation). */
export function dropThreads(threads: Record<string, ThreadState>, keep: (t: ThreadState) => boolean): Record<string, ThreadState> {
  const out: Record<string, ThreadState> = {};
  for (const [id, t] of Object.entries(threads)) if (keep(t)) out[id] = t;
  return out;
}
