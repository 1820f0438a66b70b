// First-run setup: before it nothing but setup works; it creates the organization and the owner and
// signs the owner in with a proper cookie; it can happen only once.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { Client, parseSetCookie } from './lib/client.mjs';
import { expectError, expectOk, OWNER, ORG_NAME } from './lib/fixtures.mjs';
import { startServer } from './lib/server.mjs';

describe('first-run setup', () => {
  let srv;
  let anon;
  before(async () => {
    srv = await startServer();
    anon = new Client(srv.url);
  });
  after(async () => {
    await srv?.stop();
  });

  test('health endpoints answer before setup', async () => {
    const h = await anon.get('/healthz');
    assert.equal(h.status, 200);
    assert.deepEqual(h.body, { status: 'ok' });
    const r = await anon.get('/readyz');
    assert.equal(r.status, 200);
    assert.deepEqual(r.body, { status: 'ready' });
  });

  test('GET /api/v1/setup says setup is needed', async () => {
    const res = await anon.get('/api/v1/setup');
    assert.deepEqual(expectOk(res), { needed: true });
  });

  test('other routes refuse before setup (409 setup_required or 401)', async () => {
    const probes = [
      ['GET', '/api/v1/people'],
      ['GET', '/api/v1/me'],
      ['GET', '/api/v1/organization'],
      ['GET', '/api/v1/directory/facets'],
      ['POST', '/api/v1/auth/sign-in', { login: OWNER.email, password: OWNER.password }],
      ['POST', '/api/v1/auth/tokens', { login: OWNER.email, password: OWNER.password }],
    ];
    for (const [method, path, json] of probes) {
      const res = await anon.request(method, path, json ? { json } : {});
      assert.ok(
        res.status === 409 || res.status === 401,
        `${method} ${path} before setup: expected 409 setup_required or 401, got ${res.status} ${res.text.slice(0, 200)}`,
      );
      const err = expectError(res, res.status, undefined, `${method} ${path}`);
      if (res.status === 409) assert.equal(err.code, 'setup_required', `${method} ${path}`);
      else assert.equal(err.code, 'unauthenticated', `${method} ${path}`);
    }
  });

  test('setup with an invalid request is refused and leaves setup needed', async () => {
    const base = {
      organization_name: ORG_NAME,
      default_language: 'en',
      owner: { name: OWNER.name, email: OWNER.email, password: OWNER.password },
    };
    const bad = [
      ['password too short', { ...base, owner: { ...base.owner, password: 'short' } }],
      ['password too long', { ...base, owner: { ...base.owner, password: 'x'.repeat(257) } }],
      ['missing owner email', { ...base, owner: { name: OWNER.name, password: OWNER.password } }],
      ['bad language', { ...base, default_language: 'fr' }],
      ['missing organization name', { default_language: 'en', owner: base.owner }],
    ];
    for (const [what, body] of bad) {
      const res = await anon.post('/api/v1/setup', body);
      expectError(res, 400, 'invalid_argument', what);
      assert.equal(res.setCookies.length, 0, `${what}: no cookie on a failed setup`);
    }
    assert.deepEqual((await anon.get('/api/v1/setup')).body, { needed: true });
  });

  let owner;
  let setupBody;
  test('setup creates the organization and the owner and signs the owner in', async () => {
    owner = new Client(srv.url);
    const res = await owner.post('/api/v1/setup', {
      organization_name: ORG_NAME,
      default_language: 'ar',
      owner: { name: OWNER.name, name_latin: OWNER.name_latin, email: OWNER.email, phone: OWNER.phone, password: OWNER.password },
    });
    setupBody = expectOk(res, 201);
    assert.equal(setupBody.organization.name, ORG_NAME);
    assert.equal(setupBody.organization.default_language, 'ar');
    assert.match(setupBody.organization.created_at, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/);
    assert.equal(setupBody.user.name, OWNER.name);
    assert.equal(setupBody.user.name_latin, OWNER.name_latin);
    assert.equal(setupBody.user.email, OWNER.email);
    assert.equal(setupBody.user.role, 'owner');
    assert.equal(setupBody.user.status, 'active');
    assert.equal(typeof setupBody.user.id, 'string');
    assert.equal(typeof setupBody.csrf_token, 'string');
    assert.ok(setupBody.csrf_token.length >= 16, 'csrf_token should be a real secret');
    assert.ok(!('password' in setupBody.user) && !('password_hash' in setupBody.user), 'no password in the Person');

    const cookie = res.setCookies.map(parseSetCookie).find((c) => c && c.name === 'muster_session');
    assert.ok(cookie, `setup must set muster_session, got Set-Cookie: ${JSON.stringify(res.setCookies)}`);
    assert.ok(cookie.value.length >= 16, 'session cookie value should be a real secret');
    assert.equal(cookie.attrs.httponly, true, 'cookie must be HttpOnly');
    assert.equal(String(cookie.attrs.samesite).toLowerCase(), 'lax', 'cookie must be SameSite=Lax');
    assert.equal(cookie.attrs.path, '/', 'cookie must be Path=/');
    assert.equal(cookie.attrs.secure, undefined, 'no Secure flag on a plain-http public URL');
  });

  test('GET /api/v1/setup now says not needed', async () => {
    assert.deepEqual(expectOk(await anon.get('/api/v1/setup')), { needed: false });
  });

  test('a second setup is refused with 409 conflict and changes nothing', async () => {
    const intruder = new Client(srv.url);
    const res = await intruder.post('/api/v1/setup', {
      organization_name: 'Hijacked',
      default_language: 'en',
      owner: { name: 'Mallory', email: 'mallory@example.com', password: 'mallory-password' },
    });
    expectError(res, 409, 'conflict');
    assert.equal(intruder.sessionCookie, null, 'no session for the refused setup');
    const org = expectOk(await owner.get('/api/v1/organization'));
    assert.equal(org.name, ORG_NAME);
    const signIn = await new Client(srv.url).post('/api/v1/auth/sign-in', { login: 'mallory@example.com', password: 'mallory-password' });
    expectError(signIn, 401, 'unauthenticated', 'the refused owner must not exist');
  });

  test('/api/v1/me works with the setup cookie and returns the same csrf token', async () => {
    const me = expectOk(await owner.get('/api/v1/me'));
    assert.equal(me.user.id, setupBody.user.id);
    assert.equal(me.user.role, 'owner');
    assert.equal(me.organization.name, ORG_NAME);
    assert.equal(me.csrf_token, setupBody.csrf_token);
    assert.equal(typeof me.session_id, 'string');
  });

  test('/api/v1/me without a session is 401 unauthenticated', async () => {
    expectError(await anon.get('/api/v1/me'), 401, 'unauthenticated');
  });

  test('the owner can sign in with the password chosen at setup', async () => {
    const c = new Client(srv.url);
    const res = await c.post('/api/v1/auth/sign-in', { login: OWNER.email, password: OWNER.password });
    const body = expectOk(res);
    assert.equal(body.user.id, setupBody.user.id);
  });

  test('health endpoints still answer after setup', async () => {
    assert.deepEqual((await anon.get('/healthz')).body, { status: 'ok' });
    assert.deepEqual((await anon.get('/readyz')).body, { status: 'ready' });
  });
});

describe('concurrent setup', () => {
  let srv;
  before(async () => {
    srv = await startServer();
  });
  after(async () => {
    await srv?.stop();
  });

  test('of several simultaneous setups exactly one wins', async () => {
    const attempts = Array.from({ length: 6 }, (_, i) =>
      new Client(srv.url).post('/api/v1/setup', {
        organization_name: `Org ${i}`,
        default_language: 'en',
        owner: { name: `Owner ${i}`, email: `owner${i}@example.com`, password: 'owner-password-1' },
      }),
    );
    const results = await Promise.all(attempts);
    const statuses = results.map((r) => r.status).sort();
    assert.equal(statuses.filter((s) => s === 201).length, 1, `expected exactly one 201, got ${statuses}`);
    assert.equal(statuses.filter((s) => s === 409).length, 5, `expected the rest 409, got ${statuses}`);
    const winner = results.findIndex((r) => r.status === 201);
    const me = new Client(srv.url);
    const res = await me.post('/api/v1/auth/sign-in', { login: `owner${winner}@example.com`, password: 'owner-password-1' });
    expectOk(res);
    const people = expectOk(await me.get('/api/v1/people?status=all'));
    assert.equal(people.items.length, 1, 'only the winning owner exists');
  });
});

describe('with an https public URL', () => {
  let srv;
  before(async () => {
    srv = await startServer({ args: ['--public-url', 'https://muster.example.com'] });
  });
  after(async () => {
    await srv?.stop();
  });

  test('the session cookie is Secure and invitation links use the public URL', async () => {
    const owner = new Client(srv.url);
    const res = await owner.post('/api/v1/setup', {
      organization_name: ORG_NAME,
      default_language: 'en',
      owner: { name: OWNER.name, email: OWNER.email, password: OWNER.password },
    });
    expectOk(res, 201);
    const cookie = res.setCookies.map(parseSetCookie).find((c) => c && c.name === 'muster_session');
    assert.ok(cookie, 'setup sets muster_session');
    assert.equal(cookie.attrs.secure, true, 'cookie must be Secure when the public URL is https');
    assert.equal(cookie.attrs.httponly, true);
    const created = await owner.post('/api/v1/people', { name: 'Linked Lina', email: 'lina@example.com' });
    const { invitation } = expectOk(created, 201);
    assert.equal(invitation.url, `https://muster.example.com/invite/${invitation.token}`);
  });
});
