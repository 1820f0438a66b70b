// One signed-in person flooding their WebSocket must not hang anyone else (issue 12): a flood of
// sends — as frames and as one JSON array — and of every other client message kind is refused with
// `rate_limited` beyond the per-socket limits, while other people's HTTP sends and live events keep
// their latency, /healthz answers, and SIGTERM still stops the server within a few seconds.
// The bounds are hang detectors for a loaded 2-core machine, not benchmarks.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createConversation, newClientId, openSocket, sendMessage, sleep, startOrg } from './lib/messaging.mjs';

const FLOOD = 1000;
const MAX_LATENCY_MS = 2000; // a hung server answers never; a healthy one in milliseconds

describe('a flooding WebSocket client', () => {
  let org;
  let alice; // the flooder
  let bob;
  let carol;
  let flooded; // alice, bob, carol
  let quiet; // bob, carol: the conversation whose latency is watched
  const sockets = [];
  const open = async (client) => {
    const s = await openSocket(org.url, client);
    sockets.push(s);
    return s;
  };

  before(async () => {
    org = await startOrg(['Alice', 'Bob', 'Carol']);
    ({ alice, bob, carol } = org.people);
    flooded = await createConversation(alice.client, { kind: 'group', name: 'flooded', member_ids: [bob.id, carol.id] });
    quiet = await createConversation(bob.client, { kind: 'group', name: 'quiet', member_ids: [carol.id] });
  });
  after(async () => {
    for (const s of sockets) s.close();
    await org?.srv.stop();
  });

  // While `flood` runs, Bob sends over HTTP and Carol's socket receives: each answer and each
  // event must come within MAX_LATENCY_MS.
  async function othersKeepTheirLatency(flood) {
    const carolSock = await open(carol.client);
    const flooding = flood();
    const latencies = [];
    for (let i = 0; i < 8; i++) {
      const started = Date.now();
      const m = await Promise.race([
        sendMessage(bob.client, quiet.id, `during the flood ${i}`),
        sleep(MAX_LATENCY_MS * 3).then(() => assert.fail(`Bob's send ${i} got no answer within ${MAX_LATENCY_MS * 3} ms`)),
      ]);
      await carolSock.waitForMessage(m.id, MAX_LATENCY_MS * 3);
      latencies.push(Date.now() - started);
      const health = await fetch(`${org.url}/healthz`, { signal: AbortSignal.timeout(MAX_LATENCY_MS * 3) });
      assert.equal(health.status, 200);
    }
    await flooding;
    assert.ok(Math.max(...latencies) < MAX_LATENCY_MS, `send-to-delivery latencies during the flood: ${latencies.join(', ')} ms`);
  }

  const answersFor = (sock, ids) =>
    Promise.all(ids.map((id) => sock.waitFor((f) => (f.type === 'sent' || f.type === 'send_failed') && f.client_id === id, 30_000, `answer to ${id}`)));

  test('1,000 send frames back to back: the surplus is refused as rate_limited, every send is answered, others are not held up', async () => {
    const a = await open(alice.client);
    const ids = Array.from({ length: FLOOD }, () => newClientId());
    let answers;
    await othersKeepTheirLatency(async () => {
      // One burst: corked, the 1,000 frames leave in one write and reach the server together, as
      // a flooder's would; written one by one, a quiet server could store each before the next came.
      a.ws._socket.cork();
      for (const id of ids) a.send({ type: 'send', conversation_id: flooded.id, message: { client_id: id, text: 'x' } });
      process.nextTick(() => a.ws._socket.uncork());
      answers = await answersFor(a, ids);
    });
    const refused = answers.filter((f) => f.type === 'send_failed');
    assert.ok(refused.length > 0, 'some sends beyond the in-flight limit are refused');
    assert.ok(refused.every((f) => f.error.code === 'rate_limited'), `refusals: ${JSON.stringify(refused.slice(0, 3))}`);
    assert.ok(answers.some((f) => f.type === 'sent'), 'sends within the limit are stored');
    assert.ok(a.isOpen, 'the flooder is refused, not cut off');
  });

  test('sends in one JSON-array frame: the same refusals, and nobody else waits', async () => {
    const a = await open(alice.client);
    // As many sends as one 64 KiB client message holds.
    const ids = [];
    let frame = '[]';
    for (;;) {
      const id = newClientId();
      const next = JSON.stringify([...ids, id].map((c) => ({ type: 'send', conversation_id: flooded.id, message: { client_id: c, text: 'y' } })));
      if (next.length > 64 * 1024) break;
      ids.push(id);
      frame = next;
    }
    assert.ok(ids.length > 256, `the frame holds more sends (${ids.length}) than may be in flight`);
    let answers;
    await othersKeepTheirLatency(async () => {
      a.ws.send(frame);
      answers = await answersFor(a, ids);
    });
    assert.ok(answers.some((f) => f.type === 'send_failed' && f.error.code === 'rate_limited'), 'the surplus is refused');
    assert.ok(answers.every((f) => f.type === 'sent' || f.error.code === 'rate_limited'));
  });

  test('a 1,000-send array too large for one client message closes that socket (1009) without harming others', async () => {
    const a = await open(alice.client);
    const big = Array.from({ length: FLOOD }, () => ({ type: 'send', conversation_id: flooded.id, message: { client_id: newClientId(), text: 'z' } }));
    await othersKeepTheirLatency(async () => {
      a.ws.send(JSON.stringify(big));
      const closed = await Promise.race([a.closed, sleep(10_000).then(() => null)]);
      assert.ok(closed, 'the socket is closed');
      assert.equal(closed.code, 1009);
    });
  });

  const kinds = {
    typing: () => ({ type: 'typing', conversation_id: flooded.id }),
    presence: () => ({ type: 'presence', person_ids: [bob.id, carol.id] }),
    read: () => ({ type: 'read', conversation_id: flooded.id, seq: 1 }),
    resume: (sock) => ({ type: 'resume', after: sock.hello.seq - 1 }),
    ping: () => ({ type: 'ping' }),
  };
  for (const [kind, make] of Object.entries(kinds)) {
    test(`1,000 ${kind} messages back to back are limited, and others keep their latency`, async () => {
      const a = await open(alice.client);
      const before = a.frames.length;
      await othersKeepTheirLatency(async () => {
        for (let i = 0; i < FLOOD; i++) a.send(make(a));
        // Answered (or dropped) promptly: a ping after the flood is answered once the flood is handled.
        await sleep(1100);
        a.send({ type: 'ping' });
        await a.waitFor((f) => f.type === 'pong', 10_000, 'pong after the flood', { fromIndex: a.frames.length });
      });
      const limited = a.frames.slice(before).filter((f) => f.type === 'error' && f.code === 'rate_limited');
      assert.ok(limited.length > 0, `the flooder is told it is rate limited (${kind})`);
      assert.ok(limited.length < FLOOD, 'one refusal is not answered per dropped message');
    });
  }

  test('after all that, SIGTERM stops the server within a few seconds', async () => {
    const a = await open(alice.client);
    for (let i = 0; i < FLOOD; i++) a.send({ type: 'send', conversation_id: flooded.id, message: { client_id: newClientId(), text: 'w' } });
    const started = Date.now();
    org.srv.proc.kill('SIGTERM');
    const exit = await Promise.race([org.srv.exited, sleep(10_000).then(() => null)]);
    assert.ok(exit, 'the server exited after SIGTERM');
    assert.ok(Date.now() - started < 5000, `it took ${Date.now() - started} ms`);
  });
});
