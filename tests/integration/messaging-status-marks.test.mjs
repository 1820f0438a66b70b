// Status marks on one's own messages (issue 16, docs/api/messaging.md): a page of messages carries
// the floors of every member's positions, and the read/delivered event of the last member behind
// carries the raised floors to the author live; big conversations get no floors.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { expectOk } from './lib/fixtures.mjs';
import { createConversation, markDelivered, markRead, openSocket, sendMessage, startOrg } from './lib/messaging.mjs';

describe('message status marks', () => {
  let org;
  let p;
  let group;
  const sockets = [];
  before(async () => {
    org = await startOrg(['Alice', 'Bob', 'Carol', 'Dave']);
    p = org.people;
    group = await createConversation(p.alice.client, { kind: 'group', name: 'Marks', member_ids: [p.bob.id, p.carol.id] });
  });
  after(async () => {
    for (const s of sockets) s.close();
    await org?.srv.stop();
  });

  const floors = async (client) => expectOk(await client.get(`/api/v1/conversations/${group.id}/messages`), 200, 'page').receipts;

  test('the page gives the floors: stored, then delivered to all, then read by all', { timeout: 20_000 }, async () => {
    const m = await sendMessage(p.alice.client, group.id, 'status please');
    let r = await floors(p.alice.client);
    assert.ok(r.delivered_all_seq < m.seq, 'not yet delivered to everyone');
    assert.ok(r.read_all_seq < m.seq, 'not yet read by everyone');

    await markDelivered(p.bob.client, group.id, m.seq);
    r = await floors(p.alice.client);
    assert.ok(r.delivered_all_seq < m.seq, 'Carol has not received it');
    await markDelivered(p.carol.client, group.id, m.seq);
    r = await floors(p.alice.client);
    assert.equal(r.delivered_all_seq, m.seq, 'delivered to every member');
    assert.ok(r.read_all_seq < m.seq);

    await markRead(p.bob.client, group.id, m.seq);
    await markRead(p.carol.client, group.id, m.seq);
    r = await floors(p.alice.client);
    assert.equal(r.read_all_seq, m.seq, 'read by every member');
  });

  test('the last member behind raises the floors live, on the author’s socket', { timeout: 20_000 }, async () => {
    const sock = await openSocket(org.url, p.alice.client);
    sockets.push(sock);
    const m = await sendMessage(p.alice.client, group.id, 'live marks');
    await markRead(p.bob.client, group.id, m.seq);
    const first = await sock.waitForEvent((e) => e.kind === 'read' && e.person_id === p.bob.id && e.seq >= m.seq, 3000, 'bob read');
    assert.equal(first.event.read_all_seq, undefined, 'Carol is still behind: the floors did not move');
    await markRead(p.carol.client, group.id, m.seq);
    const last = await sock.waitForEvent((e) => e.kind === 'read' && e.person_id === p.carol.id && e.seq >= m.seq, 3000, 'carol read');
    assert.ok(last.event.read_all_seq >= m.seq, `read by all: ${JSON.stringify(last.event)}`);
    assert.ok(last.event.delivered_all_seq >= m.seq, 'reading delivers too');
  });

  test('a member who joins later does not hold the marks back', { timeout: 20_000 }, async () => {
    const m = await sendMessage(p.alice.client, group.id, 'before Dave');
    await markRead(p.bob.client, group.id, m.seq);
    await markRead(p.carol.client, group.id, m.seq);
    expectOk(await p.alice.client.post(`/api/v1/conversations/${group.id}/members`, { person_ids: [p.dave.id] }));
    const r = await floors(p.alice.client);
    assert.ok(r.read_all_seq >= m.seq, 'Dave joined after it: still read by all present members');
  });
});
