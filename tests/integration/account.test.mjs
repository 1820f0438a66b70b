// A person's own account (issue 16): changing the password (the current one required, other
// devices signed out on request), their own name in both scripts, and a reset link from an admin
// for a forgotten password — each audited, none logging a password.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { addMember, expectError, expectOk, setupOrg, signIn } from './lib/fixtures.mjs';
import { Client } from './lib/client.mjs';
import { startServer } from './lib/server.mjs';

describe('my account', () => {
  let srv;
  let owner;
  before(async () => {
    srv = await startServer();
    ({ owner } = await setupOrg(srv.url));
  });
  after(async () => {
    await srv?.stop();
  });

  const audit = async (action) =>
    expectOk(await owner.get(`/api/v1/admin/audit?action=${encodeURIComponent(action)}&limit=200`)).items.filter((e) => e.action === action);

  test('changing the password needs the current one; the new one works, the old one no longer does', async () => {
    const { person } = await addMember(owner, { name: 'Huda Hassan', email: 'huda@example.com' }, 'first-password-1');
    const phone = await signIn(srv.url, 'huda@example.com', 'first-password-1');
    const laptop = await signIn(srv.url, 'huda@example.com', 'first-password-1');

    let err = expectError(await phone.post('/api/v1/me/password', { current_password: 'wrong-password-1', new_password: 'second-password-2' }), 400, 'invalid_argument');
    assert.deepEqual([err.field, err.reason], ['current_password', 'current_password_wrong']);
    err = expectError(await phone.post('/api/v1/me/password', { current_password: 'first-password-1', new_password: 'short' }), 400, 'invalid_argument');
    assert.deepEqual([err.field, err.reason, err.params], ['password', 'password_too_short', { min: '8' }]);
    expectError(await phone.post('/api/v1/me/password', { current_password: 'first-password-1', new_password: 'password123' }), 400, 'password_too_common');

    expectOk(await phone.post('/api/v1/me/password', { current_password: 'first-password-1', new_password: 'second-password-2' }), 204);
    expectOk(await phone.get('/api/v1/me'), 200, 'this device stays signed in');
    expectOk(await laptop.get('/api/v1/me'), 200, 'other devices stay signed in unless asked');
    expectError(await new Client(srv.url).post('/api/v1/auth/sign-in', { login: 'huda@example.com', password: 'first-password-1' }), 401, 'unauthenticated');
    await signIn(srv.url, 'huda@example.com', 'second-password-2');

    const entries = (await audit('password.change')).filter((e) => e.target_id === person.id);
    assert.equal(entries.length, 1, 'audited once');
    assert.ok(!JSON.stringify(entries).includes('second-password-2'), 'no password in the audit log');
  });

  test('“sign out my other devices” ends every other session at once', async () => {
    await addMember(owner, { name: 'Ziad Karim', email: 'ziad@example.com' }, 'ziad-password-1');
    const phone = await signIn(srv.url, 'ziad@example.com', 'ziad-password-1');
    const tablet = await signIn(srv.url, 'ziad@example.com', 'ziad-password-1');
    expectOk(await phone.post('/api/v1/me/password', { current_password: 'ziad-password-1', new_password: 'ziad-password-2', end_other_sessions: true }), 204);
    expectOk(await phone.get('/api/v1/me'), 200, 'the device that changed it stays');
    expectError(await tablet.get('/api/v1/me'), 401, 'unauthenticated', 'the other device is signed out');
    const sessions = expectOk(await phone.get('/api/v1/me/sessions')).items;
    assert.equal(sessions.length, 1);
  });

  test('wrong current passwords are limited like sign-ins', async () => {
    await addMember(owner, { name: 'Rana Saleh', email: 'rana@example.com' }, 'rana-password-1');
    const c = await signIn(srv.url, 'rana@example.com', 'rana-password-1');
    let limited = null;
    for (let i = 0; i < 30 && !limited; i++) {
      const res = await c.post('/api/v1/me/password', { current_password: `guess-${i}-password`, new_password: 'rana-password-2' });
      if (res.status === 429) limited = res;
      else expectError(res, 400, 'invalid_argument');
    }
    assert.ok(limited, 'guessing is cut off');
    assert.ok(Number(limited.headers.get('retry-after')) > 0);
  });

  test('people change their own name in both scripts; the directory shows it and the audit log says who', async () => {
    const { person } = await addMember(owner, { name: 'سارة', email: 'sara2@example.com' }, 'sara2-password-1');
    const c = await signIn(srv.url, 'sara2@example.com', 'sara2-password-1');
    const me = expectOk(await c.patch('/api/v1/me', { name: 'سارة المطيري', name_latin: 'Sara Almutairi' })).user;
    assert.equal(me.name, 'سارة المطيري');
    assert.equal(me.name_latin, 'Sara Almutairi');
    const seen = expectOk(await owner.get(`/api/v1/people/${person.id}`));
    assert.equal(seen.name, 'سارة المطيري');
    const err = expectError(await c.patch('/api/v1/me', { name: '' }), 400, 'invalid_argument');
    assert.deepEqual([err.field, err.reason], ['name', 'field_required']);
    expectError(await c.patch('/api/v1/me', { role: 'admin' }), 400, 'invalid_argument', 'nothing else is self-service');
    const entry = (await audit('person.update')).find((e) => e.target_id === person.id);
    assert.ok(entry, 'audited');
    assert.equal(entry.actor_id, person.id, 'by the person themselves');
  });

  test('a forgotten password: an admin’s reset link sets a new one and signs every old device out', async () => {
    const { person } = await addMember(owner, { name: 'Omar Nabil', email: 'omar@example.com' }, 'omar-password-1');
    const old = await signIn(srv.url, 'omar@example.com', 'omar-password-1');
    const link = expectOk(await owner.post(`/api/v1/people/${person.id}/invitation`), 201).invitation;
    const info = expectOk(await new Client(srv.url).get(`/api/v1/invitations/${link.token}`));
    assert.equal(info.reset, true, 'the page says it sets a new password');
    const fresh = new Client(srv.url);
    expectOk(await fresh.post(`/api/v1/invitations/${link.token}/accept`, { password: 'omar-password-2' }));
    expectOk(await fresh.get('/api/v1/me'), 200, 'signed in with the new password');
    expectError(await old.get('/api/v1/me'), 401, 'unauthenticated', 'the old device is signed out');
    await signIn(srv.url, 'omar@example.com', 'omar-password-2');
    assert.equal((await audit('password.reset_link')).filter((e) => e.target_id === person.id).length, 1, 'the link is audited as a reset');
    const invitee = expectOk(await owner.post('/api/v1/people', { name: 'New Person', email: 'new@example.com' }), 201).invitation;
    assert.equal(expectOk(await new Client(srv.url).get(`/api/v1/invitations/${invitee.token}`)).reset, false, 'a first invitation is no reset');
  });
});
