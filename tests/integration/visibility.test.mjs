// Field visibility: admins decide who sees phone numbers and other fields; hidden fields are left out
// of the object entirely, everywhere (profile, lists, search), except for the person themselves.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { addMember, expectError, expectOk, search, setupOrg } from './lib/fixtures.mjs';
import { startServer } from './lib/server.mjs';

describe('field visibility', () => {
  let srv;
  let owner;
  let admin;
  let manager;
  let member;
  let target;
  let boss;

  before(async () => {
    srv = await startServer();
    ({ owner } = await setupOrg(srv.url));
    admin = await addMember(owner, { name: 'Amal Admin', email: 'amal@example.com', role: 'admin' }, 'admin-password-1');
    manager = await addMember(owner, { name: 'Murad Manager', email: 'murad@example.com', role: 'manager' }, 'manager-password-1');
    member = await addMember(owner, { name: 'Mira Member', email: 'mira@example.com' }, 'member-password-1');
    boss = await addMember(owner, { name: 'Bashir Boss', email: 'bashir@example.com' }, 'boss-password-1');

    const fields = expectOk(
      await owner.put('/api/v1/admin/custom-fields', {
        items: [
          { key: 'blood_type', label_en: 'Blood type', label_ar: 'فصيلة الدم', visibility: 'admins' },
          { key: 'shirt_size', label_en: 'Shirt size', label_ar: 'مقاس القميص', visibility: 'everyone' },
        ],
      }),
    );
    assert.equal(fields.items.length, 2);

    target = await addMember(
      owner,
      {
        name: 'تامر زيد',
        name_latin: 'Tamer Zaid',
        email: 'tamer@example.com',
        phone: '+966577777777',
        employee_id: 'E777',
        job_title: 'Technician',
        department: 'Maintenance',
        location: 'Khobar',
        manager_id: boss.person.id,
        tags: ['electrical'],
        custom: { blood_type: 'O+', shirt_size: 'L' },
      },
      'target-password-1',
    );
  });
  after(async () => {
    await srv?.stop();
  });

  test('custom fields are stored with their definitions', async () => {
    const got = expectOk(await admin.client.get('/api/v1/admin/custom-fields'));
    const byKey = Object.fromEntries(got.items.map((f) => [f.key, f]));
    assert.deepEqual(byKey.blood_type, { key: 'blood_type', label_en: 'Blood type', label_ar: 'فصيلة الدم', visibility: 'admins' });
    assert.equal(byKey.shirt_size.visibility, 'everyone');
  });

  test('with default rules a member sees phone and email', async () => {
    const p = expectOk(await member.client.get(`/api/v1/people/${target.person.id}`));
    assert.equal(p.phone, '+966577777777');
    assert.equal(p.email, 'tamer@example.com');
  });

  test('admin sets phone to managers and email to admins', async () => {
    const current = expectOk(await admin.client.get('/api/v1/admin/field-visibility'));
    for (const f of ['phone', 'email', 'employee_id', 'location', 'department', 'job_title', 'manager', 'tags']) {
      assert.ok(['everyone', 'managers', 'admins'].includes(current.fields[f]), `field-visibility.${f} = ${current.fields[f]}`);
    }
    const next = { fields: { ...current.fields, phone: 'managers', email: 'admins', manager: 'admins' } };
    const saved = expectOk(await admin.client.put('/api/v1/admin/field-visibility', next));
    assert.deepEqual(saved, next);
    assert.deepEqual(expectOk(await owner.get('/api/v1/admin/field-visibility')), next);
  });

  test('a member viewing someone else gets no phone, email or manager keys at all', async () => {
    const p = expectOk(await member.client.get(`/api/v1/people/${target.person.id}`));
    for (const k of ['phone', 'email', 'manager_id', 'manager_name']) {
      assert.ok(!(k in p), `member must not get key ${k}; got ${JSON.stringify(p)}`);
    }
    // Always-visible fields are still there.
    for (const k of ['name', 'name_latin', 'kind', 'company', 'status', 'role']) assert.ok(k in p, `${k} is always visible`);
    assert.equal(p.job_title, 'Technician', 'fields still visible to everyone stay');
    assert.deepEqual(p.tags, ['electrical']);
  });

  test('hidden fields are also left out of lists and search results', async () => {
    const items = await search(member.client, 'Tamer');
    const p = items.find((x) => x.id === target.person.id);
    assert.ok(p, 'the person is found by name');
    for (const k of ['phone', 'email', 'manager_id', 'manager_name']) assert.ok(!(k in p), `list item must not have ${k}`);
    const all = expectOk(await member.client.get('/api/v1/people?limit=200')).items;
    for (const q of all.filter((x) => x.id !== member.person.id)) {
      assert.ok(!('phone' in q) && !('email' in q), `list item ${q.name} leaks phone/email`);
    }
  });

  test('a member cannot find someone by a field hidden from them', async () => {
    const asAdmin = await search(admin.client, 'tamer@example.com');
    assert.ok(asAdmin.some((x) => x.id === target.person.id), 'admins can search by email');
    const items = await search(member.client, 'tamer@example.com');
    assert.ok(!items.some((x) => x.id === target.person.id), 'searching by a hidden email must not reveal the match');
  });

  test('a manager sees the phone but not the admins-only email', async () => {
    const p = expectOk(await manager.client.get(`/api/v1/people/${target.person.id}`));
    assert.equal(p.phone, '+966577777777');
    assert.ok(!('email' in p), 'email is admins-only');
  });

  test('admins and the owner see everything', async () => {
    for (const c of [admin.client, owner]) {
      const p = expectOk(await c.get(`/api/v1/people/${target.person.id}`));
      assert.equal(p.phone, '+966577777777');
      assert.equal(p.email, 'tamer@example.com');
      assert.equal(p.manager_id, boss.person.id);
      assert.equal(p.manager_name, 'Bashir Boss');
      assert.deepEqual(p.custom, { blood_type: 'O+', shirt_size: 'L' });
    }
  });

  test('a person always sees all their own fields', async () => {
    const p = expectOk(await target.client.get(`/api/v1/people/${target.person.id}`));
    assert.equal(p.phone, '+966577777777');
    assert.equal(p.email, 'tamer@example.com');
    assert.equal(p.manager_id, boss.person.id);
    assert.deepEqual(p.custom, { blood_type: 'O+', shirt_size: 'L' });
    const me = expectOk(await target.client.get('/api/v1/me'));
    assert.equal(me.user.phone, '+966577777777');
    assert.equal(me.user.email, 'tamer@example.com');
  });

  test('a custom field with visibility admins is hidden from members, others stay', async () => {
    const p = expectOk(await member.client.get(`/api/v1/people/${target.person.id}`));
    assert.ok(p.custom && typeof p.custom === 'object', 'custom object present');
    assert.equal(p.custom.shirt_size, 'L');
    assert.ok(!('blood_type' in p.custom), `member must not get custom.blood_type; got ${JSON.stringify(p.custom)}`);
    const m = expectOk(await manager.client.get(`/api/v1/people/${target.person.id}`));
    assert.ok(!('blood_type' in (m.custom ?? {})), 'managers are not admins');
  });

  test('members cannot read or change the rules', async () => {
    expectError(await member.client.get('/api/v1/admin/field-visibility'), 403, 'permission_denied');
    expectError(
      await member.client.put('/api/v1/admin/field-visibility', { fields: { phone: 'everyone' } }),
      403,
      'permission_denied',
    );
    expectError(await manager.client.get('/api/v1/admin/custom-fields'), 403, 'permission_denied');
    expectError(
      await manager.client.put('/api/v1/admin/custom-fields', { items: [] }),
      403,
      'permission_denied',
    );
    const still = expectOk(await owner.get('/api/v1/admin/field-visibility'));
    assert.equal(still.fields.phone, 'managers');
    assert.equal(expectOk(await owner.get('/api/v1/admin/custom-fields')).items.length, 2);
  });

  test('setting phone back to everyone shows it to members again', async () => {
    const current = expectOk(await owner.get('/api/v1/admin/field-visibility'));
    expectOk(await owner.put('/api/v1/admin/field-visibility', { fields: { ...current.fields, phone: 'everyone' } }));
    const p = expectOk(await member.client.get(`/api/v1/people/${target.person.id}`));
    assert.equal(p.phone, '+966577777777');
    assert.ok(!('email' in p), 'email is still admins-only');
  });
});
