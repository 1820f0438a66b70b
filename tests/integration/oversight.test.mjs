// Oversight (issue 13): admins list every conversation — private groups and direct conversations
// included — with its metadata and never its content, and can archive, unarchive, transfer
// ownership and remove members of any conversation, each with a reason that the audit log (and for
// memberships the membership history) keeps. Open clients hear of it after the commit.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { addMember, expectError, expectOk } from './lib/fixtures.mjs';
import { createConversation, expectDenied, getMessages, openSocket, sendMessage, sleep, startOrg } from './lib/messaging.mjs';

const enc = encodeURIComponent;
const SECRET = 'the merger closes on Thursday';
const SECRET_DM = 'my salary is 41000';

describe('oversight: every conversation, metadata only, and admin actions with reasons', () => {
  let org;
  let admin;
  let alice;
  let group;
  let dm;
  let channel;
  const sockets = [];

  before(async () => {
    org = await startOrg(['Alice', 'Bob', 'Carol', 'Dana']);
    admin = org.owner.client;
    alice = org.people.alice.client;
    const p = org.people;
    const sami = await addMember(admin, { name: 'Sami Supplier', email: 'sami@supplier.example', kind: 'external', company: 'Supplier Co' }, 'supplier-pass-1');
    org.people.sami = { id: sami.person.id, client: sami.client };
    // Alice's private group and her direct conversation with Bob: the admin belongs to neither.
    group = await createConversation(alice, { kind: 'group', name: 'Merger Room', member_ids: [p.bob.id, p.carol.id, sami.person.id] });
    dm = await createConversation(alice, { kind: 'direct', member_ids: [p.bob.id] });
    channel = await createConversation(alice, { kind: 'channel', name: 'Lunch Club', visibility: 'public', member_ids: [p.dana.id] });
    await sendMessage(alice, group.id, SECRET);
    await sendMessage(alice, dm.id, SECRET_DM);
  });
  after(async () => {
    for (const s of sockets) s.close();
    await org?.srv.stop();
  });

  const list = async (query = {}) => {
    const qs = new URLSearchParams(query).toString();
    const res = await admin.get(`/api/v1/admin/conversations${qs ? `?${qs}` : ''}`);
    const body = expectOk(res, 200, `GET /admin/conversations?${qs}`);
    assert.ok(!res.text.includes(SECRET) && !res.text.includes(SECRET_DM), 'no message text in the list');
    return body;
  };
  const detail = async (id) => {
    const res = await admin.get(`/api/v1/admin/conversations/${enc(id)}`);
    const body = expectOk(res, 200, `GET /admin/conversations/${id}`);
    assert.ok(!res.text.includes(SECRET) && !res.text.includes(SECRET_DM), 'no message text in the detail');
    return body;
  };
  const audited = async (action, targetId) => {
    const items = expectOk(await admin.get(`/api/v1/admin/audit?action=${enc(action)}`)).items;
    return items.filter((e) => e.target_id === targetId);
  };

  test('the list shows private groups and direct conversations with their metadata, and no content', async () => {
    const body = await list();
    const g = body.items.find((c) => c.id === group.id);
    const d = body.items.find((c) => c.id === dm.id);
    assert.ok(g, 'the private group is listed');
    assert.ok(d, 'the direct conversation is listed');
    assert.equal(g.kind, 'group');
    assert.equal(g.name, 'Merger Room');
    assert.equal(g.visibility, 'private');
    assert.equal(g.archived, false);
    assert.equal(g.member_count, 4);
    assert.equal(g.external_count, 1);
    assert.deepEqual(g.owners, [{ id: org.people.alice.id, name: 'Alice' }]);
    assert.deepEqual(g.creator, { id: org.people.alice.id, name: 'Alice' });
    assert.match(g.created_at, /^\d{4}-\d\d-\d\dT/);
    assert.match(g.last_activity_at, /^\d{4}-\d\d-\d\dT/);
    assert.equal(g.membership, 'manual');
    assert.equal(d.kind, 'direct');
    assert.deepEqual(d.participants.map((x) => x.name).sort(), ['Alice', 'Bob']);
    for (const item of body.items) {
      for (const key of ['last_message', 'description', 'text', 'my']) assert.ok(!(key in item), `no ${key} in an item`);
    }
    // Newest activity first (activity counts in whole seconds, like messages): a message a second
    // later moves the channel to the top.
    const times = body.items.map((c) => Date.parse(c.last_activity_at));
    assert.deepEqual(times, [...times].sort((a, b) => b - a), 'sorted by last activity');
    await sleep(1100);
    await sendMessage(alice, channel.id, 'lunch at one');
    assert.equal((await list()).items[0].id, channel.id);
  });

  test('the detail lists members with roles and externals, and no content', async () => {
    const body = await detail(group.id);
    assert.equal(body.conversation.id, group.id);
    const names = body.members.map((m) => m.name).sort();
    assert.deepEqual(names, ['Alice', 'Bob', 'Carol', 'Sami Supplier']);
    const sami = body.members.find((m) => m.name === 'Sami Supplier');
    assert.equal(sami.external, true);
    assert.equal(sami.company, 'Supplier Co');
    expectError(await admin.get('/api/v1/admin/conversations/nope'), 404, 'not_found');
  });

  test('non-admins get 403 on every oversight route', async () => {
    const bob = org.people.bob.client;
    expectError(await bob.get('/api/v1/admin/conversations'), 403, 'permission_denied');
    expectError(await bob.get(`/api/v1/admin/conversations/${group.id}`), 403, 'permission_denied');
    expectError(await bob.post(`/api/v1/admin/conversations/${group.id}/archive`, { reason: 'x' }), 403, 'permission_denied');
    expectError(await alice.post(`/api/v1/admin/conversations/${group.id}/transfer`, { person_id: org.people.bob.id, reason: 'x' }), 403, 'permission_denied');
    expectError(await alice.post(`/api/v1/admin/conversations/${group.id}/members/${org.people.bob.id}/remove`, { reason: 'x' }), 403, 'permission_denied');
    assert.equal((await detail(group.id)).conversation.archived, false, 'nothing changed');
  });

  test('filters: kind, archived, name search (also a direct conversation by a person), has externals', async () => {
    const ids = (body) => body.items.map((c) => c.id);
    assert.deepEqual(ids(await list({ kind: 'direct' })), [dm.id]);
    assert.ok((await list({ kind: 'group' })).items.every((c) => c.kind === 'group'));
    assert.deepEqual(ids(await list({ q: 'merger' })), [group.id], 'case-insensitive part of the name');
    assert.deepEqual(ids(await list({ q: 'bob', kind: 'direct' })), [dm.id], 'a direct conversation by a person in it');
    assert.deepEqual(ids(await list({ has_externals: 'true' })), [group.id]);
    assert.ok(!ids(await list({ has_externals: 'false' })).includes(group.id));
    assert.deepEqual(ids(await list({ archived: 'true' })), []);
    expectError(await admin.get('/api/v1/admin/conversations?kind=secret'), 400, 'invalid_argument');
    expectError(await admin.get('/api/v1/admin/conversations?archived=maybe'), 400, 'invalid_argument');
    expectError(await admin.get('/api/v1/admin/conversations?cursor=abc'), 400, 'invalid_argument');
    expectError(await admin.get('/api/v1/admin/conversations?limit=0'), 400, 'invalid_argument');
  });

  test('keyset paging walks every conversation once, newest activity first', async () => {
    for (let i = 0; i < 5; i++) await createConversation(org.people.carol.client, { kind: 'group', name: `Page ${i}`, member_ids: [org.people.dana.id] });
    const all = (await list({ limit: '200' })).items.map((c) => c.id);
    const seen = [];
    let cursor = null;
    for (let i = 0; i < 20; i++) {
      const body = await list(cursor ? { limit: '2', cursor } : { limit: '2' });
      assert.ok(body.items.length <= 2);
      seen.push(...body.items.map((c) => c.id));
      cursor = body.next_cursor;
      if (!cursor) break;
    }
    assert.deepEqual(seen, all, 'pages join up to the whole list, in the same order, without repeats');
    assert.ok(all.length >= 8);
  });

  test('archive and unarchive any conversation with a reason: audited, members hear it, it is read-only', async () => {
    const bobSock = await openSocket(org.url, org.people.bob.client);
    sockets.push(bobSock);
    const done = expectOk(await admin.post(`/api/v1/admin/conversations/${group.id}/archive`, { reason: 'Project closed' }));
    assert.equal(done.conversation.archived, true);
    await bobSock.waitForEvent((e) => e.kind === 'conversation.updated' && e.conversation?.id === group.id && e.conversation.archived === true, 2000);
    expectDenied(await org.people.bob.client.post(`/api/v1/conversations/${group.id}/messages`, { client_id: 'c-1', text: 'hi' }));
    assert.deepEqual((await list({ archived: 'true' })).items.map((c) => c.id), [group.id]);
    const [entry] = await audited('conversation.archive', group.id);
    assert.ok(entry, 'audited');
    assert.equal(entry.details.reason, 'Project closed');
    assert.equal(entry.actor_id, org.owner.id);

    const back = expectOk(await admin.post(`/api/v1/admin/conversations/${group.id}/unarchive`, { reason: 'Reopened by legal' }));
    assert.equal(back.conversation.archived, false);
    assert.equal((await audited('conversation.unarchive', group.id))[0].details.reason, 'Reopened by legal');
    // A direct conversation can be archived too.
    expectOk(await admin.post(`/api/v1/admin/conversations/${dm.id}/archive`, { reason: 'Reported harassment' }));
    assert.equal((await detail(dm.id)).conversation.archived, true);
  });

  test('a missing, empty or overlong reason, or an unknown field, is refused with 400 and changes nothing', async () => {
    const url = `/api/v1/admin/conversations/${channel.id}/archive`;
    for (const body of [{}, { reason: '' }, { reason: '   ' }, { reason: 'x'.repeat(501) }, { reason: 42 }, { reason: 'ok', force: true }]) {
      const res = await admin.post(url, body);
      expectError(res, 400, 'invalid_argument', JSON.stringify(body).slice(0, 60));
    }
    expectError(await admin.post(`/api/v1/admin/conversations/${channel.id}/transfer`, { person_id: org.people.dana.id }), 400, 'invalid_argument');
    expectError(await admin.post(`/api/v1/admin/conversations/${channel.id}/transfer`, { person_id: org.people.dana.id, reason: 'r', previous_owners: 'owner' }), 400, 'invalid_argument');
    expectError(await admin.post(`/api/v1/admin/conversations/${channel.id}/members/${org.people.dana.id}/remove`, { reason: 'r', notify: false }), 400, 'invalid_argument');
    assert.equal((await detail(channel.id)).conversation.archived, false);
    assert.equal((await detail(channel.id)).members.length, 2);
    // 500 characters are fine.
    expectOk(await admin.post(url, { reason: 'y'.repeat(500) }));
    expectOk(await admin.post(`/api/v1/admin/conversations/${channel.id}/unarchive`, { reason: 'back' }));
  });

  test('transfer ownership to a member; the old owners keep theirs or step down as asked', async () => {
    const c = await createConversation(alice, { kind: 'group', name: 'Transfer Me', member_ids: [org.people.bob.id, org.people.carol.id] });
    const bobSock = await openSocket(org.url, org.people.bob.client);
    sockets.push(bobSock);
    let body = expectOk(await admin.post(`/api/v1/admin/conversations/${c.id}/transfer`, { person_id: org.people.bob.id, reason: 'Alice moved teams' }));
    const role = (b, key) => b.members.find((m) => m.person_id === org.people[key].id).role;
    assert.equal(role(body, 'bob'), 'owner');
    assert.equal(role(body, 'alice'), 'owner', 'kept by default');
    await bobSock.waitForEvent((e) => e.kind === 'member.updated' && e.conversation_id === c.id && e.person_id === org.people.bob.id && e.role === 'owner', 2000);

    body = expectOk(await admin.post(`/api/v1/admin/conversations/${c.id}/transfer`, { person_id: org.people.carol.id, reason: 'Carol leads it now', previous_owners: 'member' }));
    assert.equal(role(body, 'carol'), 'owner');
    assert.equal(role(body, 'alice'), 'member');
    assert.equal(role(body, 'bob'), 'member');
    assert.deepEqual(body.conversation.owners.map((o) => o.name), ['Carol']);
    // Carol, now the owner, can run it; Alice no longer can.
    expectOk(await org.people.carol.client.patch(`/api/v1/conversations/${c.id}`, { name: 'Carol Room' }));
    expectDenied(await alice.patch(`/api/v1/conversations/${c.id}`, { name: 'Mine again' }));

    const history = expectOk(await alice.get(`/api/v1/conversations/${c.id}/membership`)).items;
    const demoted = history.find((e) => e.person_id === org.people.alice.id && e.change === 'role:member');
    assert.equal(demoted.reason, 'Carol leads it now');
    assert.equal(demoted.by_id, org.owner.id);
    const entries = await audited('conversation.owner.transfer', c.id);
    assert.equal(entries.length, 2);
    const last = entries.find((e) => e.details.person_id === org.people.carol.id);
    assert.equal(last.details.reason, 'Carol leads it now');
    assert.equal(last.details.previous_owners_became, 'member');

    expectError(await admin.post(`/api/v1/admin/conversations/${c.id}/transfer`, { person_id: org.people.dana.id, reason: 'r' }), 400, 'invalid_argument');
    expectError(await admin.post(`/api/v1/admin/conversations/${dm.id}/transfer`, { person_id: org.people.bob.id, reason: 'r' }), 400, 'invalid_argument');
  });

  test('remove a member: audited with the reason, their socket hears it, and they can no longer read it', async () => {
    const carolSock = await openSocket(org.url, org.people.carol.client);
    sockets.push(carolSock);
    const carol = org.people.carol.client;
    assert.ok((await getMessages(carol, group.id)).items.length > 0, 'Carol reads the group before');
    const body = expectOk(await admin.post(`/api/v1/admin/conversations/${group.id}/members/${org.people.carol.id}/remove`, { reason: 'Left the project' }));
    assert.ok(!body.members.some((m) => m.person_id === org.people.carol.id));
    assert.equal(body.conversation.member_count, 3);
    await carolSock.waitForEvent((e) => e.kind === 'member.removed' && e.conversation_id === group.id && e.person_id === org.people.carol.id, 2000);
    expectDenied(await carol.get(`/api/v1/conversations/${enc(group.id)}/messages`));
    expectDenied(await carol.get(`/api/v1/conversations/${enc(group.id)}`));
    const mine = expectOk(await carol.get('/api/v1/conversations')).items.map((c) => c.id);
    assert.ok(!mine.includes(group.id), 'gone from her list');

    const history = expectOk(await alice.get(`/api/v1/conversations/${group.id}/membership`)).items;
    const entry = history.find((e) => e.person_id === org.people.carol.id && e.change === 'removed');
    assert.equal(entry.reason, 'Left the project');
    assert.equal(entry.by_id, org.owner.id);
    const [audit] = await audited('conversation.member.remove', group.id);
    assert.equal(audit.details.reason, 'Left the project');
    assert.equal(audit.details.person_id, org.people.carol.id);

    expectError(await admin.post(`/api/v1/admin/conversations/${group.id}/members/${org.people.carol.id}/remove`, { reason: 'again' }), 404, 'not_found');
    expectError(await admin.post(`/api/v1/admin/conversations/${dm.id}/members/${org.people.bob.id}/remove`, { reason: 'r' }), 400, 'invalid_argument');
  });

  test('removing someone from a smart group sticks: an always-exclude exception keeps the rule from adding them back', async () => {
    const c = await createConversation(admin, { kind: 'channel', name: 'Everyone in Ops', visibility: 'private', member_ids: [] });
    for (const key of ['bob', 'dana']) expectOk(await admin.patch(`/api/v1/people/${org.people[key].id}`, { department: 'Ops' }));
    expectOk(await admin.put(`/api/v1/conversations/${c.id}/rule`, { rule: { version: 1, match: { field: 'department', equals: 'Ops' } } }));
    assert.equal((await detail(c.id)).conversation.membership, 'rule');
    expectOk(await admin.post(`/api/v1/admin/conversations/${c.id}/members/${org.people.dana.id}/remove`, { reason: 'Conflict of interest' }));
    const rule = expectOk(await admin.get(`/api/v1/conversations/${c.id}/rule`));
    assert.deepEqual(rule.exceptions.map((e) => [e.person_id, e.mode]), [[org.people.dana.id, 'exclude']]);
    // A directory change that re-evaluates the rule does not bring her back.
    expectOk(await admin.patch(`/api/v1/people/${org.people.dana.id}`, { location: 'Riyadh' }));
    const members = (await detail(c.id)).members.map((m) => m.person_id);
    assert.ok(!members.includes(org.people.dana.id), 'still out');
    assert.ok(members.includes(org.people.bob.id));
    const [audit] = await audited('conversation.member.remove', c.id);
    assert.equal(audit.details.always_exclude, true);
  });
});
