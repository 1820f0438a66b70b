// The directory: people admin (create, edit, deactivate, reactivate, permissions, uniqueness) and
// search/browse (Arabic normalization, Latin, fields, facets, filters, pagination).

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { Client } from './lib/client.mjs';
import {
  addMember,
  bearerClient,
  createPerson,
  expectError,
  expectOk,
  listAll,
  OWNER,
  search,
  setupOrg,
} from './lib/fixtures.mjs';
import { startServer } from './lib/server.mjs';

describe('people admin', () => {
  let srv;
  let owner;
  let ownerUser;
  let admin;
  let manager;
  let member;
  before(async () => {
    srv = await startServer();
    ({ owner, user: ownerUser } = await setupOrg(srv.url));
    admin = await addMember(owner, { name: 'Adel Admin', email: 'adel@example.com', role: 'admin' }, 'admin-password-1');
    manager = await addMember(owner, { name: 'Maha Manager', email: 'maha@example.com', role: 'manager' }, 'manager-password-1');
    member = await addMember(owner, { name: 'Mazen Member', email: 'mazen@example.com', employee_id: 'E300', phone: '+966533333333' }, 'member-password-1');
  });
  after(async () => {
    await srv?.stop();
  });

  test('roles were assigned as asked, member by default', () => {
    assert.equal(admin.person.role, 'admin');
    assert.equal(manager.person.role, 'manager');
    assert.equal(member.person.role, 'member');
    assert.equal(member.person.kind, 'employee');
    assert.equal(member.person.status, 'active');
  });

  let rawan;
  test('create a person with every field; GET returns the same', async () => {
    const fields = {
      name: 'روان القحطاني',
      name_latin: 'Rawan Alqahtani',
      job_title: 'Store Supervisor',
      department: 'Retail',
      location: 'Riyadh',
      manager_id: manager.person.id,
      employee_id: 'E400',
      phone: '+966544444444',
      email: 'rawan@example.com',
      tags: ['night-shift', 'first-aid'],
    };
    const { person } = await createPerson(admin.client, fields);
    rawan = person;
    for (const [k, v] of Object.entries(fields)) {
      if (k === 'tags') assert.deepEqual([...person.tags].sort(), [...v].sort(), 'tags (order not specified)');
      else assert.deepEqual(person[k], v, `field ${k}`);
    }
    assert.equal(person.manager_name, 'Maha Manager');
    assert.equal(person.kind, 'employee');
    assert.equal(person.role, 'member');
    assert.equal(person.status, 'active');
    assert.equal(person.has_account, false);
    assert.match(person.id, /\S/);
    assert.match(person.created_at, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/);
    const got = expectOk(await member.client.get(`/api/v1/people/${person.id}`));
    assert.equal(got.name, fields.name);
    assert.equal(got.job_title, fields.job_title);
    assert.equal(got.manager_id, manager.person.id);
  });

  test('the language is a Person field an admin may set on create and edit', async () => {
    const { person } = await createPerson(owner, { name: 'Lang Lama', email: 'lama@example.com', language: 'ar' });
    assert.equal(person.language, 'ar');
    const edited = expectOk(await owner.patch(`/api/v1/people/${person.id}`, { language: 'en' })).person;
    assert.equal(edited.language, 'en');
  });

  test('an external contact gets role external', async () => {
    const { person } = await createPerson(owner, { name: 'Supplier Sam', kind: 'external', company: 'Supplier Co', email: 'sam@supplier.example' });
    assert.equal(person.kind, 'external');
    assert.equal(person.company, 'Supplier Co');
    assert.equal(person.role, 'external');
  });

  test('edit a person: changed fields stick, others stay', async () => {
    const res = await admin.client.patch(`/api/v1/people/${rawan.id}`, { job_title: 'Store Manager', department: 'Retail Ops' });
    const { person } = expectOk(res);
    assert.equal(person.job_title, 'Store Manager');
    assert.equal(person.department, 'Retail Ops');
    assert.equal(person.location, 'Riyadh', 'untouched field kept');
    assert.equal(person.email, 'rawan@example.com');
    assert.ok(Date.parse(person.updated_at) >= Date.parse(rawan.updated_at));
    const got = expectOk(await owner.get(`/api/v1/people/${rawan.id}`));
    assert.equal(got.job_title, 'Store Manager');
    // Clearing the manager.
    const cleared = expectOk(await admin.client.patch(`/api/v1/people/${rawan.id}`, { manager_id: null })).person;
    assert.equal(cleared.manager_id, null);
  });

  test('email, phone and employee id must be unique: 409 conflict, nothing created or changed', async () => {
    const before = await listAll(owner, { status: 'all' });
    for (const [field, value] of [
      ['email', 'rawan@example.com'],
      ['phone', '+966544444444'],
      ['employee_id', 'E400'],
    ]) {
      const res = await owner.post('/api/v1/people', { name: `Duplicate ${field}`, [field]: value });
      const err = expectError(res, 409, 'conflict', `duplicate ${field}`);
      if (err.field !== undefined) assert.equal(err.field, field);
      const patch = await owner.patch(`/api/v1/people/${member.person.id}`, { [field]: value });
      expectError(patch, 409, 'conflict', `PATCH to a taken ${field}`);
    }
    const after = await listAll(owner, { status: 'all' });
    assert.equal(after.length, before.length, 'no person was created');
    const m = expectOk(await owner.get(`/api/v1/people/${member.person.id}`));
    assert.equal(m.email, 'mazen@example.com');
    assert.equal(m.employee_id, 'E300');
    assert.equal(m.phone, '+966533333333');
  });

  test('members and managers cannot create, edit or deactivate people (403)', async () => {
    for (const [who, c] of [
      ['member', member.client],
      ['manager', manager.client],
    ]) {
      expectError(await c.post('/api/v1/people', { name: `Made by ${who}` }), 403, 'permission_denied', `${who} create`);
      expectError(await c.patch(`/api/v1/people/${rawan.id}`, { job_title: 'Hacked' }), 403, 'permission_denied', `${who} edit`);
      expectError(await c.post(`/api/v1/people/${rawan.id}/deactivate`), 403, 'permission_denied', `${who} deactivate`);
      expectError(await c.patch(`/api/v1/people/${c.user.id}`, { role: 'admin' }), 403, 'permission_denied', `${who} self-promote`);
    }
    const got = expectOk(await owner.get(`/api/v1/people/${rawan.id}`));
    assert.equal(got.job_title, 'Store Manager');
    assert.equal(got.status, 'active');
    assert.equal(expectOk(await owner.get(`/api/v1/people/${member.person.id}`)).role, 'member');
    assert.equal((await search(owner, 'Made by')).length, 0, 'nothing was created');
  });

  test('only the owner grants or revokes admin', async () => {
    expectError(await admin.client.patch(`/api/v1/people/${member.person.id}`, { role: 'admin' }), 403, 'permission_denied', 'admin grants admin');
    assert.equal(expectOk(await owner.get(`/api/v1/people/${member.person.id}`)).role, 'member');
    const granted = expectOk(await owner.patch(`/api/v1/people/${member.person.id}`, { role: 'admin' })).person;
    assert.equal(granted.role, 'admin');
    expectError(await admin.client.patch(`/api/v1/people/${member.person.id}`, { role: 'member' }), 403, 'permission_denied', 'admin revokes admin');
    const revoked = expectOk(await owner.patch(`/api/v1/people/${member.person.id}`, { role: 'member' })).person;
    assert.equal(revoked.role, 'member');
    // The revoked person really lost admin powers.
    expectError(await member.client.post('/api/v1/people', { name: 'After Revoke' }), 403, 'permission_denied');
  });

  test('an admin cannot make someone owner or demote the owner', async () => {
    const promote = await admin.client.patch(`/api/v1/people/${member.person.id}`, { role: 'owner' });
    assert.ok(promote.status >= 400 && promote.status < 500, `admin makes someone owner: expected 4xx, got ${promote.status}`);
    expectError(await admin.client.patch(`/api/v1/people/${ownerUser.id}`, { role: 'member' }), 403, 'permission_denied', 'admin demotes owner');
    assert.equal(expectOk(await owner.get(`/api/v1/people/${ownerUser.id}`)).role, 'owner');
    assert.equal(expectOk(await owner.get(`/api/v1/people/${member.person.id}`)).role, 'member');
  });

  test('organization: anyone signed in reads it, only admins change it', async () => {
    expectError(await member.client.patch('/api/v1/organization', { name: 'Member Inc' }), 403, 'permission_denied');
    const changed = expectOk(await admin.client.patch('/api/v1/organization', { name: 'Acme Holding', default_language: 'ar' }));
    assert.equal(changed.name, 'Acme Holding');
    assert.equal(changed.default_language, 'ar');
    const seen = expectOk(await member.client.get('/api/v1/organization'));
    assert.equal(seen.name, 'Acme Holding');
    assert.equal(seen.default_language, 'ar');
    assert.equal(expectOk(await member.client.get('/api/v1/me')).organization.name, 'Acme Holding');
  });

  test('nobody deactivates the owner, and nobody deactivates themselves (400)', async () => {
    expectError(await admin.client.post(`/api/v1/people/${ownerUser.id}/deactivate`), 400, 'invalid_argument', 'admin deactivates owner');
    expectError(await owner.post(`/api/v1/people/${ownerUser.id}/deactivate`), 400, 'invalid_argument', 'owner deactivates self');
    expectError(await admin.client.post(`/api/v1/people/${admin.person.id}/deactivate`), 400, 'invalid_argument', 'admin deactivates self');
    expectOk(await owner.get('/api/v1/me'));
    expectOk(await admin.client.get('/api/v1/me'));
  });

  test('deactivation: sign-in refused like a wrong password, sessions and tokens end at once, still visible as former staff', async () => {
    const leaver = await addMember(owner, { name: 'Leaving Layan', email: 'layan@example.com', employee_id: 'E500', department: 'Leavers' }, 'layan-password-1');
    const token = await bearerClient(srv.url, 'layan@example.com', 'layan-password-1', 'layan phone');
    expectOk(await leaver.client.get('/api/v1/me'));

    const res = await admin.client.post(`/api/v1/people/${leaver.person.id}/deactivate`);
    assert.equal(expectOk(res).person.status, 'deactivated');

    expectError(await leaver.client.get('/api/v1/me'), 401, 'unauthenticated', 'cookie session after deactivation');
    expectError(await leaver.client.get('/api/v1/people'), 401, 'unauthenticated', 'directory after deactivation');
    expectError(await token.get('/api/v1/me'), 401, 'unauthenticated', 'bearer token after deactivation');

    const signIn = await new Client(srv.url).post('/api/v1/auth/sign-in', { login: 'layan@example.com', password: 'layan-password-1' });
    const e1 = expectError(signIn, 401, 'unauthenticated', 'sign-in of a deactivated person');
    const wrong = await new Client(srv.url).post('/api/v1/auth/sign-in', { login: 'nobody-here@example.com', password: 'whatever-password' });
    const e2 = expectError(wrong, 401, 'unauthenticated');
    assert.equal(e1.message, e2.message, 'same message as wrong credentials');
    expectError(
      await new Client(srv.url).post('/api/v1/auth/tokens', { login: 'E500', password: 'layan-password-1' }),
      401,
      'unauthenticated',
      'token for a deactivated person',
    );

    // Former staff: a member still finds the profile, marked deactivated.
    const profile = expectOk(await member.client.get(`/api/v1/people/${leaver.person.id}`));
    assert.equal(profile.status, 'deactivated');
    assert.equal(profile.name, 'Leaving Layan');
    const active = await listAll(member.client);
    assert.ok(!active.some((p) => p.id === leaver.person.id), 'not in the default (active) list');
    assert.ok(active.every((p) => p.status === 'active'), 'default list has only active people');
    const former = await listAll(member.client, { status: 'deactivated' });
    assert.ok(former.some((p) => p.id === leaver.person.id), 'in the deactivated list');
    assert.ok(former.every((p) => p.status === 'deactivated'));

    // Reactivation lets them back in with their old password.
    const re = await admin.client.post(`/api/v1/people/${leaver.person.id}/reactivate`);
    assert.equal(expectOk(re).person.status, 'active');
    const back = new Client(srv.url);
    expectOk(await back.post('/api/v1/auth/sign-in', { login: 'layan@example.com', password: 'layan-password-1' }));
    expectOk(await back.get('/api/v1/me'));
    expectError(await leaver.client.get('/api/v1/me'), 401, 'unauthenticated', 'the old session stays ended after reactivation');
  });

  test('a refused person says why in a translatable reason, with the field and its values', async () => {
    let err = expectError(await owner.post('/api/v1/people', { name: '', email: 'x@example.com' }), 400, 'invalid_argument');
    assert.deepEqual([err.field, err.reason, err.params], ['name', 'field_required', {}]);
    err = expectError(await owner.post('/api/v1/people', { name: 'Long', job_title: 'j'.repeat(201) }), 400, 'invalid_argument');
    assert.deepEqual([err.field, err.reason, err.params], ['job_title', 'field_too_long', { max: '200' }]);
    err = expectError(await owner.post('/api/v1/people', { name: 'Mail', email: 'not-an-email' }), 400, 'invalid_argument');
    assert.deepEqual([err.field, err.reason], ['email', 'email_invalid']);
    assert.equal(err.message, 'Email address is not valid.', 'the English message stays for API clients');
  });

  test('unknown person ids are 404', async () => {
    expectError(await owner.get('/api/v1/people/p_doesnotexist'), 404, 'not_found');
    expectError(await owner.patch('/api/v1/people/p_doesnotexist', { job_title: 'x' }), 404, 'not_found');
    expectError(await owner.post('/api/v1/people/p_doesnotexist/deactivate'), 404, 'not_found');
    expectError(await owner.post('/api/v1/people/p_doesnotexist/reactivate'), 404, 'not_found');
    expectError(await owner.post('/api/v1/people/p_doesnotexist/invitation'), 404, 'not_found');
  });

  test('the owner row exists in the directory with role owner', async () => {
    const me = expectOk(await member.client.get(`/api/v1/people/${ownerUser.id}`));
    assert.equal(me.role, 'owner');
    assert.equal(me.name, OWNER.name);
  });
});

describe('directory search and browse', () => {
  let srv;
  let owner;
  let member;
  const P = {};
  const people = {
    ahmed: { name: 'أحمد الشمري', name_latin: 'Ahmed Alshammari', job_title: 'Night Cashier', department: 'Sales', location: 'Riyadh', employee_id: '123', tags: ['night-shift'] },
    fatima: { name: 'فاطمة الزهراء', name_latin: 'Fatima Alzahraa', job_title: 'Nurse', department: 'Care', location: 'Jeddah', employee_id: 'E-550', email: 'fatima@example.com' },
    mustafa: { name: 'مصطفى كمال', name_latin: 'Mustafa Kamal', job_title: 'Driver', department: 'Logistics', location: 'Dammam', tags: ['forklift'] },
    mohammed: { name: 'مُحَمَّد سَعِيد', name_latin: 'Mohammed Saeed', job_title: 'Accountant', department: 'Finance', location: 'Riyadh' },
    mahmoud: { name: 'محمود عادل', name_latin: 'Mahmoud Adel', job_title: 'Accountant', department: 'Finance', location: 'Riyadh' },
    ibrahim: { name: 'إبراهيم خليل', name_latin: 'Ibrahim Khalil', job_title: 'Cook', department: 'Kitchen', location: 'Jeddah' },
    salma: { name: 'سلمى ناصر', name_latin: 'Salma Nasser', job_title: 'Sales Associate', department: 'Sales', location: 'Riyadh', employee_id: '9123' },
  };

  before(async () => {
    srv = await startServer();
    ({ owner } = await setupOrg(srv.url));
    for (const [key, fields] of Object.entries(people)) P[key] = (await createPerson(owner, fields)).person;
    member = await addMember(owner, { name: 'Viewer Vera', email: 'vera@example.com', department: 'Viewers' }, 'viewer-password-1');
  });
  after(async () => {
    await srv?.stop();
  });

  const ids = (items) => items.map((p) => p.id);
  async function expectFinds(q, wanted, notWanted = []) {
    const items = await search(member.client, q);
    for (const k of wanted) assert.ok(ids(items).includes(P[k].id), `q=${JSON.stringify(q)} should find ${k}; got ${items.map((p) => p.name).join(', ')}`);
    for (const k of notWanted) assert.ok(!ids(items).includes(P[k].id), `q=${JSON.stringify(q)} should not find ${k}`);
    return items;
  }

  test('Arabic: alef with hamza matches bare alef, both ways', async () => {
    await expectFinds('احمد', ['ahmed'], ['fatima', 'mustafa', 'mohammed']);
    await expectFinds('أحمد', ['ahmed'], ['fatima']);
    await expectFinds('ابراهيم', ['ibrahim'], ['ahmed']);
    await expectFinds('إبراهيم', ['ibrahim']);
  });

  test('Arabic: taa marbuta matches haa', async () => {
    await expectFinds('فاطمه', ['fatima'], ['ahmed']);
    await expectFinds('فاطمة', ['fatima']);
  });

  test('Arabic: alef maqsura matches yaa', async () => {
    await expectFinds('مصطفي', ['mustafa'], ['ahmed']);
    await expectFinds('مصطفى', ['mustafa']);
  });

  test('Arabic: diacritics are ignored in names and in the query', async () => {
    await expectFinds('محمد', ['mohammed'], ['mahmoud']);
    await expectFinds('مَحْمُود', ['mahmoud'], ['mohammed']);
  });

  test('Arabic-Indic digits in the query match Western digits', async () => {
    const items = await expectFinds('١٢٣', ['ahmed'], ['fatima', 'mustafa']);
    assert.ok(items.length >= 1);
    await expectFinds('123', ['ahmed']);
  });

  test('Latin names match case-insensitively', async () => {
    await expectFinds('ahmed', ['ahmed'], ['fatima']);
    await expectFinds('AHMED', ['ahmed']);
    await expectFinds('mustafa kamal', ['mustafa'], ['ahmed']);
  });

  test('title, department, location, tag and email are searchable', async () => {
    await expectFinds('cashier', ['ahmed'], ['fatima', 'mustafa']);
    await expectFinds('Logistics', ['mustafa'], ['ahmed']);
    await expectFinds('jeddah', ['fatima', 'ibrahim'], ['ahmed', 'mustafa']);
    await expectFinds('forklift', ['mustafa'], ['ahmed']);
    await expectFinds('night-shift', ['ahmed'], ['mustafa']);
    await expectFinds('fatima@example.com', ['fatima'], ['ahmed']);
    await expectFinds('E-550', ['fatima'], ['ahmed']);
  });

  test('a query that matches nothing returns an empty list', async () => {
    const res = expectOk(await member.client.get('/api/v1/people?q=zzqqxx-no-such-person'));
    assert.deepEqual(res.items, []);
    assert.equal(res.next_cursor, null);
  });

  test('facets count people per department and location, matching the filtered lists', async () => {
    const facets = expectOk(await member.client.get('/api/v1/directory/facets'));
    const dep = Object.fromEntries(facets.departments.map((f) => [f.name, f.count]));
    const loc = Object.fromEntries(facets.locations.map((f) => [f.name, f.count]));
    assert.equal(dep.Sales, 2);
    assert.equal(dep.Finance, 2);
    assert.equal(dep.Care, 1);
    assert.equal(dep.Kitchen, 1);
    assert.equal(loc.Riyadh, 4);
    assert.equal(loc.Jeddah, 2);
    assert.equal(loc.Dammam, 1);
  });

  test('browse by department, location and tag', async () => {
    const sales = await listAll(member.client, { department: 'Sales' });
    assert.deepEqual(ids(sales).sort(), [P.ahmed.id, P.salma.id].sort());
    const riyadh = await listAll(member.client, { location: 'Riyadh' });
    assert.deepEqual(ids(riyadh).sort(), [P.ahmed.id, P.mohammed.id, P.mahmoud.id, P.salma.id].sort());
    const tagged = await listAll(member.client, { tag: 'forklift' });
    assert.deepEqual(ids(tagged), [P.mustafa.id]);
    const both = await listAll(member.client, { department: 'Finance', q: 'محمود' });
    assert.deepEqual(ids(both), [P.mahmoud.id], 'q and department combine');
  });

  test('a deactivated person leaves the facets and the default lists', async () => {
    expectOk(await owner.post(`/api/v1/people/${P.salma.id}/deactivate`));
    const facets = expectOk(await member.client.get('/api/v1/directory/facets'));
    const dep = Object.fromEntries(facets.departments.map((f) => [f.name, f.count]));
    const sales = await listAll(member.client, { department: 'Sales' });
    assert.deepEqual(ids(sales), [P.ahmed.id]);
    assert.equal(dep.Sales, sales.length, 'facet count equals what the department list shows');
    const found = await search(member.client, 'سلمى');
    assert.ok(!ids(found).includes(P.salma.id), 'not found by default search');
    const former = await search(member.client, 'سلمى', { status: 'deactivated' });
    assert.ok(ids(former).includes(P.salma.id), 'found among former staff');
  });

  test('lists are sorted by name and pages follow next_cursor without gaps or repeats', async () => {
    const names = ['Paging Adam', 'Paging Basil', 'Paging Carl', 'Paging Dana', 'Paging Eman'];
    for (const n of [...names].reverse()) await createPerson(owner, { name: n, department: 'Paging' });
    const seen = [];
    let cursor = null;
    let pages = 0;
    do {
      const qs = new URLSearchParams({ department: 'Paging', limit: '2' });
      if (cursor) qs.set('cursor', cursor);
      const page = expectOk(await member.client.get(`/api/v1/people?${qs}`));
      assert.ok(page.items.length <= 2, 'limit is respected');
      seen.push(...page.items.map((p) => p.name));
      cursor = page.next_cursor;
      pages += 1;
      assert.ok(pages <= 5, 'pagination must end');
    } while (cursor);
    assert.deepEqual(seen, names);
    assert.equal(pages, 3);
  });
});
