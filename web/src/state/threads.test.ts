import { describe, expect, it } from 'vitest';
import { ChatStore, initialChatState, reduceFrame, type ChatState } from './chat';
import { emptyThread, repliesLoaded } from './threads';
import type { ChatApi } from '../api/client';
import type { Conversation, Message } from '../api/schemas';
import { ME, ev, msg } from './testData';

const conv = (over: Partial<Conversation> = {}): Conversation => ({
  id: 'c_1',
  kind: 'group',
  name: 'Night shift',
  description: 'Who works nights',
  member_count: 3,
  last_seq: 1,
  my: { role: 'owner', muted: false, pinned: false, notification_level: 'all', last_read_seq: 1, unread_count: 0 },
  ...over,
});

const reply = (seq: number, over: Partial<Message> = {}) => msg(seq, { reply_to: 'm_1', ...over });

function stateWithThread(): ChatState {
  return {
    ...initialChatState,
    me: ME,
    lastSeq: 10,
    conversations: { c_1: conv() },
    messages: { c_1: { items: [msg(1)], hasMore: false, pending: [] } },
    threads: { m_1: { ...emptyThread('c_1'), root: msg(1), loaded: true } },
  };
}

describe('threads: live replies', () => {
  it('a new reply joins its thread and is counted once on every copy of the root', () => {
    let s = reduceFrame(stateWithThread(), ev(11, { kind: 'message.created', message: reply(2) }), 0).state;
    expect(s.threads.m_1.items.map((m) => m.id)).toEqual(['m_2']);
    expect(s.threads.m_1.root!.reply_count).toBe(1);
    expect(s.messages.c_1.items.find((m) => m.id === 'm_1')!.reply_count).toBe(1);
    // the reply is also part of the conversation's stream
    expect(s.messages.c_1.items.map((m) => m.id)).toEqual(['m_1', 'm_2']);
    // the same reply again (a resumed stream that overlaps, a page that already had it): not counted twice
    s = reduceFrame({ ...s, lastSeq: 11 }, ev(12, { kind: 'message.created', message: reply(2) }), 0).state;
    expect(s.threads.m_1.root!.reply_count).toBe(1);
    expect(s.messages.c_1.items.find((m) => m.id === 'm_1')!.reply_count).toBe(1);
  });

  it('my own reply answered over HTTP after the socket delivered it is not counted again', () => {
    const api = {} as ChatApi;
    const store = new ChatStore(api);
    store.reset(ME);
    store.store.set(stateWithThread());
    const mine = reply(2, { author_id: ME, client_id: 'cid-1' });
    store.handleFrame(ev(11, { kind: 'message.created', message: mine }));
    store.applyMessage(mine);
    expect(store.state.threads.m_1.items).toHaveLength(1);
    expect(store.state.threads.m_1.root!.reply_count).toBe(1);
  });

  it('edits and reactions on replies and on the root reach the thread', () => {
    let s = reduceFrame(stateWithThread(), ev(11, { kind: 'message.created', message: reply(2) }), 0).state;
    s = reduceFrame(s, ev(12, { kind: 'message.updated', message: reply(2, { text: 'changed', edited_at: 'x' }) }), 0).state;
    s = reduceFrame(s, ev(13, { kind: 'message.updated', message: msg(1, { pinned: true, reply_count: 1 }) }), 0).state;
    expect(s.threads.m_1.items[0].text).toBe('changed');
    expect(s.threads.m_1.root).toMatchObject({ pinned: true, reply_count: 1 });
  });

  it('replies to a thread nobody opened only count on the root', () => {
    const base = { ...stateWithThread(), threads: {} };
    const s = reduceFrame(base, ev(11, { kind: 'message.created', message: reply(2) }), 0).state;
    expect(s.threads).toEqual({});
    expect(s.messages.c_1.items[0].reply_count).toBe(1);
  });

  it('leaving a conversation drops its threads', () => {
    const s = reduceFrame(stateWithThread(), ev(11, { kind: 'member.removed', conversation_id: 'c_1', person_id: ME }), 0).state;
    expect(s.threads).toEqual({});
  });
});

describe('threads: pages', () => {
  it('a fetched page merges with replies that arrived live; only older pages decide hasMore', () => {
    let t = { ...emptyThread('c_1'), items: [reply(9)] };
    t = repliesLoaded(t, [reply(5), reply(7)], true, false);
    expect(t.items.map((m) => m.seq)).toEqual([5, 7, 9]);
    expect(t).toMatchObject({ loaded: true, hasMore: true });
    t = repliesLoaded(t, [reply(8)], false, false); // a refetch of the newest page
    expect(t.hasMore).toBe(true);
    t = repliesLoaded(t, [reply(3)], false, true);
    expect(t.hasMore).toBe(false);
    expect(t.items.map((m) => m.seq)).toEqual([3, 5, 7, 8, 9]);
  });

  it('openThread fetches a root that is not loaded by its id (no paging back), then asks for the thread', async () => {
    const calls: unknown[] = [];
    const api = {
      conversation: async () => conv(),
      message: async (id: string) => (calls.push({ message: id }), msg(1)),
      messages: async (_id: string, q: { before?: number; thread?: string }) => {
        calls.push(q);
        if (q.thread) return { items: [reply(60), reply(61)], has_more: false };
        return { items: [msg(60, { reply_to: 'm_1' }), msg(61, { reply_to: 'm_1' })], has_more: true };
      },
    } as unknown as ChatApi;
    const store = new ChatStore(api);
    store.reset(ME);
    await store.openThread('c_1', 'm_1');
    const t = store.state.threads.m_1;
    expect(t.root?.id).toBe('m_1');
    expect(t.items.map((m) => m.seq)).toEqual([60, 61]);
    expect(calls).toEqual([{ limit: 50 }, { message: 'm_1' }, { thread: 'm_1', limit: 50 }]);
    expect(store.state.openId).toBe('c_1');
  });
});

describe('conversation.updated summaries', () => {
  it('an owner’s edit arrives as a summary: it patches the conversation and keeps my settings', () => {
    const base = stateWithThread();
    const s = reduceFrame(base, ev(11, { kind: 'conversation.updated', conversation: { id: 'c_1', name: 'Day shift', description: '', visibility: 'private', archived: true } }), 0).state;
    expect(s.conversations.c_1).toMatchObject({ name: 'Day shift', description: '', archived: true, kind: 'group', member_count: 3 });
    expect(s.conversations.c_1.my).toEqual(base.conversations.c_1.my);
  });

  it('a summary of a conversation not held is ignored (the list brings it whole)', () => {
    const s = reduceFrame(stateWithThread(), ev(11, { kind: 'conversation.updated', conversation: { id: 'c_9', name: 'x' } }), 0).state;
    expect(s.conversations.c_9).toBeUndefined();
  });
});
