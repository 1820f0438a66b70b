// The audit log: every admin action is recorded with who, what, on what, and from where.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { addMember, createPerson, expectError, expectOk, setupOrg } from './lib/fixtures.mjs';
import { startServer } from './lib/server.mjs';

describe('audit log', () => {
  let srv;
  let owner;
  let ownerUser;
  let admin;
  let member;
  let person;

  async function allEntries(client, query = {}) {
    const items = [];
    let cursor = null;
    for (let i = 0; i < 50; i++) {
      const qs = new URLSearchParams({ limit: '200', ...query });
      if (cursor) qs.set('cursor', cursor);
      const body = expectOk(await client.get(`/api/v1/admin/audit?${qs}`), 200, `GET /admin/audit?${qs}`);
      items.push(...body.items);
      cursor = body.next_cursor;
      if (!cursor) return items;
    }
    throw new Error('audit pagination did not end');
  }

  before(async () => {
    srv = await startServer();
    ({ owner, user: ownerUser } = await setupOrg(srv.url));
    admin = await addMember(owner, { name: 'Aisha Admin', email: 'aisha@example.com', role: 'admin' }, 'admin-password-1');
    member = await addMember(owner, { name: 'Mansour Member', email: 'mansour@example.com' }, 'member-password-1');

    // A series of admin actions, by the admin.
    ({ person } = await createPerson(admin.client, { name: 'Audited Anas', email: 'anas@example.com' }));
    expectOk(await admin.client.patch(`/api/v1/people/${person.id}`, { job_title: 'Auditor' }));
    expectOk(await admin.client.post(`/api/v1/people/${person.id}/invitation`), 201);
    expectOk(await admin.client.post(`/api/v1/people/${person.id}/deactivate`));
    expectOk(await admin.client.post(`/api/v1/people/${person.id}/reactivate`));
    const vis = expectOk(await admin.client.get('/api/v1/admin/field-visibility'));
    expectOk(await admin.client.put('/api/v1/admin/field-visibility', { fields: { ...vis.fields, phone: 'managers' } }));
    expectOk(
      await admin.client.put('/api/v1/admin/custom-fields', {
        items: [{ key: 'badge', label_en: 'Badge', label_ar: 'الشارة', visibility: 'everyone' }],
      }),
    );
    expectOk(await admin.client.patch('/api/v1/organization', { name: 'Acme Renamed' }));
    expectOk(await admin.client.get('/api/v1/people/export'));
  });
  after(async () => {
    await srv?.stop();
  });

  test('setup is the first entry, by the owner', async () => {
    const items = await allEntries(owner);
    const setup = items.filter((e) => e.action === 'setup');
    assert.equal(setup.length, 1);
    assert.equal(setup[0].actor_id, ownerUser.id);
    assert.ok(['127.0.0.1', '::ffff:127.0.0.1'].includes(setup[0].ip), `setup entry ip: ${JSON.stringify(setup[0].ip)}`);
    assert.equal(items[items.length - 1].action, 'setup', 'newest first, so setup is last');
  });

  test('each admin action appears with actor, action, target and ip', async () => {
    const items = await allEntries(owner, { actor_id: admin.person.id });
    const expected = [
      ['person.create', person.id],
      ['person.update', person.id],
      ['person.invite', person.id],
      ['person.deactivate', person.id],
      ['person.reactivate', person.id],
      ['settings.field_visibility', null],
      ['settings.custom_fields', null],
      ['organization.update', null],
      ['people.export', null],
    ];
    for (const [action, targetId] of expected) {
      const e = items.find((x) => x.action === action);
      assert.ok(e, `no audit entry for ${action}; have ${items.map((x) => x.action).join(', ')}`);
      assert.equal(e.actor_id, admin.person.id, `${action}: actor_id`);
      assert.equal(e.actor_name, 'Aisha Admin', `${action}: actor_name`);
      assert.ok(['127.0.0.1', '::ffff:127.0.0.1'].includes(e.ip), `${action}: ip ${e.ip}`);
      assert.match(e.at, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/, `${action}: at`);
      assert.equal(typeof e.id, 'string');
      assert.ok(e.details !== null && typeof e.details === 'object', `${action}: details object`);
      if (targetId) {
        assert.equal(e.target_id, targetId, `${action}: target_id`);
        assert.equal(e.target_type, 'person', `${action}: target_type`);
      }
    }
  });

  test('entries are newest first', async () => {
    const items = await allEntries(owner, { actor_id: admin.person.id });
    const order = items.map((e) => e.action);
    const idx = (a) => order.indexOf(a);
    assert.ok(idx('people.export') < idx('organization.update'), order.join(','));
    assert.ok(idx('person.reactivate') < idx('person.deactivate'), order.join(','));
    assert.ok(idx('person.deactivate') < idx('person.create'), order.join(','));
    for (let i = 1; i < items.length; i++) {
      assert.ok(Date.parse(items[i - 1].at) >= Date.parse(items[i].at), 'timestamps descend');
    }
  });

  test('filter by action returns only that action', async () => {
    const items = await allEntries(owner, { action: 'person.create' });
    assert.ok(items.length >= 3, 'admin, member and Anas were created');
    assert.ok(items.every((e) => e.action === 'person.create'));
    assert.ok(items.some((e) => e.target_id === person.id));
    const none = await allEntries(owner, { action: 'password.reset' });
    assert.deepEqual(none, []);
  });

  test('filter by time window', async () => {
    const all = await allEntries(owner);
    const future = new Date(Date.now() + 3600_000).toISOString().replace(/\.\d+Z$/, 'Z');
    assert.deepEqual(await allEntries(owner, { since: future }), [], 'nothing after now');
    const past = '2000-01-01T00:00:00Z';
    assert.equal((await allEntries(owner, { since: past })).length, all.length);
    assert.deepEqual(await allEntries(owner, { until: past }), [], 'nothing before 2000');
  });

  test('pages follow next_cursor', async () => {
    const all = await allEntries(owner);
    const paged = [];
    let cursor = null;
    do {
      const qs = new URLSearchParams({ limit: '3' });
      if (cursor) qs.set('cursor', cursor);
      const body = expectOk(await owner.get(`/api/v1/admin/audit?${qs}`));
      assert.ok(body.items.length <= 3);
      paged.push(...body.items);
      cursor = body.next_cursor;
    } while (cursor && paged.length < 1000);
    assert.deepEqual(paged.map((e) => e.id), all.map((e) => e.id));
  });

  test('members cannot read the audit log (403)', async () => {
    expectError(await member.client.get('/api/v1/admin/audit'), 403, 'permission_denied');
  });

  test('refused actions leave no entry', async () => {
    const before = await allEntries(owner);
    expectError(await member.client.post('/api/v1/people', { name: 'Not Allowed' }), 403, 'permission_denied');
    expectError(await member.client.patch('/api/v1/organization', { name: 'Hijack' }), 403, 'permission_denied');
    const after = await allEntries(owner);
    assert.deepEqual(after.map((e) => e.id), before.map((e) => e.id));
  });
});
