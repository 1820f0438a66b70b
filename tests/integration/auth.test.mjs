// Signing in and out, rate limits, CSRF, bearer tokens and the session list.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { Client, parseSetCookie } from './lib/client.mjs';
import {
  addMember,
  bearerClient,
  expectError,
  expectOk,
  listAll,
  OWNER,
  setupOrg,
  signIn,
} from './lib/fixtures.mjs';
import { startServer } from './lib/server.mjs';

describe('sign-in, sign-out, CSRF, tokens and sessions', () => {
  let srv;
  let owner;
  let nadia; // a member with email, phone and employee id
  const NADIA = {
    name: 'نادية حسن',
    name_latin: 'Nadia Hassan',
    email: 'nadia@example.com',
    phone: '+966511111111',
    employee_id: 'E2001',
    job_title: 'Pharmacist',
  };
  const NADIA_PASSWORD = 'nadia-password-1';

  before(async () => {
    srv = await startServer();
    ({ owner } = await setupOrg(srv.url));
    nadia = await addMember(owner, NADIA, NADIA_PASSWORD);
  });
  after(async () => {
    await srv?.stop();
  });

  for (const [how, login] of [
    ['work email', NADIA.email],
    ['phone number', NADIA.phone],
    ['employee id', NADIA.employee_id],
  ]) {
    test(`sign in by ${how}`, async () => {
      const c = new Client(srv.url);
      const res = await c.post('/api/v1/auth/sign-in', { login, password: NADIA_PASSWORD });
      const body = expectOk(res, 200, `sign-in by ${how}`);
      assert.equal(body.user.id, nadia.person.id);
      assert.equal(typeof body.csrf_token, 'string');
      const cookie = res.setCookies.map(parseSetCookie).find((x) => x?.name === 'muster_session');
      assert.ok(cookie, 'sign-in sets muster_session');
      assert.equal(cookie.attrs.httponly, true);
      assert.equal(String(cookie.attrs.samesite).toLowerCase(), 'lax');
      const me = expectOk(await c.get('/api/v1/me'));
      assert.equal(me.user.id, nadia.person.id);
      assert.equal(me.csrf_token, body.csrf_token);
    });
  }

  test('a wrong password and an unknown login get the same 401 answer', async () => {
    const wrong = await new Client(srv.url).post('/api/v1/auth/sign-in', { login: NADIA.email, password: 'not-her-password' });
    const unknown = await new Client(srv.url).post('/api/v1/auth/sign-in', { login: 'nobody@example.com', password: 'not-her-password' });
    const e1 = expectError(wrong, 401, 'unauthenticated', 'wrong password');
    const e2 = expectError(unknown, 401, 'unauthenticated', 'unknown login');
    assert.equal(e1.message, e2.message, 'the message must not reveal whether the login exists');
    assert.equal(wrong.setCookies.length, 0, 'no cookie on a failed sign-in');
  });

  test('cookie-authenticated POST without X-CSRF-Token is 403 csrf_failed and changes nothing', async () => {
    const before = await listAll(owner, { status: 'all' });
    const res = await owner.post('/api/v1/people', { name: 'CSRF Victim', email: 'csrf@example.com' }, { csrf: false });
    expectError(res, 403, 'csrf_failed');
    const wrongToken = await owner.post('/api/v1/people', { name: 'CSRF Victim', email: 'csrf@example.com' }, { csrf: 'x'.repeat(43) });
    expectError(wrongToken, 403, 'csrf_failed', 'wrong token');
    const after = await listAll(owner, { status: 'all' });
    assert.deepEqual(after.map((p) => p.id).sort(), before.map((p) => p.id).sort(), 'no person was created');

    const patch = await nadia.client.patch('/api/v1/me', { language: 'ar' }, { csrf: false });
    expectError(patch, 403, 'csrf_failed', 'PATCH /me');
    const me = expectOk(await nadia.client.get('/api/v1/me'));
    assert.notEqual(me.user.language, 'ar', 'language must not have changed');

    const signOut = await nadia.client.post('/api/v1/auth/sign-out', undefined, { csrf: false });
    expectError(signOut, 403, 'csrf_failed', 'sign-out without CSRF');
    expectOk(await nadia.client.get('/api/v1/me'), 200, 'session still alive after refused sign-out');
  });

  test("one session's CSRF token does not work for another session", async () => {
    const other = await signIn(srv.url, NADIA.email, NADIA_PASSWORD);
    assert.notEqual(other.csrfToken, nadia.client.csrfToken, 'each session has its own CSRF token');
    const res = await nadia.client.patch('/api/v1/me', { language: 'ar' }, { csrf: other.csrfToken });
    expectError(res, 403, 'csrf_failed');
  });

  test('PATCH /me with the CSRF header works', async () => {
    const res = await nadia.client.patch('/api/v1/me', { language: 'ar' });
    assert.equal(expectOk(res).user.language, 'ar');
    assert.equal(expectOk(await nadia.client.get('/api/v1/me')).user.language, 'ar');
    assert.equal(expectOk(await nadia.client.patch('/api/v1/me', { language: null })).user.language, null);
  });

  test('a bearer token works without any CSRF header', async () => {
    const b = await bearerClient(srv.url, OWNER.email, OWNER.password, 'ci-bot');
    const me = expectOk(await b.get('/api/v1/me'));
    assert.equal(me.user.role, 'owner');
    assert.equal(me.session_id, b.sessionId);
    assert.equal(me.csrf_token, null, 'a bearer session has no CSRF token');
    const res = await b.post('/api/v1/people', { name: 'Bearer Created', email: 'bearer-created@example.com' });
    const created = expectOk(res, 201, 'POST /people with bearer and no CSRF header');
    assert.equal(created.person.name, 'Bearer Created');
    const tokenRes = await new Client(srv.url).post('/api/v1/auth/tokens', { login: OWNER.email, password: 'wrong-password' });
    expectError(tokenRes, 401, 'unauthenticated', 'token with a wrong password');
  });

  test('a bearer token that does not exist is 401', async () => {
    const b = new Client(srv.url, { bearer: 'not-a-real-token' });
    expectError(await b.get('/api/v1/me'), 401, 'unauthenticated');
  });

  test('sign-out ends the session on the server and clears the cookie', async () => {
    const c = await signIn(srv.url, NADIA.email, NADIA_PASSWORD);
    const stolen = c.clone(); // someone who copied the cookie before sign-out
    const res = await c.post('/api/v1/auth/sign-out');
    assert.equal(res.status, 204, `sign-out: expected 204, got ${res.status} ${res.text}`);
    const cleared = res.setCookies.map(parseSetCookie).find((x) => x?.name === 'muster_session');
    assert.ok(cleared, 'sign-out must send a Set-Cookie that clears muster_session');
    const expired =
      cleared.value === '' ||
      Number(cleared.attrs['max-age']) <= 0 ||
      (cleared.attrs.expires && Date.parse(cleared.attrs.expires) < Date.now());
    assert.ok(expired, `cookie not cleared: ${JSON.stringify(cleared)}`);
    expectError(await stolen.get('/api/v1/me'), 401, 'unauthenticated', 'old cookie after sign-out');
  });

  test('the session list shows device and address; ending another session signs that client out', async () => {
    const browser = await signIn(srv.url, NADIA.email, NADIA_PASSWORD);
    const phone = await bearerClient(srv.url, NADIA.email, NADIA_PASSWORD, 'Nadia phone app');
    const me = expectOk(await browser.get('/api/v1/me'));

    const list = expectOk(await browser.get('/api/v1/me/sessions'));
    assert.ok(Array.isArray(list.items));
    const mine = list.items.find((s) => s.id === me.session_id);
    const phoneSession = list.items.find((s) => s.id === phone.sessionId);
    assert.ok(mine, 'the current session is listed');
    assert.ok(phoneSession, 'the token session is listed');
    assert.equal(mine.current, true);
    assert.equal(phoneSession.current, false);
    assert.equal(list.items.filter((s) => s.current).length, 1, 'exactly one current session');
    assert.equal(phoneSession.device, 'Nadia phone app');
    assert.equal(typeof mine.device, 'string');
    assert.ok(mine.device.length > 0, 'a browser session has a device description');
    for (const s of [mine, phoneSession]) {
      assert.ok(['127.0.0.1', '::ffff:127.0.0.1'].includes(s.ip), `session ip: ${s.ip}`);
      assert.match(s.created_at, /^\d{4}-\d\d-\d\dT/);
      assert.match(s.last_seen_at, /^\d{4}-\d\d-\d\dT/);
    }

    // Another person's sessions are not in Nadia's list.
    const ownerMe = expectOk(await owner.get('/api/v1/me'));
    assert.ok(!list.items.some((s) => s.id === ownerMe.session_id), "the owner's session is not in Nadia's list");

    expectOk(await phone.get('/api/v1/me'), 200, 'the phone works before');
    const del = await browser.delete(`/api/v1/me/sessions/${encodeURIComponent(phone.sessionId)}`);
    assert.equal(del.status, 204, `DELETE /me/sessions/{id}: expected 204, got ${del.status} ${del.text}`);
    expectError(await phone.get('/api/v1/me'), 401, 'unauthenticated', 'ended session');
    const after = expectOk(await browser.get('/api/v1/me/sessions'));
    assert.ok(!after.items.some((s) => s.id === phone.sessionId), 'the ended session is gone from the list');
    expectOk(await browser.get('/api/v1/me'), 200, 'the browser session still works');
  });

  test("a person cannot end someone else's session", async () => {
    const ownerSession = expectOk(await owner.get('/api/v1/me')).session_id;
    const res = await nadia.client.delete(`/api/v1/me/sessions/${encodeURIComponent(ownerSession)}`);
    assert.ok(res.status >= 400 && res.status < 500, `expected 4xx (404), got ${res.status}`);
    expectOk(await owner.get('/api/v1/me'), 200, "the owner's session must still work");
  });

  test('per-account limit: after 5 failures even the right password is 429 with Retry-After', async () => {
    const victim = await addMember(owner, { name: 'Locked Out', email: 'locked@example.com', employee_id: 'E2999' }, 'locked-password-1');
    for (let i = 1; i <= 5; i++) {
      const res = await new Client(srv.url).post('/api/v1/auth/sign-in', { login: 'locked@example.com', password: `wrong-${i}-password` });
      expectError(res, 401, 'unauthenticated', `failure ${i} of 5`);
    }
    const res = await new Client(srv.url).post('/api/v1/auth/sign-in', { login: 'locked@example.com', password: 'locked-password-1' });
    expectError(res, 429, 'rate_limited', 'right password after 5 failures');
    const retry = res.headers.get('retry-after');
    assert.ok(retry !== null, 'Retry-After header is required with 429');
    assert.ok(/^\d+$/.test(retry) && Number(retry) > 0 && Number(retry) <= 15 * 60, `Retry-After should be seconds (1..900), got ${retry}`);
    const token = await new Client(srv.url).post('/api/v1/auth/tokens', { login: 'locked@example.com', password: 'locked-password-1' });
    expectError(token, 429, 'rate_limited', 'tokens share the limit');
    // Other accounts are not locked.
    await signIn(srv.url, NADIA.email, NADIA_PASSWORD);
    // An existing session of the locked account keeps working.
    expectOk(await victim.client.get('/api/v1/me'), 200, 'existing session of the locked account');
    // The limit is per account: signing in to the same account by another identifier is also refused.
    const byId = await new Client(srv.url).post('/api/v1/auth/sign-in', { login: 'E2999', password: 'locked-password-1' });
    expectError(byId, 429, 'rate_limited', 'same account by employee id');
  });
});

describe('per-address sign-in limit', () => {
  let srv;
  before(async () => {
    srv = await startServer();
    await setupOrg(srv.url);
  });
  after(async () => {
    await srv?.stop();
  });

  test('20 failures from one address across different logins, then 429 for everyone there', async () => {
    for (let i = 1; i <= 20; i++) {
      const res = await new Client(srv.url).post('/api/v1/auth/sign-in', { login: `guess${i}@example.com`, password: 'guess-password' });
      expectError(res, 401, 'unauthenticated', `failure ${i} of 20`);
    }
    const res = await new Client(srv.url).post('/api/v1/auth/sign-in', { login: OWNER.email, password: OWNER.password });
    expectError(res, 429, 'rate_limited', 'the 21st attempt from the same address, even with valid credentials');
    assert.ok(res.headers.get('retry-after'), 'Retry-After header is required with 429');
    const token = await new Client(srv.url).post('/api/v1/auth/tokens', { login: OWNER.email, password: OWNER.password });
    expectError(token, 429, 'rate_limited', 'POST /auth/tokens from the same address');
  });
});
