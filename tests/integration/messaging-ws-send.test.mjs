// Sending over the WebSocket (docs/api/messaging.md, "send"): the same rules as POST
// /conversations/{id}/messages — answered only after commit, idempotent by client_id, refused for
// outsiders, non-posters and bad input with a clear error that names the client_id.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { allMessages, createConversation, newClientId, openSocket, startOrg } from './lib/messaging.mjs';

describe('sending over the WebSocket', () => {
  let org;
  let alice;
  let bob;
  let carol; // not a member
  const sockets = [];
  const open = async (client) => {
    const s = await openSocket(org.url, client);
    sockets.push(s);
    return s;
  };
  const answer = (sock, clientId) =>
    sock.waitFor((f) => (f.type === 'sent' || f.type === 'send_failed') && f.client_id === clientId, 5000, `answer to ${clientId}`);

  before(async () => {
    org = await startOrg(['Alice', 'Bob', 'Carol']);
    ({ alice, bob, carol } = org.people);
  });
  after(async () => {
    for (const s of sockets) s.close();
    await org?.srv.stop();
  });

  test('a sent message is stored once, acknowledged, and reaches the other member live', async () => {
    const group = await createConversation(alice.client, { kind: 'group', name: 'shift', member_ids: [bob.id] });
    const a = await open(alice.client);
    const b = await open(bob.client);
    const clientId = newClientId();
    a.send({ type: 'send', conversation_id: group.id, message: { client_id: clientId, text: 'مرحبا **team**' } });
    const sent = await answer(a, clientId);
    assert.equal(sent.type, 'sent');
    assert.equal(sent.created, true);
    assert.equal(sent.message.text, 'مرحبا **team**');
    assert.equal(sent.message.author_id, alice.id);
    await b.waitForMessage(sent.message.id);

    // A retry (same client_id) returns the same message and stores nothing new.
    a.send({ type: 'send', conversation_id: group.id, message: { client_id: clientId, text: 'مرحبا **team**' } });
    const again = await a.waitFor((f) => f.type === 'sent' && f.client_id === clientId && f.created === false, 5000, 'retry answer');
    assert.equal(again.message.id, sent.message.id);
    const stored = await allMessages(bob.client, group.id);
    assert.equal(stored.filter((m) => m.client_id === clientId).length, 1, 'stored exactly once');
  });

  test('many sends in flight on one socket are all stored, each answered once', async () => {
    const group = await createConversation(alice.client, { kind: 'group', name: 'burst', member_ids: [bob.id] });
    const a = await open(alice.client);
    const ids = Array.from({ length: 100 }, () => newClientId());
    ids.forEach((id, i) => a.send({ type: 'send', conversation_id: group.id, message: { client_id: id, text: `n${i}` } }));
    const answers = await Promise.all(ids.map((id) => answer(a, id)));
    assert.ok(answers.every((f) => f.type === 'sent'), 'every send succeeded');
    const stored = await allMessages(bob.client, group.id);
    assert.equal(stored.length, 100);
    assert.equal(new Set(stored.map((m) => m.client_id)).size, 100);
  });

  test('several sends in one frame (a JSON array) are handled in order', async () => {
    const group = await createConversation(alice.client, { kind: 'group', name: 'batched', member_ids: [bob.id] });
    const a = await open(alice.client);
    const ids = [newClientId(), newClientId(), newClientId()];
    a.ws.send(JSON.stringify(ids.map((id, i) => ({ type: 'send', conversation_id: group.id, message: { client_id: id, text: `b${i}` } }))));
    const answers = await Promise.all(ids.map((id) => answer(a, id)));
    assert.deepEqual(answers.map((f) => f.message.text), ['b0', 'b1', 'b2']);
    const stored = await allMessages(bob.client, group.id);
    assert.deepEqual(stored.map((m) => m.text), ['b0', 'b1', 'b2'], 'stored in the order sent');
  });

  test('outsiders, non-posters and bad input are refused, naming the client_id, and nothing is stored', async () => {
    const group = await createConversation(alice.client, { kind: 'group', name: 'private', member_ids: [bob.id] });
    const news = await createConversation(alice.client, {
      kind: 'announcement',
      name: 'news',
      visibility: 'private',
      member_ids: [bob.id],
    });
    const c = await open(carol.client);
    const b = await open(bob.client);
    const cases = [
      [c, { conversation_id: group.id, message: { text: 'let me in' } }, 'not_found'],
      [b, { conversation_id: news.id, message: { text: 'not a poster' } }, 'permission_denied'],
      [b, { message: { text: 'where to?' } }, 'invalid_argument'],
      [b, { conversation_id: group.id }, 'invalid_argument'],
      [b, { conversation_id: group.id, message: { text: 'x'.repeat(10_001) } }, 'invalid_argument'],
      [b, { conversation_id: group.id, message: { text: 'hi', colour: 'red' } }, 'invalid_argument'],
    ];
    for (const [sock, body, code] of cases) {
      const clientId = newClientId();
      if (body.message) body.message.client_id = clientId;
      sock.send({ type: 'send', ...body });
      const reply = body.message
        ? await answer(sock, clientId)
        : await sock.waitFor((f) => f.type === 'send_failed' && f.client_id === '', 5000, 'send_failed');
      assert.equal(reply.type, 'send_failed', JSON.stringify(body).slice(0, 80));
      assert.equal(reply.error.code, code, JSON.stringify(body).slice(0, 80));
      assert.ok(reply.error.message.length > 0);
    }
    assert.equal((await allMessages(alice.client, group.id)).length, 0);
    assert.equal((await allMessages(alice.client, news.id)).length, 0);
    assert.equal(c.events('message.created').length, 0, 'the outsider heard nothing');
  });
});
