import { describe, expect, it, vi } from 'vitest';
import { Connection, SESSION_ENDED, backoffDelay, type SocketLike } from './ws';

class FakeSocket implements SocketLike {
  onopen: SocketLike['onopen'] = null;
  onmessage: SocketLike['onmessage'] = null;
  onclose: SocketLike['onclose'] = null;
  onerror: SocketLike['onerror'] = null;
  sent: string[] = [];
  closed: number | null = null;
  constructor(readonly url: string) {}
  send(d: string) {
    this.sent.push(d);
  }
  close(code = 1000) {
    this.closed = code;
  }
  // test helpers
  open() {
    this.onopen?.({});
  }
  receive(obj: unknown) {
    this.onmessage?.({ data: JSON.stringify(obj) });
  }
  drop(code = 1006) {
    this.onclose?.({ code });
  }
}

/** Manual timers: run them explicitly, in order. */
function fakeTimers() {
  const pending: { fn: () => void; ms: number; id: number }[] = [];
  let next = 1;
  return {
    pending,
    setTimer: (fn: () => void, ms: number) => {
      const id = next++;
      pending.push({ fn, ms, id });
      return id;
    },
    clearTimer: (h: unknown) => {
      const i = pending.findIndex((p) => p.id === h);
      if (i >= 0) pending.splice(i, 1);
    },
    runNext() {
      const t = pending.shift();
      t?.fn();
      return t;
    },
  };
}

function setup(random = () => 0.5) {
  const sockets: FakeSocket[] = [];
  const timers = fakeTimers();
  const onSessionEnded = vi.fn();
  const conn = new Connection({
    url: 'ws://x/api/v1/ws',
    createSocket: (url) => {
      const s = new FakeSocket(url);
      sockets.push(s);
      return s;
    },
    onSessionEnded,
    random,
    setTimer: timers.setTimer,
    clearTimer: timers.clearTimer,
    backoff: { baseMs: 100, maxMs: 1000 },
    pingIntervalMs: 0,
  });
  return { conn, sockets, timers, onSessionEnded };
}

describe('backoffDelay', () => {
  it('grows exponentially, stays within [cap/2, cap], and is capped', () => {
    const opts = { baseMs: 100, maxMs: 1000 };
    expect(backoffDelay(0, () => 0, opts)).toBe(50);
    expect(backoffDelay(0, () => 1, opts)).toBe(100);
    expect(backoffDelay(3, () => 0, opts)).toBe(400);
    expect(backoffDelay(3, () => 1, opts)).toBe(800);
    expect(backoffDelay(10, () => 1, opts)).toBe(1000);
    expect(backoffDelay(50, () => 0.5, opts)).toBe(750);
  });
  it('spreads clients apart (jitter)', () => {
    const a = backoffDelay(4, () => 0.1);
    const b = backoffDelay(4, () => 0.9);
    expect(a).not.toBe(b);
  });
});

describe('Connection', () => {
  it('reconnects with growing delays after drops and resets after a hello', () => {
    const { conn, sockets, timers } = setup(() => 1);
    conn.start();
    expect(sockets).toHaveLength(1);
    expect(sockets[0].url).toBe('ws://x/api/v1/ws');

    sockets[0].drop();
    expect(conn.state).toBe('waiting');
    expect(timers.pending.map((p) => p.ms)).toEqual([100]);
    timers.runNext();
    expect(sockets).toHaveLength(2);

    sockets[1].drop();
    expect(timers.pending.map((p) => p.ms)).toEqual([200]);
    timers.runNext();
    sockets[2].drop();
    expect(timers.pending.map((p) => p.ms)).toEqual([400]);
    timers.runNext();

    // a successful connection with hello resets the backoff
    sockets[3].open();
    sockets[3].receive({ type: 'hello', user_id: 'p_1', session_id: 's_1' });
    expect(conn.state).toBe('open');
    expect(conn.userId).toBe('p_1');
    expect(conn.sessionId).toBe('s_1');
    sockets[3].drop();
    expect(timers.pending.map((p) => p.ms)).toEqual([100]);
  });

  it('stops and signs out on close code 4001 without reconnecting', () => {
    const { conn, sockets, timers, onSessionEnded } = setup();
    conn.start();
    sockets[0].open();
    sockets[0].drop(SESSION_ENDED);
    expect(onSessionEnded).toHaveBeenCalledTimes(1);
    expect(conn.state).toBe('stopped');
    expect(timers.pending).toHaveLength(0);
    expect(sockets).toHaveLength(1);
  });

  it('stop() closes the socket and cancels a pending reconnect', () => {
    const { conn, sockets, timers } = setup();
    conn.start();
    sockets[0].drop();
    expect(timers.pending).toHaveLength(1);
    conn.stop();
    expect(timers.pending).toHaveLength(0);
    expect(conn.state).toBe('stopped');

    conn.start();
    sockets[1].open();
    conn.stop();
    expect(sockets[1].closed).toBe(1000);
    expect(sockets).toHaveLength(2);
  });

  it('drops the socket when the browser goes offline, waits, and connects at once when it is back', () => {
    const { conn, sockets, timers } = setup();
    conn.start();
    sockets[0].open();
    expect(conn.state).toBe('open');
    conn.networkChanged(false);
    expect(sockets[0].closed).toBe(1000);
    expect(conn.state).toBe('waiting');
    expect(conn.send({ type: 'ping' })).toBe(false); // the outbox keeps it, not a dead socket
    expect(timers.pending).toHaveLength(0); // no attempts while offline
    conn.networkChanged(true);
    expect(sockets).toHaveLength(2); // no backoff: a new socket at once
    sockets[1].open();
    expect(conn.state).toBe('open');
    conn.networkChanged(true); // already open: nothing to do
    expect(sockets).toHaveLength(2);
  });

  it('sends ping only while open and ignores junk messages', () => {
    const { conn, sockets } = setup();
    conn.start();
    expect(conn.send({ type: 'ping' })).toBe(false);
    sockets[0].open();
    sockets[0].onmessage?.({ data: 'not json' });
    sockets[0].receive({ type: 'something.new' });
    expect(conn.send({ type: 'ping' })).toBe(true);
    expect(sockets[0].sent).toEqual(['{"type":"ping"}']);
  });
});

describe('Connection: resume after reconnect', () => {
  it('asks for a replay after the last applied seq on every hello, and passes frames on', () => {
    const sockets: FakeSocket[] = [];
    const timers = fakeTimers();
    let last: number | null = null;
    const frames: unknown[] = [];
    const conn = new Connection({
      url: 'ws://x/api/v1/ws',
      createSocket: (url) => {
        const s = new FakeSocket(url);
        sockets.push(s);
        return s;
      },
      resumeAfter: () => last,
      onMessage: (m) => frames.push(m),
      random: () => 0,
      setTimer: timers.setTimer,
      clearTimer: timers.clearTimer,
      pingIntervalMs: 0,
    });
    conn.start();
    sockets[0].open();
    sockets[0].receive({ type: 'hello', user_id: 'p_1', session_id: 's', seq: 7 });
    expect(sockets[0].sent).toEqual([]); // nothing applied yet: no resume
    sockets[0].receive({ type: 'event', seq: 8, event: { kind: 'presence', person_id: 'p_2', online: true } });
    last = 8;
    sockets[0].drop();
    timers.runNext();
    sockets[1].open();
    sockets[1].receive({ type: 'hello', user_id: 'p_1', session_id: 's', seq: 12 });
    expect(sockets[1].sent.map((s) => JSON.parse(s))).toEqual([{ type: 'resume', after: 8 }]);
    sockets[1].receive({ type: 'resync' });
    expect(frames.map((f) => (f as { type: string }).type)).toEqual(['hello', 'event', 'hello', 'resync']);
  });

  it('takes a coalesced frame (a JSON array) as its messages, in order', () => {
    const sockets: FakeSocket[] = [];
    const frames: { type: string; seq?: number }[] = [];
    const conn = new Connection({
      url: 'ws://x/api/v1/ws',
      createSocket: (url) => {
        const s = new FakeSocket(url);
        sockets.push(s);
        return s;
      },
      onMessage: (m) => frames.push(m as { type: string; seq?: number }),
      pingIntervalMs: 0,
    });
    conn.start();
    sockets[0].open();
    sockets[0].receive([
      { type: 'event', seq: 3, event: { kind: 'presence', person_id: 'p_2', online: true } },
      { type: 'event', seq: 4, event: { kind: 'presence', person_id: 'p_2', online: false } },
      { type: 'pong' },
    ]);
    expect(frames.map((f) => [f.type, f.seq])).toEqual([['event', 3], ['event', 4], ['pong', undefined]]);
  });
});
