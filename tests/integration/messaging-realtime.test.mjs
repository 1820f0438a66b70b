// The event stream (docs/api/messaging.md, "WebSocket"): several real sockets per person, per-person
// event seqs without gaps, resume after a disconnect, resync when the server cannot replay, typing,
// and message.updated for edits, deletes and reactions.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { expectOk } from './lib/fixtures.mjs';
import {
  assertConsecutive,
  createConversation,
  openSocket,
  secondSession,
  sendMessage,
  sleep,
  startOrg,
} from './lib/messaging.mjs';
import { makeTempDir, startServer } from './lib/server.mjs';
import { rm } from 'node:fs/promises';

const enc = encodeURIComponent;

describe('messaging real-time', () => {
  let org;
  let alice;
  let bob;
  let carol;
  let alice2; // second sessions (other devices)
  let bob2;
  const sockets = [];
  const open = async (client) => {
    const s = await openSocket(org.url, client);
    sockets.push(s);
    return s;
  };
  before(async () => {
    org = await startOrg(['Alice', 'Bob', 'Carol']);
    ({ alice, bob, carol } = org.people);
    alice2 = await secondSession(org.url, alice);
    bob2 = await secondSession(org.url, bob);
  });
  after(async () => {
    for (const s of sockets) s.close();
    await org?.srv.stop();
  });

  test('hello carries the person’s newest event seq', { timeout: 30_000 }, async () => {
    const s = await open(alice.client);
    assert.equal(s.hello.user_id, alice.id);
    assert.ok(Number.isInteger(s.hello.seq) && s.hello.seq >= 0, `hello.seq is an integer: ${JSON.stringify(s.hello)}`);
    s.close();
  });

  test('a message reaches all four sockets of two people (two sessions each) as message.created', { timeout: 30_000 }, async () => {
    const conv = await createConversation(alice.client, { kind: 'direct', member_ids: [bob.id] }, 201);
    const socks = {
      alice1: await open(alice.client),
      alice2: await open(alice2),
      bob1: await open(bob.client),
      bob2: await open(bob2),
    };
    const m = await sendMessage(alice.client, conv.id, 'hello everyone');
    const got = {};
    for (const [name, s] of Object.entries(socks)) {
      got[name] = await s.waitForMessage(m.id, 3000).catch((e) => assert.fail(`${name}: ${e.message}`));
      const ev = got[name].event;
      assert.equal(ev.message.text, 'hello everyone', `${name}: the event carries the message`);
      assert.equal(ev.message.conversation_id, conv.id);
      assert.equal(ev.message.seq, m.seq);
      assert.ok(got[name].seq > 0, `${name}: a stored event has seq > 0`);
    }
    // One person's devices see the same per-person seq for the same event.
    assert.equal(got.alice1.seq, got.alice2.seq, 'alice’s two devices see the same event seq');
    assert.equal(got.bob1.seq, got.bob2.seq, 'bob’s two devices see the same event seq');
    // The first event after hello follows hello.seq.
    assert.equal(got.bob1.seq, socks.bob1.hello.seq + 1, 'the first event after hello has seq hello.seq + 1');
    for (const s of Object.values(socks)) s.close();
  });

  test('per-person event seq increases by one with no gaps, on every device, across conversations', { timeout: 30_000 }, async () => {
    const direct = await createConversation(alice.client, { kind: 'direct', member_ids: [bob.id] }, 200);
    const group = await createConversation(alice.client, { kind: 'group', name: 'seq group', member_ids: [bob.id, carol.id] });
    const b1 = await open(bob.client);
    const b2 = await open(bob2);
    const c1 = await open(carol.client);
    const sent = [];
    for (let i = 0; i < 10; i++) {
      const conv = i % 2 ? direct : group;
      const author = [alice, carol, bob][i % 3];
      if (conv === direct && author === carol) continue;
      sent.push(await sendMessage(author.client, conv.id, `n${i}`));
    }
    // Burst in parallel as well.
    sent.push(...(await Promise.all([0, 1, 2, 3, 4, 5].map((i) => sendMessage([alice, carol][i % 2].client, group.id, `burst ${i}`)))));
    for (const m of sent) {
      await b1.waitForMessage(m.id);
      await b2.waitForMessage(m.id);
    }
    for (const [name, s] of [['bob device 1', b1], ['bob device 2', b2]]) {
      const evs = s.seqEvents();
      assert.equal(evs[0].seq, s.hello.seq + 1, `${name}: first event follows hello.seq`);
      assertConsecutive(evs, name);
      const created = s.events('message.created').map((f) => f.event.message.id);
      assert.equal(new Set(created).size, created.length, `${name}: no message.created twice`);
      for (const f of s.events().filter((x) => x.seq === 0)) {
        assert.ok(['typing', 'presence'].includes(f.event.kind), `${name}: only typing/presence may have seq 0, got ${f.event.kind}`);
      }
    }
    assert.deepEqual(b1.seqEvents().map((f) => f.seq), b2.seqEvents().map((f) => f.seq), 'both devices see the same seqs');
    // Carol's seqs are her own, also consecutive; she never sees the direct conversation.
    assertConsecutive(c1.seqEvents(), 'carol');
    assert.ok(!c1.events().some((f) => JSON.stringify(f.event).includes(direct.id)), 'carol sees nothing of the alice–bob direct');
    // Within one conversation, message.created events come in message seq order.
    const groupSeqs = b1.events('message.created').filter((f) => f.event.message.conversation_id === group.id).map((f) => f.event.message.seq);
    assert.deepEqual(groupSeqs, [...groupSeqs].sort((x, y) => x - y), 'message events come in message order');
    for (const s of [b1, b2, c1]) s.close();
  });

  test('resume: after a disconnect, {"type":"resume","after":N} replays exactly the missed events, in order, once', { timeout: 30_000 }, async () => {
    const group = await createConversation(alice.client, { kind: 'group', name: 'resume group', member_ids: [bob.id] });
    const stay = await open(bob2); // bob's other device stays connected the whole time
    const s1 = await open(bob.client);
    const warm = await sendMessage(alice.client, group.id, 'before the tunnel');
    const lastSeen = (await s1.waitForMessage(warm.id)).seq;
    s1.ws.close(1000);
    await s1.closed;

    const missed = [];
    for (let i = 0; i < 5; i++) missed.push(await sendMessage(alice.client, group.id, `missed ${i}`));
    await stay.waitForMessage(missed[4].id);

    const s2 = await open(bob.client);
    assert.ok(s2.hello.seq >= lastSeen + 5, `hello.seq ${s2.hello.seq} counts the 5 missed events after ${lastSeen}`);
    const mark = s2.frames.length;
    s2.send({ type: 'resume', after: lastSeen });
    const lastMissed = await s2.waitForMessage(missed[4].id, 3000);
    await sleep(300); // anything replayed twice would arrive right behind
    const replay = s2.frames.slice(mark).filter((f) => f.type === 'event' && f.seq > 0);
    assert.ok(!s2.frames.slice(mark).some((f) => f.type === 'resync'), 'the server could replay, so no resync');
    assert.deepEqual(
      replay.map((f) => f.seq),
      Array.from({ length: s2.hello.seq - lastSeen }, (_, i) => lastSeen + 1 + i),
      'exactly the events after N up to hello.seq, in order, nothing twice',
    );
    assert.deepEqual(
      replay.filter((f) => f.event.kind === 'message.created').map((f) => f.event.message.id),
      missed.map((m) => m.id),
      'the five missed messages, in order',
    );
    // The seqs match what the always-connected device saw for the same events.
    const staySeq = Object.fromEntries(stay.events('message.created').map((f) => [f.event.message.id, f.seq]));
    for (const f of replay.filter((x) => x.event.kind === 'message.created')) {
      assert.equal(f.seq, staySeq[f.event.message.id], 'a replayed event keeps its seq');
    }
    assert.equal(lastMissed.event.message.text, 'missed 4');

    // Live events continue right after the replay, without a gap or a repeat.
    const prevMax = Math.max(...s2.seqEvents().map((f) => f.seq));
    const live = await sendMessage(alice.client, group.id, 'after resume');
    const liveEv = await s2.waitForMessage(live.id);
    const trace = () => s2.frames.map((f) => (f.type === 'event' ? `${f.seq}:${f.event.kind}:${f.event.message?.text ?? f.event.person_id ?? ''}` : f.type)).join(', ');
    assert.equal(liveEv.seq, prevMax + 1, `the live event follows the replay; frames: ${trace()}`);
    const all = s2.seqEvents().map((f) => f.seq);
    assert.equal(new Set(all).size, all.length, `no event delivered twice: ${all}`);
    assertConsecutive(s2.seqEvents(), 'resumed socket');
    s2.close();
    stay.close();
  });

  test('resume after a long absence (more missed events than a send queue holds) -> a complete replay or resync, socket stays open', { timeout: 30_000 }, async () => {
    const group = await createConversation(alice.client, { kind: 'group', name: 'long absence', member_ids: [bob.id] });
    const s1 = await open(bob.client);
    const lastSeen = s1.hello.seq;
    s1.ws.close(1000);
    await s1.closed;
    const missed = [];
    for (let i = 0; i < 400; i++) missed.push(await sendMessage(alice.client, group.id, `while away ${i}`));
    const s2 = await open(bob.client);
    const mark = s2.frames.length;
    s2.send({ type: 'resume', after: lastSeen });
    const end = await s2
      .waitFor((f) => f.type === 'resync' || (f.type === 'event' && f.event.message?.id === missed.at(-1).id), 8000, 'resync or the last missed message', { fromIndex: mark })
      .catch((e) => {
        const got = s2.frames.slice(mark).filter((f) => f.type === 'event' && f.seq > 0).length;
        throw new Error(`${e.message.split('\n')[0]}; replayed ${got} of ${missed.length} events before the socket ${s2.closeInfo ? `closed with ${s2.closeInfo.code}` : 'stalled'}`);
      });
    assert.ok(s2.isOpen, `the socket stays open after the replay (closed: ${JSON.stringify(s2.closeInfo)})`);
    if (end.type === 'event') {
      const replay = s2.frames.slice(mark).filter((f) => f.type === 'event' && f.seq > 0);
      assert.equal(replay[0].seq, lastSeen + 1);
      assertConsecutive(replay, 'long replay');
      assert.equal(replay.filter((f) => f.event.kind === 'message.created').length, missed.length, 'every missed message once');
    }
    s2.close();
  });

  test('resume after the newest seq replays nothing; resume with a seq never issued -> resync', { timeout: 30_000 }, async () => {
    const s = await open(carol.client);
    const mark = s.frames.length;
    s.send({ type: 'resume', after: s.hello.seq });
    s.send({ type: 'ping' });
    await s.waitFor((f) => f.type === 'pong', 3000, 'pong', { fromIndex: mark });
    const stored = (f) => f.type !== 'pong' && !(f.type === 'event' && f.seq === 0); // presence/typing may come any time
    assert.deepEqual(s.frames.slice(mark).filter(stored), [], 'nothing to replay, no resync');

    const mark2 = s.frames.length;
    s.send({ type: 'resume', after: s.hello.seq + 1_000_000 });
    const f = await s.waitFor((x) => x.type === 'resync' || (x.type === 'event' && x.seq > 0), 3000, 'resync', { fromIndex: mark2 });
    assert.equal(f.type, 'resync', 'a client ahead of the server (a restart or another database) must resync');
    s.close();
  });

  test('typing reaches the other members (seq 0, with the typist’s name)', { timeout: 30_000 }, async () => {
    const group = await createConversation(alice.client, { kind: 'group', name: 'typing group', member_ids: [bob.id, carol.id] });
    const a = await open(alice.client);
    const b1 = await open(bob.client);
    const b2 = await open(bob2);
    const c = await open(carol.client);
    a.send({ type: 'typing', conversation_id: group.id });
    for (const [name, s] of [['bob 1', b1], ['bob 2', b2], ['carol', c]]) {
      const f = await s.waitForEvent((e) => e.kind === 'typing' && e.conversation_id === group.id, 3000, `typing on ${name}`);
      assert.equal(f.seq, 0, 'typing is not stored: seq 0');
      assert.equal(f.event.person_id, alice.id);
      assert.equal(f.event.name, alice.name);
    }
    for (const s of [a, b1, b2, c]) s.close();
  });

  test('edits, deletes, reactions and pins arrive as message.updated with the changed message', { timeout: 30_000 }, async () => {
    const group = await createConversation(alice.client, { kind: 'group', name: 'updates group', member_ids: [bob.id, carol.id] });
    const m = await sendMessage(alice.client, group.id, 'original');
    const b = await open(bob.client);
    const c = await open(carol.client);
    const updated = (s, pred, what) => s.waitForEvent((e) => e.kind === 'message.updated' && e.message?.id === m.id && pred(e.message), 3000, what);

    expectOk(await alice.client.patch(`/api/v1/messages/${m.id}`, { text: 'edited' }));
    for (const s of [b, c]) {
      const f = await updated(s, (x) => x.text === 'edited', 'edit');
      assert.ok(f.event.message.edited_at, 'edited_at set');
    }
    expectOk(await carol.client.put(`/api/v1/messages/${m.id}/reactions/${enc('❤️')}`));
    const rb = await updated(b, (x) => x.reactions?.length === 1, 'reaction on bob');
    assert.equal(rb.event.message.reactions[0].emoji, '❤️');
    assert.equal(rb.event.message.reactions[0].count, 1);
    // One event serialized for every member cannot say `mine`: it says who reacted, and each
    // client works out its own `mine` from person_ids.
    assert.deepEqual(rb.event.message.reactions[0].person_ids, [carol.id], 'the event says carol reacted');
    assert.equal(rb.event.message.reactions[0].mine, undefined, 'no per-viewer field in a shared event');
    const rc = await updated(c, (x) => x.reactions?.length === 1, 'reaction on carol');
    assert.deepEqual(rc.event.message.reactions[0].person_ids, [carol.id]);

    expectOk(await bob.client.put(`/api/v1/messages/${m.id}/pin`));
    await updated(c, (x) => x.pinned === true, 'pin');

    expectOk(await alice.client.delete(`/api/v1/messages/${m.id}`));
    for (const s of [b, c]) {
      const f = await updated(s, (x) => x.deleted === true, 'delete');
      assert.equal(f.event.message.text, '', 'the delete event carries the tombstone, not the text');
    }
    assert.ok(!b.events('message.created').some((f) => f.event.message.id === m.id), 'updates are not message.created');
    assertConsecutive(b.seqEvents(), 'bob');
    b.close();
    c.close();
  });

  test('read positions reach the person’s own other devices', { timeout: 30_000 }, async () => {
    const group = await createConversation(alice.client, { kind: 'group', name: 'read sync', member_ids: [bob.id] });
    const m = await sendMessage(alice.client, group.id, 'read me');
    const other = await open(bob2);
    const r = await bob.client.post(`/api/v1/conversations/${group.id}/read`, { seq: m.seq });
    assert.equal(r.status, 204);
    const f = await other.waitForEvent((e) => e.kind === 'read' && e.conversation_id === group.id, 3000, 'read event on bob’s other device');
    assert.equal(f.event.person_id, bob.id);
    assert.equal(f.event.seq, m.seq);
    assert.ok(f.seq > 0, 'read events are stored events');
    other.close();
  });
});

describe('messaging real-time across a server restart', () => {
  let dataDir;
  let srv;
  const sockets = [];
  before(async () => {
    dataDir = await makeTempDir('muster-it-restart-');
  });
  after(async () => {
    for (const s of sockets) s.close();
    await srv?.stop();
    await rm(dataDir, { recursive: true, force: true });
  });

  test('resume with a seq from before a restart -> resync, or an exact replay of what was missed', { timeout: 30_000 }, async () => {
    srv = await startServer({ dataDir });
    const org = await startOrg(['Alice', 'Bob'], { srv });
    const { alice, bob } = org.people;
    const group = await createConversation(alice.client, { kind: 'group', name: 'restart group', member_ids: [bob.id] });
    const s1 = await openSocket(srv.url, bob.client);
    sockets.push(s1);
    const before1 = await sendMessage(alice.client, group.id, 'before restart');
    const lastSeen = (await s1.waitForMessage(before1.id)).seq;
    await srv.stop();
    await s1.closed;

    srv = await startServer({ dataDir });
    const url = srv.url;
    const rebase = (c) => {
      c.baseUrl = url;
      return c;
    };
    rebase(alice.client);
    rebase(bob.client);
    const missed = [await sendMessage(alice.client, group.id, 'after restart 1'), await sendMessage(alice.client, group.id, 'after restart 2')];
    const s2 = await openSocket(url, bob.client);
    sockets.push(s2);
    const mark = s2.frames.length;
    s2.send({ type: 'resume', after: lastSeen });
    const f = await s2.waitFor(
      (x) => x.type === 'resync' || (x.type === 'event' && x.event.kind === 'message.created' && x.event.message.id === missed[1].id),
      4000,
      'resync or the replay of the missed messages',
      { fromIndex: mark },
    );
    if (f.type === 'resync') return; // the client refetches: fine
    const replay = s2.frames.slice(mark).filter((x) => x.type === 'event' && x.seq > 0);
    assert.equal(replay[0].seq, lastSeen + 1, 'a replay starts right after N');
    assertConsecutive(replay, 'replay after restart');
    assert.deepEqual(
      replay.filter((x) => x.event.kind === 'message.created').map((x) => x.event.message.id),
      missed.map((m) => m.id),
      'the replay holds exactly the missed messages',
    );
  });
});
