// Catch-up (issue 13, docs/api/messaging.md): a newcomer's first screen lists the conversations
// someone else or a smart group's rule put them into, newest first, each with the pinned messages
// they may read, until they mark it done — on the server, so every device of theirs agrees.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { acceptInvitation, expectError, expectOk, signIn } from './lib/fixtures.mjs';
import { createConversation, eventually, sendMessage, startOrg } from './lib/messaging.mjs';

describe('catch-up', () => {
  let org;
  let owner;
  before(async () => {
    org = await startOrg(['Alice', 'Bob']);
    owner = org.owner.client;
  });
  after(async () => org?.srv.stop());

  const catchUp = async (client) => expectOk(await client.get('/api/v1/me/catch-up'));

  test('the new-hire story: a CSV import puts them in their smart group within a second; they sign in and find it with its pins', async () => {
    const group = await createConversation(owner, { kind: 'announcement', name: 'Warehouse', visibility: 'private', member_ids: [] });
    expectOk(await owner.put(`/api/v1/conversations/${group.id}/rule`, { rule: { match: { field: 'department', equals: 'Warehouse' } } }));
    const rules = await sendMessage(owner, group.id, 'Safety rules: read before your first shift');
    expectOk(await owner.put(`/api/v1/messages/${rules.id}/pin`));
    await sendMessage(owner, group.id, 'Shift plan for next week');

    const started = Date.now();
    const csv = 'name,email,department,employee_id\nNadia Hire,nadia.hire@example.com,Warehouse,W-7\n';
    const report = expectOk(await owner.request('POST', '/api/v1/people/import?mode=apply', { body: csv, contentType: 'text/csv' }));
    assert.equal(report.created.length, 1);
    const hire = expectOk(await owner.get('/api/v1/people?q=Nadia')).items.find((p) => p.name === 'Nadia Hire');
    await eventually(async () => {
      const members = expectOk(await owner.get(`/api/v1/conversations/${group.id}/members`)).items;
      return members.some((m) => m.person_id === hire.id);
    }, { timeoutMs: 1000, intervalMs: 20, what: 'the new hire in the smart group' });
    assert.ok(Date.now() - started < 1500);

    // They get an invitation, set a password and land on their catch-up.
    const { invitation } = expectOk(await owner.post(`/api/v1/people/${hire.id}/invitation`), 201);
    const phone = await acceptInvitation(org.url, invitation.token, 'nadia-password-1');
    const list = await catchUp(phone);
    assert.equal(list.pending, 1);
    assert.equal(list.items.length, 1);
    const [item] = list.items;
    assert.equal(item.conversation.id, group.id);
    assert.equal(item.conversation.name, 'Warehouse');
    assert.equal(item.done, false);
    assert.equal(item.added_by, org.owner.id, 'the admin whose import made the change');
    assert.deepEqual(item.pins.map((p) => p.text), ['Safety rules: read before your first shift']);

    // Done on one device: gone from the other's pending list too, still reachable.
    const laptop = await signIn(org.url, 'nadia.hire@example.com', 'nadia-password-1');
    const res = await phone.post('/api/v1/me/catch-up/done', { conversation_ids: [group.id] });
    assert.equal(res.status, 204);
    const later = await catchUp(laptop);
    assert.equal(later.pending, 0);
    assert.equal(later.items[0].done, true);
  });

  test('lists only what others put them into, newest first; never what they created, joined, or a direct conversation', async () => {
    const { alice, bob } = org.people;
    const mine = await createConversation(bob.client, { kind: 'group', name: 'Bob made this', member_ids: [alice.id] });
    const open = await createConversation(alice.client, { kind: 'channel', name: 'Open channel', visibility: 'public' });
    expectOk(await bob.client.post(`/api/v1/conversations/${open.id}/join`));
    await createConversation(alice.client, { kind: 'direct', member_ids: [bob.id] });
    const first = await createConversation(alice.client, { kind: 'channel', name: 'Ops', visibility: 'private', member_ids: [bob.id] });
    const pin = await sendMessage(alice.client, first.id, 'Ops handbook');
    expectOk(await alice.client.put(`/api/v1/messages/${pin.id}/pin`));
    // A private group with its default, since_joined: pins from before Bob joined stay hidden.
    const secret = await createConversation(alice.client, { kind: 'group', name: 'Secret', member_ids: [org.owner.id] });
    const hidden = await sendMessage(alice.client, secret.id, 'pinned before Bob');
    expectOk(await alice.client.put(`/api/v1/messages/${hidden.id}/pin`));
    await new Promise((r) => setTimeout(r, 1100)); // joined_at has whole seconds: make the order certain
    expectOk(await alice.client.post(`/api/v1/conversations/${secret.id}/members`, { person_ids: [bob.id] }));

    const list = await catchUp(bob.client);
    const names = list.items.map((i) => i.conversation.name);
    assert.deepEqual(names, ['Secret', 'Ops']);
    assert.ok(!names.includes(mine.name) && !names.includes(open.name));
    assert.deepEqual(list.items[0].pins, [], 'pins from before the join in a since_joined group stay hidden');
    assert.equal(list.items[0].added_by_name, 'Alice');
    assert.deepEqual(list.items[1].pins.map((p) => p.text), ['Ops handbook']);
    assert.equal(list.pending, 2);

    // Marking all done (no ids); someone else's conversation id marks nothing of theirs.
    expectOk(await alice.client.post('/api/v1/me/catch-up/done', { conversation_ids: [secret.id] }), 204);
    assert.equal((await catchUp(bob.client)).pending, 2);
    expectOk(await bob.client.post('/api/v1/me/catch-up/done', {}), 204);
    assert.equal((await catchUp(bob.client)).pending, 0);
    expectError(await bob.client.post('/api/v1/me/catch-up/done', { conversation_ids: 'all' }), 400, 'invalid_argument');
    expectError(await bob.client.post('/api/v1/me/catch-up/done', { everything: true }), 400, 'invalid_argument');
  });
});
