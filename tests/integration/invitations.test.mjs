// Invitation links: created with a person, usable once, replaced by a newer link, expiring.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { Client } from './lib/client.mjs';
import { createPerson, expectError, expectOk, ORG_NAME, setupOrg, sleep } from './lib/fixtures.mjs';
import { startServer } from './lib/server.mjs';

const inv = (token) => `/api/v1/invitations/${encodeURIComponent(token)}`;

describe('invitations', () => {
  let srv;
  let owner;
  let anon;
  before(async () => {
    srv = await startServer();
    ({ owner } = await setupOrg(srv.url));
    anon = new Client(srv.url);
  });
  after(async () => {
    await srv?.stop();
  });

  test('creating a person returns an invitation url and token; the invitation shows the name', async () => {
    const before = Date.now();
    const { person, invitation } = await createPerson(owner, { name: 'ليلى يوسف', name_latin: 'Layla Yousef', email: 'layla@example.com' });
    assert.equal(person.has_account, false, 'no account before the invitation is accepted');
    assert.equal(typeof invitation.token, 'string');
    assert.ok(invitation.token.length >= 20, 'the token should be a real secret');
    assert.ok(invitation.url.endsWith(`/invite/${invitation.token}`), `url ${invitation.url} should end with /invite/<token>`);
    assert.match(invitation.url, /^https?:\/\//);
    const expires = Date.parse(invitation.expires_at);
    assert.ok(expires > before + 6 * 24 * 3600 * 1000, 'default lifetime is 7 days');
    assert.ok(expires < before + 8 * 24 * 3600 * 1000, 'default lifetime is 7 days');

    const res = expectOk(await anon.get(inv(invitation.token)));
    assert.equal(res.name, 'ليلى يوسف');
    assert.equal(res.organization.name, ORG_NAME);
    assert.equal(Date.parse(res.expires_at), expires);
  });

  test('an unknown invitation is 404', async () => {
    expectError(await anon.get(inv('no-such-invitation-token-xyz')), 404, 'not_found');
  });

  test('accepting with a password signs the person in; a second accept is 410', async () => {
    const { person, invitation } = await createPerson(owner, { name: 'Omar Farouk', email: 'omar@example.com' });
    const c = new Client(srv.url);
    const res = await c.post(`${inv(invitation.token)}/accept`, { password: 'omar-password-1' });
    const body = expectOk(res);
    assert.equal(body.user.id, person.id);
    assert.equal(typeof body.csrf_token, 'string');
    assert.ok(c.sessionCookie, 'accept sets the session cookie');
    const me = expectOk(await c.get('/api/v1/me'));
    assert.equal(me.user.id, person.id);
    assert.equal(me.csrf_token, body.csrf_token);

    const again = await new Client(srv.url).post(`${inv(invitation.token)}/accept`, { password: 'attacker-password' });
    expectError(again, 410, 'gone', 'second accept');
    expectError(await anon.get(inv(invitation.token)), 410, 'gone', 'GET a used invitation');

    // The password chosen at accept works; the second one does not.
    expectOk(await new Client(srv.url).post('/api/v1/auth/sign-in', { login: 'omar@example.com', password: 'omar-password-1' }));
    expectError(
      await new Client(srv.url).post('/api/v1/auth/sign-in', { login: 'omar@example.com', password: 'attacker-password' }),
      401,
      'unauthenticated',
    );
    const seen = expectOk(await owner.get(`/api/v1/people/${person.id}`));
    assert.equal(seen.has_account, true, 'has_account after accept');
  });

  test('a new invitation link makes the older one stop working', async () => {
    const { person, invitation: first } = await createPerson(owner, { name: 'Huda Salem', email: 'huda@example.com' });
    const res = await owner.post(`/api/v1/people/${person.id}/invitation`);
    const second = expectOk(res, 201).invitation;
    assert.notEqual(second.token, first.token);

    const old = await anon.get(inv(first.token));
    assert.ok([404, 410].includes(old.status), `old link GET: expected 410 (or 404), got ${old.status}`);
    const oldAccept = await new Client(srv.url).post(`${inv(first.token)}/accept`, { password: 'huda-password-1' });
    assert.ok([404, 410].includes(oldAccept.status), `old link accept: expected 410 (or 404), got ${oldAccept.status}`);
    expectError(oldAccept, oldAccept.status);

    expectOk(await anon.get(inv(second.token)));
    const c = new Client(srv.url);
    expectOk(await c.post(`${inv(second.token)}/accept`, { password: 'huda-password-1' }));
    assert.equal(expectOk(await c.get('/api/v1/me')).user.id, person.id);
  });

  test('a too-short password is 400 and the invitation stays usable', async () => {
    const { invitation } = await createPerson(owner, { name: 'Khalid Nasser', email: 'khalid@example.com' });
    const c = new Client(srv.url);
    const short = await c.post(`${inv(invitation.token)}/accept`, { password: 'seven77' });
    const err = expectError(short, 400, 'invalid_argument', '7-character password');
    if (err.field !== undefined) assert.equal(err.field, 'password');
    assert.equal(c.sessionCookie, null, 'no session after a refused accept');
    const long = await c.post(`${inv(invitation.token)}/accept`, { password: 'p'.repeat(257) });
    expectError(long, 400, 'invalid_argument', '257-character password');
    expectOk(await anon.get(inv(invitation.token)), 200, 'the invitation is still usable');
    expectOk(await c.post(`${inv(invitation.token)}/accept`, { password: 'exactly8' }), 200, 'an 8-character password is fine');
  });

  test('member cannot create invitations for others', async () => {
    const { invitation } = await createPerson(owner, { name: 'Member Mona', email: 'mona@example.com' });
    const mona = new Client(srv.url);
    expectOk(await mona.post(`${inv(invitation.token)}/accept`, { password: 'mona-password-1' }));
    const target = await createPerson(owner, { name: 'Target Tariq', email: 'tariq@example.com' });
    expectError(await mona.post(`/api/v1/people/${target.person.id}/invitation`), 403, 'permission_denied');
    expectOk(await anon.get(inv(target.invitation.token)), 200, "the target's link still works");
  });

  test("a deactivated person's unused invitation does not let them in", async () => {
    const { person, invitation } = await createPerson(owner, { name: 'Former Fahad', email: 'fahad@example.com' });
    expectOk(await owner.post(`/api/v1/people/${person.id}/deactivate`));
    const c = new Client(srv.url);
    const res = await c.post(`${inv(invitation.token)}/accept`, { password: 'fahad-password-1' });
    assert.ok(res.status >= 400 && res.status < 500, `accept after deactivation: expected 4xx (410), got ${res.status}`);
    assert.equal(c.sessionCookie, null, 'no session for a deactivated person');
    expectError(await c.get('/api/v1/me'), 401, 'unauthenticated');
  });
});

describe('invitation expiry (MUSTER_INVITATION_TTL=2)', () => {
  let srv;
  let owner;
  before(async () => {
    srv = await startServer({ env: { MUSTER_INVITATION_TTL: '2' } });
    ({ owner } = await setupOrg(srv.url));
  });
  after(async () => {
    await srv?.stop();
  });

  test('an invitation older than its lifetime is 410 gone', async () => {
    const t0 = Date.now();
    const { invitation } = await createPerson(owner, { name: 'Slow Sami', email: 'sami@example.com' });
    const expires = Date.parse(invitation.expires_at);
    assert.ok(expires - t0 <= 4000 && expires - t0 >= 0, `expires_at should be ~2 s away, is ${expires - t0} ms`);
    expectOk(await new Client(srv.url).get(inv(invitation.token)), 200, 'fresh invitation');
    await sleep(3200);
    expectError(await new Client(srv.url).get(inv(invitation.token)), 410, 'gone', 'GET expired');
    const c = new Client(srv.url);
    expectError(await c.post(`${inv(invitation.token)}/accept`, { password: 'sami-password-1' }), 410, 'gone', 'accept expired');
    assert.equal(c.sessionCookie, null);
  });

  test('a fresh link for the same person works after the old one expired', async () => {
    const { person, invitation } = await createPerson(owner, { name: 'Retry Rana', email: 'rana@example.com' });
    await sleep(3200);
    expectError(await new Client(srv.url).get(inv(invitation.token)), 410, 'gone');
    const fresh = expectOk(await owner.post(`/api/v1/people/${person.id}/invitation`), 201).invitation;
    const c = new Client(srv.url);
    expectOk(await c.post(`${inv(fresh.token)}/accept`, { password: 'rana-password-1' }));
    assert.equal(expectOk(await c.get('/api/v1/me')).user.id, person.id);
  });
});
