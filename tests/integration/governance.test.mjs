// Governance (issue 13): the directory decides who is in which conversation. Smart groups follow
// their rule at every directory change (edit, import, manager change, reactivation); a deactivated
// person leaves every conversation at once and can read nothing by any path; admins pin exceptions
// and choose which former memberships come back.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { expectError, expectOk } from './lib/fixtures.mjs';
import {
  createConversation,
  getMessages,
  openSocket,
  sendMessage,
  sleep,
  startOrg,
} from './lib/messaging.mjs';

const enc = encodeURIComponent;

describe('governance: smart groups and offboarding', () => {
  let org;
  let owner;
  const sockets = [];
  before(async () => {
    org = await startOrg(['Alice', 'Bob', 'Carol', 'Vera']);
    owner = org.owner.client;
    for (const [key, dept, location] of [
      ['alice', 'Sales', 'Riyadh'],
      ['bob', 'Sales', 'Dammam'],
      ['carol', 'Finance', 'Riyadh'],
      ['vera', 'Sales', 'Jeddah'],
    ])
      expectOk(await owner.patch(`/api/v1/people/${org.people[key].id}`, { department: dept, location }));
  });
  after(async () => {
    for (const s of sockets) s.close();
    await org?.srv.stop();
  });

  const memberIds = async (client, convId) =>
    expectOk(await client.get(`/api/v1/conversations/${enc(convId)}/members`)).items.map((m) => m.person_id).sort();
  const ids = (...keys) => keys.map((k) => (k === 'owner' ? org.owner.id : org.people[k].id)).sort();
  const salesRule = {
    version: 1,
    match: {
      all: [
        { field: 'department', equals: 'sales' },
        { field: 'location', in: ['Riyadh', 'Jeddah'] },
        { not: { field: 'kind', equals: 'external' } },
      ],
    },
  };
  const channel = (name) => createConversation(owner, { kind: 'channel', name, visibility: 'private', member_ids: [] });

  test('the preview shows who would join before saving; saving makes it so, with reasons in the history', async () => {
    const c = await channel('Sales West');
    const preview = expectOk(await owner.post('/api/v1/admin/rule-preview', { rule: salesRule, conversation_id: c.id }));
    assert.equal(preview.added.count, 2);
    assert.deepEqual(preview.added.first.map((p) => p.name).sort(), ['Alice', 'Vera']);
    assert.equal(preview.removed.count, 0);
    assert.equal(preview.members, 3, 'the two matches and the owner, who runs the channel');
    assert.deepEqual(await memberIds(owner, c.id), ids('owner'), 'a preview writes nothing');

    const saved = expectOk(await owner.put(`/api/v1/conversations/${c.id}/rule`, { rule: salesRule }));
    assert.equal(saved.added.count, 2);
    assert.deepEqual(await memberIds(owner, c.id), ids('owner', 'alice', 'vera'));
    const conv = expectOk(await org.people.alice.client.get(`/api/v1/conversations/${c.id}`));
    assert.equal(conv.membership, 'rule');
    const history = expectOk(await owner.get(`/api/v1/conversations/${c.id}/membership`)).items;
    const alice = history.find((e) => e.person_id === org.people.alice.id);
    assert.equal(alice.change, 'added');
    assert.equal(alice.reason, 'rule');
    assert.equal(alice.by_id, org.owner.id);
    const stored = expectOk(await owner.get(`/api/v1/conversations/${c.id}/rule`));
    assert.deepEqual(stored.rule, salesRule);
  });

  test('an edit moves a person in and out within a second, and their socket hears it', async () => {
    const c = await channel('Sales Riyadh');
    expectOk(await owner.put(`/api/v1/conversations/${c.id}/rule`, {
      rule: { version: 1, match: { all: [{ field: 'department', equals: 'Sales' }, { field: 'location', equals: 'Riyadh' }] } },
    }));
    assert.deepEqual(await memberIds(owner, c.id), ids('owner', 'alice'));
    const bobSock = await openSocket(org.url, org.people.bob.client);
    sockets.push(bobSock);
    const started = Date.now();
    expectOk(await owner.patch(`/api/v1/people/${org.people.bob.id}`, { location: 'Riyadh' }));
    await bobSock.waitForEvent((e) => e.kind === 'member.added' && e.conversation_id === c.id, 1000);
    assert.ok(Date.now() - started < 1000);
    assert.deepEqual(await memberIds(owner, c.id), ids('owner', 'alice', 'bob'));
    expectOk(await owner.patch(`/api/v1/people/${org.people.bob.id}`, { location: 'Dammam' }));
    await bobSock.waitForEvent((e) => e.kind === 'member.removed' && e.conversation_id === c.id && e.person_id === org.people.bob.id, 1000);
    assert.deepEqual(await memberIds(owner, c.id), ids('owner', 'alice'));
    expectError(await org.people.bob.client.get(`/api/v1/conversations/${c.id}/messages`), 404, 'not_found');
  });

  test('nobody joins, leaves, adds or removes by hand; admins pin exceptions instead', async () => {
    const c = await channel('Finance');
    expectOk(await owner.put(`/api/v1/conversations/${c.id}/rule`, { rule: { match: { field: 'department', equals: 'Finance' } } }));
    const carol = org.people.carol.client;
    expectError(await carol.post(`/api/v1/conversations/${c.id}/leave`), 403, 'permission_denied');
    expectError(await owner.post(`/api/v1/conversations/${c.id}/members`, { person_ids: [org.people.bob.id] }), 403, 'permission_denied');
    expectError(await owner.delete(`/api/v1/conversations/${c.id}/members/${org.people.carol.id}`), 403, 'permission_denied');

    expectOk(await owner.put(`/api/v1/conversations/${c.id}/exceptions/${org.people.bob.id}`, { mode: 'include' }), 204);
    expectOk(await owner.put(`/api/v1/conversations/${c.id}/exceptions/${org.people.carol.id}`, { mode: 'exclude' }), 204);
    assert.deepEqual(await memberIds(owner, c.id), ids('owner', 'bob'));
    const rule = expectOk(await owner.get(`/api/v1/conversations/${c.id}/rule`));
    assert.deepEqual(rule.exceptions.map((e) => `${e.name}:${e.mode}`).sort(), ['Bob:include', 'Carol:exclude']);
    const history = expectOk(await owner.get(`/api/v1/conversations/${c.id}/membership`)).items;
    assert.ok(history.some((e) => e.person_id === org.people.carol.id && e.change === 'removed' && e.reason === 'rule'));
    expectOk(await owner.delete(`/api/v1/conversations/${c.id}/exceptions/${org.people.carol.id}`), 204);
    assert.deepEqual(await memberIds(owner, c.id), ids('owner', 'bob', 'carol'));
    const audit = expectOk(await owner.get('/api/v1/admin/audit?action=conversation.exception')).items;
    assert.equal(audit.length >= 3, true);

    // Members may not change the rule or see it.
    expectError(await carol.get(`/api/v1/conversations/${c.id}/rule`), 403, 'permission_denied');
    expectError(await carol.put(`/api/v1/conversations/${c.id}/rule`, { rule: null }), 403, 'permission_denied');
    // Back to a channel by hand: the members stay and can leave again.
    expectOk(await owner.put(`/api/v1/conversations/${c.id}/rule`, { rule: null }));
    assert.equal(expectOk(await carol.get(`/api/v1/conversations/${c.id}`)).membership, 'manual');
    expectOk(await carol.post(`/api/v1/conversations/${c.id}/leave`), 204);
  });

  test('bad rules get clear errors naming the place', async () => {
    const c = await channel('Bad rules');
    const e1 = expectError(await owner.put(`/api/v1/conversations/${c.id}/rule`, { rule: { match: { field: 'salary', equals: '1' } } }), 400, 'invalid_argument');
    assert.equal(e1.field, 'rule.match.field');
    const e2 = expectError(await owner.post('/api/v1/admin/rule-preview', { rule: { match: { any: [] } } }), 400, 'invalid_argument');
    assert.equal(e2.field, 'rule.match.any');
    expectError(await owner.put(`/api/v1/conversations/${c.id}/rule`, { rule: salesRule, extra: 1 }), 400, 'invalid_argument');
    const group = await createConversation(owner, { kind: 'group', name: 'A group', member_ids: [org.people.bob.id] });
    expectError(await owner.put(`/api/v1/conversations/${group.id}/rule`, { rule: salesRule }), 400, 'invalid_argument');
  });
});

describe('governance: the reporting line and imports', () => {
  let org;
  let owner;
  before(async () => {
    org = await startOrg(['Vice', 'Lead', 'Dev', 'Other']);
    owner = org.owner.client;
    const { vice, lead, dev } = org.people;
    expectOk(await owner.patch(`/api/v1/people/${lead.id}`, { manager_id: vice.id }));
    expectOk(await owner.patch(`/api/v1/people/${dev.id}`, { manager_id: lead.id }));
  });
  after(async () => org?.srv.stop());

  const memberIds = async (convId) =>
    expectOk(await owner.get(`/api/v1/conversations/${enc(convId)}/members`)).items.map((m) => m.person_id).sort();

  test('everyone under a manager, at any depth, follows manager changes', async () => {
    const { vice, lead, dev, other } = org.people;
    const c = await createConversation(owner, { kind: 'channel', name: 'Vice org', visibility: 'private', member_ids: [] });
    expectOk(await owner.put(`/api/v1/conversations/${c.id}/rule`, { rule: { match: { field: 'manager', under: vice.id } } }));
    assert.deepEqual(await memberIds(c.id), [org.owner.id, lead.id, dev.id].sort());
    // Lead moves under Other: Lead and Dev (below Lead) both leave.
    expectOk(await owner.patch(`/api/v1/people/${lead.id}`, { manager_id: other.id }));
    assert.deepEqual(await memberIds(c.id), [org.owner.id]);
    expectOk(await owner.patch(`/api/v1/people/${other.id}`, { manager_id: vice.id }));
    assert.deepEqual(await memberIds(c.id), [org.owner.id, other.id, lead.id, dev.id].sort());
  });

  test('a CSV import of a new hire puts them in their smart group, with its pins ready to read', async () => {
    const c = await createConversation(owner, { kind: 'announcement', name: 'Warehouse', visibility: 'private', member_ids: [] });
    expectOk(await owner.put(`/api/v1/conversations/${c.id}/rule`, { rule: { match: { field: 'department', equals: 'Warehouse' } } }));
    const rules = await sendMessage(owner, c.id, 'Safety rules: read before your first shift');
    expectOk(await owner.put(`/api/v1/messages/${rules.id}/pin`));
    const csv = 'name,email,department,employee_id\nNew Hire,new.hire@example.com,Warehouse,W-1\n';
    const report = expectOk(await owner.request('POST', '/api/v1/people/import?mode=apply', { body: csv, contentType: 'text/csv' }));
    assert.equal(report.created.length, 1);
    const people = expectOk(await owner.get('/api/v1/people?q=New%20Hire')).items;
    const hire = people.find((p) => p.name === 'New Hire');
    assert.ok((await memberIds(c.id)).includes(hire.id), 'the new hire is a member at once');
    const history = expectOk(await owner.get(`/api/v1/conversations/${c.id}/membership`)).items;
    assert.ok(history.some((e) => e.person_id === hire.id && e.reason === 'rule'));
    // A CSV import that deactivates them takes them out again.
    const off = 'name,email,department,employee_id,status\nNew Hire,new.hire@example.com,Warehouse,W-1,deactivated\n';
    expectOk(await owner.request('POST', '/api/v1/people/import?mode=apply', { body: off, contentType: 'text/csv' }));
    assert.ok(!(await memberIds(c.id)).includes(hire.id));
  });
});

describe('governance: offboarding (the VP story)', () => {
  let org;
  let owner;
  before(async () => {
    org = await startOrg(['Vp', 'Ann', 'Ben']);
    owner = org.owner.client;
  });
  after(async () => org?.srv.stop());

  test('a deactivated person leaves every conversation at once and can read nothing by any path', { timeout: 20_000 }, async () => {
    const { vp, ann, ben } = org.people;
    const groups = [];
    for (let i = 0; i < 3; i += 1)
      groups.push(await createConversation(vp.client, { kind: 'group', name: `Board ${i}`, member_ids: [ann.id, ben.id] }));
    const dm = await createConversation(ann.client, { kind: 'direct', member_ids: [vp.id] });
    const before = await sendMessage(vp.client, groups[0].id, 'my last words here');
    const sock = await openSocket(org.url, vp.client);
    expectOk(await owner.post(`/api/v1/people/${vp.id}/deactivate`));
    const closed = await Promise.race([sock.closed, sleep(1000).then(() => null)]);
    assert.ok(closed, 'the socket closed within a second');

    // Messages sent afterwards reach none of the person's clients, and every path answers 401.
    for (const g of groups) await sendMessage(ann.client, g.id, `after ${g.name}`);
    for (const path of ['/api/v1/conversations', `/api/v1/conversations/${groups[0].id}/messages`, '/api/v1/people'])
      expectError(await vp.client.get(path), 401, 'unauthenticated');

    for (const g of [...groups, dm]) {
      const members = expectOk(await ann.client.get(`/api/v1/conversations/${g.id}/members`)).items;
      assert.ok(!members.some((m) => m.person_id === vp.id), `${g.name ?? 'direct'}: not in the member list`);
    }
    const conv = expectOk(await ann.client.get(`/api/v1/conversations/${groups[0].id}`));
    assert.equal(conv.member_count, 2, 'member_count no longer counts them');
    // The group got a new owner: it had only the VP.
    const members = expectOk(await ann.client.get(`/api/v1/conversations/${groups[0].id}/members`)).items;
    assert.equal(members.filter((m) => m.role === 'owner').length, 1);
    // Their past message stays, marked as from a former member; "seen by" lists leave them out.
    const page = await getMessages(ann.client, groups[0].id);
    const old = page.items.find((m) => m.id === before.id);
    assert.equal(old.text, 'my last words here');
    assert.equal(old.author_former, true);
    const fresh = page.items.at(-1);
    const receipts = expectOk(await ann.client.get(`/api/v1/messages/${fresh.id}/receipts`));
    const everyone = [...receipts.read, ...receipts.delivered, ...receipts.not_delivered].map((m) => m.person_id);
    assert.ok(!everyone.includes(vp.id), 'not on the seen-by list');
    const history = expectOk(await ann.client.get(`/api/v1/conversations/${groups[1].id}/membership`)).items;
    const ended = history.find((e) => e.person_id === vp.id && e.change === 'removed');
    assert.equal(ended.reason, 'deactivated');
    assert.equal(ended.by_id, org.owner.id);

    // Reactivation: the admin sees the former memberships and chooses which come back.
    expectOk(await owner.post(`/api/v1/people/${vp.id}/reactivate`));
    const former = expectOk(await owner.get(`/api/v1/people/${vp.id}/former-memberships`)).items;
    assert.equal(former.length, 4);
    expectError(await ann.client.get(`/api/v1/people/${vp.id}/former-memberships`), 403, 'permission_denied');
    const restored = expectOk(await owner.post(`/api/v1/people/${vp.id}/former-memberships/restore`, { conversation_ids: [groups[2].id] }));
    assert.deepEqual(restored.items.map((f) => f.conversation_id), [groups[2].id]);
    const left = expectOk(await owner.get(`/api/v1/people/${vp.id}/former-memberships`)).items;
    assert.equal(left.length, 3);
    expectError(await owner.post(`/api/v1/people/${vp.id}/former-memberships/restore`, { conversation_ids: [groups[2].id] }), 400, 'invalid_argument');
    const members2 = expectOk(await ann.client.get(`/api/v1/conversations/${groups[2].id}/members`)).items;
    assert.ok(members2.some((m) => m.person_id === vp.id));
  });
});
