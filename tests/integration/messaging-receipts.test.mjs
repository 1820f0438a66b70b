// Read receipts (docs/api/messaging.md): the author (and owners/moderators) see who read a message,
// who has it delivered and who does not; plain members get 403; `read` events reach the author live.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { expectError, expectOk } from './lib/fixtures.mjs';
import { createConversation, markDelivered, markRead, openSocket, sendMessage, startOrg } from './lib/messaging.mjs';

const ids = (list) => (list ?? []).map((x) => x.person_id).sort();

describe('messaging receipts', () => {
  let org;
  let p; // people
  let group;
  const sockets = [];
  before(async () => {
    org = await startOrg(['Olivia', 'Alice', 'Bob', 'Carol', 'Dave', 'Erin']);
    p = org.people;
    // Olivia owns the group; Erin is a moderator; Alice writes the message; Bob, Carol, Dave are members.
    group = await createConversation(p.olivia.client, {
      kind: 'group',
      name: 'Receipts',
      member_ids: [p.alice.id, p.bob.id, p.carol.id, p.dave.id, p.erin.id],
    });
    expectOk(await p.olivia.client.patch(`/api/v1/conversations/${group.id}/members/${p.erin.id}`, { role: 'moderator' }), 200, 'make Erin moderator');
  });
  after(async () => {
    for (const s of sockets) s.close();
    await org?.srv.stop();
  });

  test('the author sees who read, who has it delivered and who not; each person in exactly one list', { timeout: 20_000 }, async () => {
    const m = await sendMessage(p.alice.client, group.id, 'did you all see this?');
    let r = expectOk(await p.alice.client.get(`/api/v1/messages/${m.id}/receipts`), 200, 'receipts right after sending');
    const others = [p.olivia, p.bob, p.carol, p.dave, p.erin].map((x) => x.id).sort();
    assert.deepEqual(ids(r.read), [], 'nobody has read it yet');
    assert.deepEqual(ids(r.delivered), [], 'nobody has it delivered yet');
    assert.deepEqual(ids(r.not_delivered), others, 'everyone but the author is not delivered');

    await markRead(p.bob.client, group.id, m.seq);
    await markDelivered(p.carol.client, group.id, m.seq);
    await markDelivered(p.dave.client, group.id, m.seq);
    await markRead(p.dave.client, group.id, m.seq); // read after delivered: read wins
    r = expectOk(await p.alice.client.get(`/api/v1/messages/${m.id}/receipts`));
    assert.deepEqual(ids(r.read), [p.bob.id, p.dave.id].sort(), 'read');
    assert.deepEqual(ids(r.delivered), [p.carol.id], 'delivered but not read');
    assert.deepEqual(ids(r.not_delivered), [p.olivia.id, p.erin.id].sort(), 'not delivered');
    const counts = { read_count: r.read_count, delivered_count: r.delivered_count };
    for (const list of [r.read, r.delivered, r.not_delivered]) {
      for (const x of list) assert.equal(typeof x.name, 'string', 'each entry has a name');
    }
    const all = [...ids(r.read), ...ids(r.delivered), ...ids(r.not_delivered)];
    assert.equal(new Set(all).size, all.length, 'nobody is in two lists');
    assert.ok(!all.includes(p.alice.id), 'the author is excluded');
    assert.ok(Number.isInteger(r.member_count), 'member_count is a number');

    // Reading a later message marks this one read too (read positions are per conversation).
    const later = await sendMessage(p.bob.client, group.id, 'yes');
    await markRead(p.carol.client, group.id, later.seq);
    r = expectOk(await p.alice.client.get(`/api/v1/messages/${m.id}/receipts`));
    assert.deepEqual(ids(r.read), [p.bob.id, p.carol.id, p.dave.id].sort());
    // Delivered never moves someone back from read.
    await markDelivered(p.bob.client, group.id, m.seq);
    r = expectOk(await p.alice.client.get(`/api/v1/messages/${m.id}/receipts`));
    assert.ok(ids(r.read).includes(p.bob.id), 'delivered after read keeps read');
    // The counts match the lists (delivered = received but not read).
    assert.deepEqual(counts, { read_count: 2, delivered_count: 1 }, 'read_count and delivered_count count the read and delivered lists');
  });

  test('owners and moderators may see receipts; other members get 403', { timeout: 20_000 }, async () => {
    const m = await sendMessage(p.alice.client, group.id, 'receipts permissions');
    expectOk(await p.olivia.client.get(`/api/v1/messages/${m.id}/receipts`), 200, 'the conversation owner');
    expectOk(await p.erin.client.get(`/api/v1/messages/${m.id}/receipts`), 200, 'a moderator');
    expectError(await p.bob.client.get(`/api/v1/messages/${m.id}/receipts`), 403, 'permission_denied', 'a plain member');
    const bobsOwn = await sendMessage(p.bob.client, group.id, 'mine');
    expectOk(await p.bob.client.get(`/api/v1/messages/${bobsOwn.id}/receipts`), 200, 'a plain member, for their own message');
    expectError(await p.carol.client.get(`/api/v1/messages/${bobsOwn.id}/receipts`), 403, 'permission_denied', 'another plain member, for bob’s message');
  });

  test('a `read` event reaches the author’s socket live; not a plain member’s', { timeout: 20_000 }, async () => {
    const authorSock = await openSocket(org.url, p.alice.client);
    const memberSock = await openSocket(org.url, p.carol.client);
    sockets.push(authorSock, memberSock);
    const m = await sendMessage(p.alice.client, group.id, 'tell me when you read it');
    await memberSock.waitForMessage(m.id);
    const t0 = Date.now();
    await markRead(p.bob.client, group.id, m.seq);
    const f = await authorSock.waitForEvent(
      (e) => e.kind === 'read' && e.conversation_id === group.id && e.person_id === p.bob.id && e.seq >= m.seq,
      3000,
      'read event for bob on the author’s socket',
    );
    assert.ok(Date.now() - t0 < 2000, 'live (within 2 s)');
    assert.equal(f.event.seq, m.seq);
    assert.ok(f.seq > 0, 'a stored event');
    await markDelivered(p.dave.client, group.id, m.seq);
    await authorSock.waitForEvent((e) => e.kind === 'delivered' && e.conversation_id === group.id && e.person_id === p.dave.id, 3000, 'delivered event');
    // Carol may not see receipts of alice's message, so she gets no read event of bob.
    const m2 = await sendMessage(p.alice.client, group.id, 'sentinel');
    await memberSock.waitForMessage(m2.id);
    assert.ok(
      !memberSock.events('read').some((x) => x.event.person_id === p.bob.id),
      'a plain member does not get other people’s read events',
    );
  });
});
