// Phone numbers in E.164 with the organization's country, and Latin spellings of Arabic names
// (issue 16): sign-in, the directory and import treat "0509876543" and "+966509876543" as one
// number; "Ahmad" finds Ahmed, "mohamed" finds Mohammed and Muhammad (not Mahmoud); a phone
// number finds its owner, unless phone numbers are hidden from the viewer.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { addMember, createPerson, expectError, expectOk, search, setupOrg, signIn } from './lib/fixtures.mjs';
import { startServer } from './lib/server.mjs';

describe('phone numbers and name spellings', () => {
  let srv;
  let owner;
  let viewer;
  const P = {};
  before(async () => {
    srv = await startServer();
    ({ owner } = await setupOrg(srv.url));
    // Typed as people write them at home: no country code.
    P.nadia = (await addMember(owner, { name: 'نادية', name_latin: 'Nadia Salem', phone: '0509876543' }, 'nadia-password-1')).person;
    P.ahmed = (await createPerson(owner, { name: 'أحمد علي', name_latin: 'Ahmed Ali' })).person;
    P.muhammad = (await createPerson(owner, { name: 'محمد حسن', name_latin: 'Muhammad Hassan' })).person;
    P.mohammed = (await createPerson(owner, { name: 'محمد سعيد', name_latin: 'Mohammed Saeed' })).person;
    P.mahmoud = (await createPerson(owner, { name: 'محمود عادل', name_latin: 'Mahmoud Adel' })).person;
    P.abdullah = (await createPerson(owner, { name: 'عبدالله فهد', name_latin: 'Abdullah Fahad' })).person;
    viewer = (await addMember(owner, { name: 'Viewer', email: 'viewer@example.com' }, 'viewer-password-1')).client;
  });
  after(async () => {
    await srv?.stop();
  });

  const ids = (items) => items.map((p) => p.id).sort();

  test('without a country, a national number is only its digits', async () => {
    const org = expectOk(await owner.get('/api/v1/organization'));
    assert.equal(org.phone_region, '');
    expectError(await owner.post('/api/v1/auth/sign-in', { login: '+966509876543', password: 'nadia-password-1' }), 401, 'unauthenticated');
  });

  test('an admin sets the country; an unknown one is refused', async () => {
    const err = expectError(await owner.patch('/api/v1/organization', { phone_region: 'XX' }), 400, 'invalid_argument');
    assert.equal(err.field, 'phone_region');
    assert.equal(expectOk(await owner.patch('/api/v1/organization', { phone_region: 'SA' })).phone_region, 'SA');
  });

  test('sign-in with the number in any form finds the person stored as 0509876543', async () => {
    for (const login of ['+966509876543', '0509876543', '+966 50 987 6543', '٠٥٠٩٨٧٦٥٤٣']) await signIn(srv.url, login, 'nadia-password-1');
  });

  test('the same number in another form is taken, when creating and when importing', async () => {
    expectError(await owner.post('/api/v1/people', { name: 'Copy', phone: '+966 50 987 6543' }), 409, 'conflict');
    const csv = '\uFEFFname,email,phone\r\nCopy Cat,copy@example.com,+966509876543\r\n';
    const res = await owner.request('POST', '/api/v1/people/import?mode=dry-run', { body: csv, contentType: 'text/csv' });
    const report = expectOk(res);
    assert.deepEqual(report.errors.map((e) => [e.field, e.reason]), [['phone', 'import_taken']]);
  });

  test('the directory finds a phone number however it is typed', async () => {
    for (const q of ['0509876543', '+966509876543', '966509876543', '98765']) assert.deepEqual(ids(await search(owner, q)), [P.nadia.id], q);
  });

  test('a hidden phone number finds nobody', async () => {
    assert.deepEqual(ids(await search(viewer, '0509876543')), [P.nadia.id], 'visible to everyone by default');
    const vis = expectOk(await owner.get('/api/v1/admin/field-visibility'));
    expectOk(await owner.put('/api/v1/admin/field-visibility', { fields: { ...vis.fields, phone: 'admins' } }));
    assert.deepEqual(await search(viewer, '0509876543'), [], 'hidden from members: not searchable by them');
    assert.deepEqual(ids(await search(owner, '0509876543')), [P.nadia.id], 'admins still find it');
    expectOk(await owner.put('/api/v1/admin/field-visibility', { fields: vis.fields }));
  });

  test('Latin spellings of Arabic names meet, as people type them', async () => {
    assert.deepEqual(ids(await search(viewer, 'Ahmad')), [P.ahmed.id]);
    assert.deepEqual(ids(await search(viewer, 'mohamed')), [P.mohammed.id, P.muhammad.id].sort(), 'not Mahmoud');
    assert.deepEqual(ids(await search(viewer, 'Muhammed')), [P.mohammed.id, P.muhammad.id].sort());
    assert.deepEqual(ids(await search(viewer, 'Moha')), [P.mohammed.id, P.muhammad.id].sort(), 'a prefix while typing');
    assert.deepEqual(ids(await search(viewer, 'abdulla')), [P.abdullah.id]);
    assert.deepEqual(ids(await search(viewer, 'mahmud')), [P.mahmoud.id]);
  });

  test('people keyed before the country was set are found once it is', async () => {
    // Stored while the country was SA; changing it re-keys everyone in one go.
    expectOk(await owner.patch('/api/v1/organization', { phone_region: 'AE' }));
    expectError(await owner.post('/api/v1/auth/sign-in', { login: '+966509876543', password: 'nadia-password-1' }), 401, 'unauthenticated',
      'read with AE, 0509876543 is an Emirati number');
    await signIn(srv.url, '+971509876543', 'nadia-password-1');
    expectOk(await owner.patch('/api/v1/organization', { phone_region: 'SA' }));
    await signIn(srv.url, '+966509876543', 'nadia-password-1');
  });
});
