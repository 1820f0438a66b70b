// Write pacing (--ws-write-pace): a socket that wrote a moment ago gathers the events that follow
// into one write at the pacer's next tick. Whatever the pace, every event arrives once and in
// order; with a pace, a burst arrives in fewer frames than events.

import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { createConversation, newClientId, openSocket, startOrg } from './lib/messaging.mjs';
import { runCli } from './lib/server.mjs';

// Alice sends `count` messages over her socket, each once the previous one is stored (so each is
// published on its own, a moment after the previous); resolves with Bob's message.created frames.
async function burst(org, count) {
  const { alice, bob } = org.people;
  const group = await createConversation(alice.client, { kind: 'group', name: 'burst', member_ids: [bob.id] });
  const a = await openSocket(org.url, alice.client);
  const b = await openSocket(org.url, bob.client);
  try {
    const answers = [];
    for (let i = 0; i < count; i += 1) {
      const id = newClientId();
      a.send({ type: 'send', conversation_id: group.id, message: { client_id: id, text: `n${i}` } });
      answers.push(await a.waitFor((f) => f.type === 'sent' && f.client_id === id, 10_000, `answer to ${id}`));
    }
    const last = Math.max(...answers.map((f) => f.message.seq));
    await b.waitForEvent((e) => e.kind === 'message.created' && e.message.seq === last, 10_000, 'the last message');
    const created = b.events('message.created').filter((f) => f.event.message.conversation_id === group.id);
    return { created };
  } finally {
    a.close();
    b.close();
  }
}

function assertOnceInOrder(created, count) {
  const texts = created.map((f) => f.event.message.text);
  assert.deepEqual(texts, Array.from({ length: count }, (_, i) => `n${i}`), 'every message once, in the order sent');
  const seqs = created.map((f) => f.seq);
  assert.deepEqual(seqs, [...seqs].sort((x, y) => x - y), 'event seqs increase');
}

describe('WebSocket write pacing', () => {
  const orgs = [];
  after(async () => {
    for (const org of orgs) await org.srv.stop();
  });

  test('with a pace, messages sent one after another reach the other member complete, in order, in fewer frames', { timeout: 60_000 }, async () => {
    const org = await startOrg(['Alice', 'Bob'], { serverOptions: { args: ['--ws-write-pace', '100'] } });
    orgs.push(org);
    const { created } = await burst(org, 20);
    assertOnceInOrder(created, 20);
    const frames = new Set(created.map((f) => f._frame));
    assert.ok(frames.size <= 10, `20 events came in ${frames.size} frames: a busy socket's events are gathered`);
  });

  test('without a pace (0), every event still arrives once and in order', { timeout: 60_000 }, async () => {
    const org = await startOrg(['Alice', 'Bob'], { serverOptions: { env: { MUSTER_WS_WRITE_PACE: '0' } } });
    orgs.push(org);
    const { created } = await burst(org, 20);
    assertOnceInOrder(created, 20);
  });

  test('a pace outside 0-100 ms is refused with a message naming the option', async () => {
    const r = await runCli(['serve', '--ws-write-pace', '250']);
    assert.notEqual(r.code, 0);
    assert.match(r.stderr, /--ws-write-pace/);
  });
});
