import { describe, expect, it, vi } from 'vitest';
import { ChatStore, initialChatState, mergeMessages, messageStatus, reduceFrame, sortedConversations, type ChatState } from './chat';
import type { ChatApi } from '../api/client';
import type { Conversation, Message } from '../api/schemas';
import { ME, OTHER, ev, msg } from './testData';
import { ApiError } from '../api/http';

function conv(id: string, over: Partial<Conversation> = {}): Conversation {
  return {
    id,
    kind: 'group',
    name: id,
    created_at: '2026-11-01T00:00:00Z',
    member_count: 3,
    last_seq: 0,
    last_message: null,
    my: { role: 'member', can_post: true, last_read_seq: 0, unread_count: 0, mention_count: 0, pinned: false },
    ...over,
  };
}


function fakeApi(over: Partial<ChatApi> = {}) {
  const calls: { fn: string; args: unknown[] }[] = [];
  const rec =
    <T>(fn: string, impl: (...a: never[]) => Promise<T>) =>
    (...args: unknown[]) => {
      calls.push({ fn, args });
      return impl(...(args as never[]));
    };
  const impls: Record<string, (...a: never[]) => Promise<unknown>> = {
    conversations: async () => ({ items: [conv('c_1')] }),
    conversation: async () => conv('c_new'),
    messages: async () => ({ items: [msg(1), msg(2)], has_more: false }),
    sendMessage: async () => msg(99),
    markRead: async () => undefined,
    markDelivered: async () => undefined,
    ...(over as Record<string, (...a: never[]) => Promise<unknown>>),
  };
  const api = Object.fromEntries(Object.entries(impls).map(([k, f]) => [k, rec(k, f)])) as unknown as ChatApi;
  return { api, calls };
}

function storeWith(api: ChatApi, state: Partial<ChatState> = {}) {
  let n = 0;
  const timers: (() => void)[] = [];
  const s = new ChatStore(api, {
    newClientId: () => `cid-${++n}`,
    now: () => Date.UTC(2026, 10, 29, 12),
    setTimer: (fn) => timers.push(fn),
  });
  s.reset(ME);
  s.store.set((st) => ({ ...st, ...state }));
  return { s, timers };
}

const flush = () => new Promise((r) => setTimeout(r, 0));

describe('mergeMessages', () => {
  it('keeps ascending seq and one copy per id, whatever the arrival order', () => {
    let items = mergeMessages([], [msg(5), msg(3)]);
    items = mergeMessages(items, [msg(7)]);
    items = mergeMessages(items, [msg(1), msg(2)]);
    items = mergeMessages(items, [msg(4), msg(6), msg(5, { text: 'edited' })]);
    expect(items.map((m) => m.seq)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(items.find((m) => m.seq === 5)!.text).toBe('edited');
    expect(mergeMessages(items, [msg(3)]).length).toBe(7);
  });
});

describe('reduceFrame: sequence numbers', () => {
  const base: ChatState = { ...initialChatState, me: ME, conversations: { c_1: conv('c_1') }, messages: { c_1: { items: [], hasMore: false, pending: [] } } };

  it('the first hello sets the baseline and asks for a full fetch', () => {
    const r = reduceFrame(base, { type: 'hello', user_id: ME, seq: 10 }, 0);
    expect(r.state.lastSeq).toBe(10);
    expect(r.effects).toEqual([{ type: 'resync', initial: true }]);
  });

  it('applies events in order, drops replayed duplicates, resyncs on a gap', () => {
    let s = reduceFrame(base, { type: 'hello', seq: 10 }, 0).state;
    let r = reduceFrame(s, ev(11, { kind: 'message.created', message: msg(1) }), 0);
    s = r.state;
    expect(s.lastSeq).toBe(11);
    expect(s.messages.c_1.items.map((m) => m.seq)).toEqual([1]);
    expect(r.effects.map((e) => e.type)).toEqual(['delivered']);
    // the same event replayed after a resume: ignored
    r = reduceFrame(s, ev(11, { kind: 'message.created', message: msg(1) }), 0);
    expect(r.state).toBe(s);
    expect(s.conversations.c_1.my!.unread_count).toBe(1);
    // 12 is missing: apply 13 and resync
    r = reduceFrame(s, ev(13, { kind: 'message.created', message: msg(3) }), 0);
    expect(r.state.lastSeq).toBe(13);
    expect(r.effects.map((e) => e.type)).toContain('resync');
  });

  it('typing and presence (seq 0) never move the sequence', () => {
    const s = reduceFrame(base, { type: 'hello', seq: 4 }, 0).state;
    const r = reduceFrame(s, ev(0, { kind: 'typing', conversation_id: 'c_1', person_id: OTHER, name: 'Other' }), 1000);
    expect(r.state.lastSeq).toBe(4);
    expect(r.state.typing.c_1[OTHER].name).toBe('Other');
    expect(r.effects).toEqual([]);
  });

  it('a resync frame refetches and continues after the hello seq', () => {
    let s = reduceFrame(base, { type: 'hello', seq: 3 }, 0).state;
    s = { ...s, lastSeq: 3 };
    s = reduceFrame(s, { type: 'hello', seq: 50 }, 0).state; // reconnect: 47 events missed
    const r = reduceFrame(s, { type: 'resync' }, 0);
    expect(r.effects).toEqual([{ type: 'resync' }]);
    expect(r.state.lastSeq).toBe(50);
    // the next live event is 51: no second resync
    expect(reduceFrame(r.state, ev(51, { kind: 'presence', person_id: OTHER, online: true }), 0).effects).toEqual([]);
  });

  it('ignores an event kind it does not know but keeps counting', () => {
    const s = reduceFrame(base, { type: 'hello', seq: 1 }, 0).state;
    const r = reduceFrame(s, ev(2, { kind: 'poll.created', poll: {} }), 0);
    expect(r.state.lastSeq).toBe(2);
    expect(r.effects).toEqual([]);
  });
});

describe('unread and mention counts', () => {
  it('counts messages from others after my read position, mentions separately, resets on read', () => {
    let s: ChatState = { ...initialChatState, me: ME, lastSeq: 0, conversations: { c_1: conv('c_1') }, messages: { c_1: { items: [], hasMore: false, pending: [] } } };
    s = reduceFrame(s, ev(1, { kind: 'message.created', message: msg(1) }), 0).state;
    s = reduceFrame(s, ev(2, { kind: 'message.created', message: msg(2, { mentions: [ME], text: '@[Me](p_me) hi' }) }), 0).state;
    s = reduceFrame(s, ev(3, { kind: 'message.created', message: msg(3, { mentions_all: true }) }), 0).state;
    expect(s.conversations.c_1.my).toMatchObject({ unread_count: 3, mention_count: 2 });
    expect(s.conversations.c_1.last_message!.seq).toBe(3);
    // read on another device up to 2: one left, a mention of everyone
    s = reduceFrame(s, ev(4, { kind: 'read', conversation_id: 'c_1', person_id: ME, seq: 2 }), 0).state;
    expect(s.conversations.c_1.my).toMatchObject({ last_read_seq: 2, unread_count: 1, mention_count: 1 });
    // my own message counts as reading everything before it
    s = reduceFrame(s, ev(5, { kind: 'message.created', message: msg(4, { author_id: ME }) }), 0).state;
    expect(s.conversations.c_1.my).toMatchObject({ last_read_seq: 4, unread_count: 0, mention_count: 0 });
    // read position only moves forward
    s = reduceFrame(s, ev(6, { kind: 'read', conversation_id: 'c_1', person_id: ME, seq: 1 }), 0).state;
    expect(s.conversations.c_1.my!.last_read_seq).toBe(4);
  });

  it('a read by someone else bumps the receipts version (seen-by refreshes), not my counts', () => {
    let s: ChatState = { ...initialChatState, me: ME, lastSeq: 0, conversations: { c_1: conv('c_1', { my: { unread_count: 2, last_read_seq: 0 } }) } };
    s = reduceFrame(s, ev(1, { kind: 'read', conversation_id: 'c_1', person_id: OTHER, seq: 5 }), 0).state;
    expect(s.receiptsVersion.c_1).toBe(1);
    expect(s.conversations.c_1.my!.unread_count).toBe(2);
  });

  it('does not count a replayed message the list already counted', () => {
    let s: ChatState = { ...initialChatState, me: ME, lastSeq: 0, conversations: { c_1: conv('c_1', { last_seq: 3, my: { unread_count: 1, last_read_seq: 2 } }) } };
    s = reduceFrame(s, ev(1, { kind: 'message.created', message: msg(3) }), 0).state;
    expect(s.conversations.c_1.my!.unread_count).toBe(1);
  });

  it('sorts pinned first, then by newest activity', () => {
    const s: ChatState = {
      ...initialChatState,
      conversations: {
        a: conv('a', { last_message: msg(1) }),
        b: conv('b', { last_message: msg(9) }),
        c: conv('c', { my: { pinned: true } }),
      },
    };
    expect(sortedConversations(s).map((c) => c.id)).toEqual(['c', 'b', 'a']);
  });
});

describe('ChatStore: optimistic sends', () => {
  it('shows a pending copy, then exactly one message when both the HTTP answer and the socket echo arrive', async () => {
    let resolve!: (m: Message) => void;
    const { api } = fakeApi({ sendMessage: () => new Promise<Message>((r) => (resolve = r)) });
    const { s } = storeWith(api, { lastSeq: 0, conversations: { c_1: conv('c_1') }, messages: { c_1: { items: [msg(1)], hasMore: false, pending: [] } } });
    const cid = s.send('c_1', 'hello');
    expect(s.state.messages.c_1.pending).toMatchObject([{ client_id: cid, text: 'hello', state: 'sending' }]);
    const stored = msg(2, { author_id: ME, client_id: cid, text: 'hello' });
    // the socket echo comes first
    s.handleFrame(ev(1, { kind: 'message.created', message: stored }));
    expect(s.state.messages.c_1.pending).toEqual([]);
    resolve(stored);
    await flush();
    expect(s.state.messages.c_1.items.map((m) => m.id)).toEqual(['m_1', 'm_2']);
    expect(s.state.messages.c_1.pending).toEqual([]);
    expect(s.state.conversations.c_1.my!.unread_count).toBe(0);
  });

  it('HTTP answer first, then the socket echo: still one copy', async () => {
    const { api } = fakeApi({ sendMessage: async (_id: string, body: { client_id: string }) => msg(2, { author_id: ME, client_id: body.client_id }) });
    const { s } = storeWith(api, { lastSeq: 0, conversations: { c_1: conv('c_1', { last_seq: 1 }) }, messages: { c_1: { items: [msg(1)], hasMore: false, pending: [] } } });
    const cid = s.send('c_1', 'hello');
    await flush();
    s.handleFrame(ev(1, { kind: 'message.created', message: msg(2, { author_id: ME, client_id: cid }) }));
    expect(s.state.messages.c_1.items.map((m) => m.seq)).toEqual([1, 2]);
    expect(s.state.messages.c_1.pending).toEqual([]);
  });

  it('a network failure queues the message; back online it is re-sent with the same client_id', async () => {
    let fail = true;
    const sendMessage = vi.fn(async (_id: string, body: { client_id: string; text: string }) => {
      if (fail) throw new ApiError({ status: 0, code: 'network' });
      return msg(2, { author_id: ME, client_id: body.client_id, text: body.text });
    });
    const { api } = fakeApi({ sendMessage: sendMessage as unknown as ChatApi['sendMessage'] });
    const { s } = storeWith(api, { lastSeq: 0, conversations: { c_1: conv('c_1') }, messages: { c_1: { items: [], hasMore: false, pending: [] } } });
    const cid = s.send('c_1', 'offline hello');
    await flush();
    expect(s.state.messages.c_1.pending[0].state).toBe('queued');
    fail = false;
    s.setSocketStatus('offline');
    s.setSocketStatus('open');
    await flush();
    expect(sendMessage).toHaveBeenCalledTimes(2);
    expect(sendMessage.mock.calls.map((c) => c[1].client_id)).toEqual([cid, cid]);
    expect(s.state.messages.c_1.items.map((m) => m.text)).toEqual(['offline hello']);
    expect(s.state.messages.c_1.pending).toEqual([]);
  });

  it('an urgent message waiting in the outbox is re-sent still urgent; a normal one sends no urgency', async () => {
    let fail = true;
    const sendMessage = vi.fn(async (_id: string, body: { client_id: string; text: string; urgency?: string }) => {
      if (fail) throw new ApiError({ status: 0, code: 'network' });
      return msg(2, { author_id: ME, client_id: body.client_id, text: body.text });
    });
    const { api } = fakeApi({ sendMessage: sendMessage as unknown as ChatApi['sendMessage'] });
    const { s } = storeWith(api, { lastSeq: 0, conversations: { c_1: conv('c_1') }, messages: { c_1: { items: [], hasMore: false, pending: [] } } });
    s.send('c_1', 'fire drill now', { urgency: 'urgent' });
    await flush();
    expect(s.state.messages.c_1.pending[0]).toMatchObject({ state: 'queued', urgency: 'urgent' });
    fail = false;
    s.retryQueued();
    await flush();
    expect(sendMessage.mock.calls.map((c) => c[1].urgency)).toEqual(['urgent', 'urgent']);
    s.send('c_1', 'plain');
    await flush();
    expect(sendMessage.mock.calls[2][1]).not.toHaveProperty('urgency');
  });

  it('a refused message is marked failed and can be retried by hand', async () => {
    let refuse = true;
    const sendMessage = vi.fn(async (_id: string, body: { client_id: string }) => {
      if (refuse) throw new ApiError({ status: 403, code: 'permission_denied' });
      return msg(5, { author_id: ME, client_id: body.client_id });
    });
    const { api } = fakeApi({ sendMessage: sendMessage as unknown as ChatApi['sendMessage'] });
    const { s } = storeWith(api, { lastSeq: 0, conversations: { c_1: conv('c_1') }, messages: { c_1: { items: [], hasMore: false, pending: [] } } });
    const cid = s.send('c_1', 'x');
    await flush();
    expect(s.state.messages.c_1.pending[0]).toMatchObject({ state: 'failed', error: 'permission_denied' });
    s.setSocketStatus('open'); // not retried automatically
    await flush();
    expect(sendMessage).toHaveBeenCalledTimes(1);
    refuse = false;
    s.retry('c_1', cid);
    await flush();
    expect(s.state.messages.c_1.pending).toEqual([]);
    expect(s.state.messages.c_1.items).toHaveLength(1);
  });
});

describe('ChatStore: resync, delivered, read', () => {
  it('a gap refetches the list and the open conversation, keeping unsent messages', async () => {
    const { api, calls } = fakeApi({
      sendMessage: async () => {
        throw new ApiError({ status: 0, code: 'network' });
      },
      messages: async () => ({ items: [msg(8), msg(9)], has_more: true }),
      conversations: async () => ({ items: [conv('c_1', { last_seq: 9 }), conv('c_2')] }),
    });
    const { s } = storeWith(api, {
      lastSeq: 5,
      openId: 'c_1',
      conversations: { c_1: conv('c_1') },
      messages: { c_1: { items: [msg(1)], hasMore: false, pending: [] }, c_3: { items: [msg(2)], hasMore: false, pending: [] } },
    });
    s.send('c_1', 'waiting');
    await flush();
    s.handleFrame(ev(9, { kind: 'presence', person_id: OTHER, online: true }));
    await flush();
    await flush();
    expect(calls.map((c) => c.fn)).toEqual(expect.arrayContaining(['conversations', 'messages']));
    expect(Object.keys(s.state.conversations).sort()).toEqual(['c_1', 'c_2']);
    expect(s.state.messages.c_1.items.map((m) => m.seq)).toEqual([8, 9]);
    expect(s.state.messages.c_1.hasMore).toBe(true);
    expect(s.state.messages.c_1.pending.map((p) => p.text)).toEqual(['waiting']);
    expect(s.state.messages.c_3).toBeUndefined(); // closed conversations refetch when opened
    expect(s.state.resyncs).toBe(1);
  });

  it('acknowledges delivery of others’ messages once per conversation, with the newest seq', async () => {
    const { api, calls } = fakeApi();
    const { s, timers } = storeWith(api, { lastSeq: 0, conversations: { c_1: conv('c_1') } });
    s.handleFrame(ev(1, { kind: 'message.created', message: msg(1) }));
    s.handleFrame(ev(2, { kind: 'message.created', message: msg(2) }));
    s.handleFrame(ev(3, { kind: 'message.created', message: msg(3, { author_id: ME }) }));
    expect(timers).toHaveLength(1);
    timers[0]();
    expect(calls.filter((c) => c.fn === 'markDelivered').map((c) => c.args)).toEqual([['c_1', 2]]);
  });

  it('markRead moves forward only and updates the counts at once', async () => {
    const { api, calls } = fakeApi();
    const { s } = storeWith(api, {
      conversations: { c_1: conv('c_1', { last_seq: 3, my: { last_read_seq: 0, unread_count: 3, mention_count: 0 } }) },
      messages: { c_1: { items: [msg(1), msg(2), msg(3)], hasMore: false, pending: [] } },
    });
    s.markRead('c_1', 2);
    expect(s.state.conversations.c_1.my).toMatchObject({ last_read_seq: 2, unread_count: 1 });
    s.markRead('c_1', 1);
    await flush();
    expect(calls.filter((c) => c.fn === 'markRead').map((c) => c.args)).toEqual([['c_1', 2]]);
  });

  it('loads older pages before the oldest loaded message', async () => {
    const messages = vi.fn(async (_id: string, q: { before?: number }) =>
      q.before ? { items: [msg(1), msg(2)], has_more: false } : { items: [msg(3), msg(4)], has_more: true },
    );
    const { api } = fakeApi({ messages: messages as unknown as ChatApi['messages'] });
    const { s } = storeWith(api, { conversations: { c_1: conv('c_1') } });
    await s.open('c_1');
    expect(s.state.messages.c_1.hasMore).toBe(true);
    await s.loadOlder('c_1');
    expect(messages.mock.calls[1][1]).toMatchObject({ before: 3 });
    expect(s.state.messages.c_1.items.map((m) => m.seq)).toEqual([1, 2, 3, 4]);
    expect(s.state.messages.c_1.hasMore).toBe(false);
  });

  it('a message in an unknown conversation fetches that conversation', async () => {
    const { api, calls } = fakeApi();
    const { s } = storeWith(api, { lastSeq: 0 });
    s.handleFrame(ev(1, { kind: 'message.created', message: msg(1, { conversation_id: 'c_new' }) }));
    await flush();
    expect(calls.find((c) => c.fn === 'conversation')!.args).toEqual(['c_new']);
    expect(s.state.conversations.c_new).toBeTruthy();
  });

  it('being removed from a conversation drops it', () => {
    const { api } = fakeApi();
    const { s } = storeWith(api, { lastSeq: 0, conversations: { c_1: conv('c_1') }, messages: { c_1: { items: [msg(1)], hasMore: false, pending: [] } } });
    s.handleFrame(ev(1, { kind: 'member.removed', conversation_id: 'c_1', person_id: ME }));
    expect(s.state.conversations.c_1).toBeUndefined();
    expect(s.state.messages.c_1).toBeUndefined();
  });
});

describe('resync keeps or replaces the open history', () => {
  const older = Array.from({ length: 5 }, (_, i) => msg(i + 1));
  const newest = [msg(6), msg(7)];
  const setup = () => {
    const { api } = fakeApi({ messages: (async () => ({ items: newest, has_more: true })) as unknown as ChatApi['messages'] });
    const { s } = storeWith(api, { openId: 'c_1', conversations: { c_1: conv('c_1') }, messages: { c_1: { items: older, hasMore: true, pending: [] } } });
    return s;
  };
  it('the first hello joins the newest page to what was just loaded', async () => {
    const s = setup();
    await s.resync(true); // what the first hello's effect runs (see reduceFrame above)
    expect(s.state.messages.c_1.items.map((m) => m.seq)).toEqual([1, 2, 3, 4, 5, 6, 7]);
  });
  it('a resync after a gap starts over from the newest page', async () => {
    const s = setup();
    await s.resync();
    expect(s.state.messages.c_1.items.map((m) => m.seq)).toEqual([6, 7]);
  });
});

describe('presence', () => {
  it('watches whom the client shows, learns who is online, follows changes, and watches again after a reconnect', () => {
    const { api } = fakeApi();
    const { s } = storeWith(api, { lastSeq: 0 });
    const sent: object[] = [];
    s.setSender((m) => (sent.push(m), true));
    s.watchPresence(['p_b', 'p_a', 'p_b']);
    expect(sent).toEqual([{ type: 'presence', person_ids: ['p_a', 'p_b'] }]);
    s.watchPresence(['p_a', 'p_b']);
    expect(sent.length).toBe(1); // the same list is not sent again
    s.handleFrame({ type: 'presence', online: ['p_b'] });
    expect(s.state.online).toEqual({ p_a: false, p_b: true });
    s.handleFrame(ev(0, { kind: 'presence', person_id: 'p_a', online: true }));
    expect(s.state.online.p_a).toBe(true);
    s.handleFrame({ type: 'hello', user_id: ME, session_id: 's', seq: 0 });
    expect(sent.at(-1)).toEqual({ type: 'presence', person_ids: ['p_a', 'p_b'] });
  });
});

describe('member.added', () => {
  it('counts everyone a batch added; being in the batch fetches the conversation', async () => {
    const { api, calls } = fakeApi();
    const { s } = storeWith(api, { lastSeq: 0, conversations: { c_1: conv('c_1') } });
    s.handleFrame(ev(1, { kind: 'member.added', conversation_id: 'c_1', added: 3, person_ids: ['p_a', 'p_b', 'p_c'] }));
    expect(s.state.conversations.c_1.member_count).toBe(6);
    expect(s.state.membersVersion.c_1).toBe(1);
    s.handleFrame(ev(2, { kind: 'member.added', conversation_id: 'c_1', added: 5000 })); // too many to name
    expect(s.state.conversations.c_1.member_count).toBe(5006);
    s.handleFrame(ev(3, { kind: 'member.added', conversation_id: 'c_new', added: 2, person_ids: [ME] }));
    await flush();
    expect(calls.filter((c) => c.fn === 'conversation').map((c) => c.args)).toEqual([['c_new']]);
  });
});

describe('member.updated', () => {
  it('being made a poster of an announcement channel enables my composer; others only refresh lists', () => {
    const { api } = fakeApi();
    const news = conv('c_news', { kind: 'announcement', my: { ...conv('x').my!, can_post: false } });
    const { s } = storeWith(api, { lastSeq: 0, conversations: { c_news: news, c_1: conv('c_1') } });
    s.handleFrame(ev(1, { kind: 'member.updated', conversation_id: 'c_news', person_id: ME, role: 'member', can_post: true }));
    expect(s.state.conversations.c_news.my?.can_post).toBe(true);
    s.handleFrame(ev(2, { kind: 'member.updated', conversation_id: 'c_news', person_id: ME, role: 'member', can_post: false }));
    expect(s.state.conversations.c_news.my?.can_post).toBe(false);
    s.handleFrame(ev(3, { kind: 'member.updated', conversation_id: 'c_news', person_id: ME, role: 'moderator', can_post: false }));
    expect(s.state.conversations.c_news.my).toMatchObject({ role: 'moderator', can_post: true });
    const before = s.state.membersVersion?.c_1 ?? 0;
    s.handleFrame(ev(4, { kind: 'member.updated', conversation_id: 'c_1', person_id: OTHER, role: 'moderator', can_post: true }));
    expect(s.state.conversations.c_1.my?.role).toBe('member');
    expect(s.state.membersVersion?.c_1 ?? 0).toBeGreaterThan(before);
  });
});

describe('reactions in shared events', () => {
  it('works out `mine` from person_ids for the signed-in person', async () => {
    const { withMine } = await import('./chat');
    const m = { id: 'm_1', reactions: [{ emoji: '👍', count: 2, person_ids: ['p_me', 'p_x'] }, { emoji: '🎉', count: 1, person_ids: ['p_x'] }] } as never;
    const out = withMine(m, 'p_me') as { reactions: { emoji: string; mine: boolean }[] };
    expect(out.reactions.map((r) => [r.emoji, r.mine])).toEqual([['👍', true], ['🎉', false]]);
  });
});

describe('live notices', () => {
  const notice = { id: 7, kind: 'warning', body: { conversation_name: 'Ops' }, at: '2026-12-05T10:00:00Z' };
  it('a notice event reaches the store once and is gone when dismissed', () => {
    const store = new ChatStore({} as ChatApi);
    store.reset(ME);
    store.handleFrame({ type: 'hello', seq: 1 });
    store.handleFrame(ev(2, { kind: 'notice', notice }));
    store.handleFrame(ev(2, { kind: 'notice', notice })); // replayed after a resume
    expect(store.store.get().liveNotices).toEqual([notice]);
    store.dismissNotice(7);
    expect(store.store.get().liveNotices).toEqual([]);
  });
});

describe('status marks: the floors of everyone’s positions', () => {
  const base: ChatState = { ...initialChatState, me: ME, conversations: { c_1: conv('c_1') }, messages: { c_1: { items: [], hasMore: false, pending: [] } } };

  it('a message is stored until everyone has it, delivered until everyone read it', () => {
    expect(messageStatus(undefined, 5)).toBe('stored');
    expect(messageStatus({ delivered: 4, read: 2 }, 5)).toBe('stored');
    expect(messageStatus({ delivered: 5, read: 2 }, 5)).toBe('delivered');
    expect(messageStatus({ delivered: 7, read: 5 }, 5)).toBe('read');
  });

  it('read and delivered events raise the floors only when they carry them, and never lower them', () => {
    let s = reduceFrame(base, { type: 'hello', seq: 10 }, 0).state;
    s = reduceFrame(s, ev(11, { kind: 'delivered', conversation_id: 'c_1', person_id: OTHER, seq: 3 }), 0).state;
    expect(s.floors.c_1).toBeUndefined();
    s = reduceFrame(s, ev(12, { kind: 'read', conversation_id: 'c_1', person_id: OTHER, seq: 3, delivered_all_seq: 3, read_all_seq: 3 }), 0).state;
    expect(s.floors.c_1).toEqual({ delivered: 3, read: 3 });
    s = reduceFrame(s, ev(13, { kind: 'delivered', conversation_id: 'c_1', person_id: OTHER, seq: 2, delivered_all_seq: 2, read_all_seq: 1 }), 0).state;
    expect(s.floors.c_1).toEqual({ delivered: 3, read: 3 });
  });

  it('a page of messages brings the floors', async () => {
    const api = fakeApi({ messages: async () => ({ items: [msg(1), msg(2)], has_more: false, receipts: { delivered_all_seq: 2, read_all_seq: 1 } }) });
    const { s } = storeWith(api.api);
    await s.loadNewest('c_1');
    expect(s.state.floors.c_1).toEqual({ delivered: 2, read: 1 });
  });
});

describe('the chat list asked for at start-up', () => {
  it('is used by the first load, which then asks nothing more', async () => {
    const api = fakeApi();
    const { s } = storeWith(api.api);
    s.prefetchConversations(Promise.resolve({ items: [conv('c_early')] }));
    await s.loadConversations();
    expect(Object.keys(s.state.conversations)).toEqual(['c_early']);
    expect(api.calls.filter((c) => c.fn === 'conversations')).toHaveLength(0);
    await s.loadConversations(); // later loads ask the server again
    expect(api.calls.filter((c) => c.fn === 'conversations')).toHaveLength(1);
    expect(Object.keys(s.state.conversations)).toEqual(['c_1']);
  });

  it('is asked for again when it failed', async () => {
    const api = fakeApi();
    const { s } = storeWith(api.api);
    s.prefetchConversations(Promise.reject(new Error('offline')));
    await s.loadConversations();
    expect(Object.keys(s.state.conversations)).toEqual(['c_1']);
    expect(api.calls.filter((c) => c.fn === 'conversations')).toHaveLength(1);
  });

  it('is never shown to the next person after a sign-out', async () => {
    const api = fakeApi();
    const { s } = storeWith(api.api);
    s.prefetchConversations(Promise.resolve({ items: [conv('c_previous_person')] }));
    s.reset(null);
    s.reset('p_next');
    await s.loadConversations();
    expect(Object.keys(s.state.conversations)).toEqual(['c_1']);
  });
});
