// Muster behind a reverse proxy, and the headers a client controls (issue 12): sign-in limits use
// the client's address from Forwarded / X-Forwarded-For only when the peer is a configured proxy;
// guesses against an account from one address never lock its owner out elsewhere; HSTS follows an
// https public URL; invitation links never follow a Host header that is not this server's own.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { rawRequest } from './lib/client.mjs';
import { OWNER, bearerClient, setupOrg } from './lib/fixtures.mjs';
import { startServer } from './lib/server.mjs';

const signIn = (url, login, password, forwardedFor) =>
  fetch(`${url}/api/v1/auth/sign-in`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(forwardedFor ? { 'x-forwarded-for': forwardedFor } : {}) },
    body: JSON.stringify({ login, password }),
  });

describe('behind a trusted reverse proxy', () => {
  let srv;
  before(async () => {
    srv = await startServer({ args: ['--trusted-proxy', '127.0.0.1'] });
    await setupOrg(srv.url);
  });
  after(async () => {
    await srv?.stop();
  });

  test('one client guessing is limited by its own address, not everyone behind the proxy', async () => {
    for (let i = 0; i < 25; i++) await signIn(srv.url, `nobody-${i}@example.com`, 'wrong', '203.0.113.7');
    const blocked = await signIn(srv.url, 'someone@example.com', 'wrong', '203.0.113.7');
    assert.equal(blocked.status, 429, 'the guessing address is limited');
    const other = await signIn(srv.url, OWNER.email, OWNER.password, '198.51.100.9');
    assert.equal(other.status, 200, 'another client behind the same proxy signs in');
  });

  test('guesses against an account from one address do not lock its owner out elsewhere', async () => {
    for (let i = 0; i < 6; i++) await signIn(srv.url, OWNER.email, 'wrong-guess', '192.0.2.66');
    const attacker = await signIn(srv.url, OWNER.email, OWNER.password, '192.0.2.66');
    assert.equal(attacker.status, 429, 'the guessing address is cut off for this account, even with the right password');
    assert.ok(Number(attacker.headers.get('retry-after')) > 0);
    const owner = await signIn(srv.url, OWNER.email, OWNER.password, '198.51.100.20');
    assert.equal(owner.status, 200, 'the owner, elsewhere, signs in at once');
  });
});

describe('without a trusted proxy, forwarding headers are ignored', () => {
  let srv;
  let admin; // signed in before the guessing below locks this address out of the owner's account
  before(async () => {
    srv = await startServer();
    await setupOrg(srv.url);
    admin = await bearerClient(srv.url, OWNER.email, OWNER.password);
  });
  after(async () => {
    await srv?.stop();
  });

  test('a new spoofed address per guess does not escape the limit', async () => {
    let last;
    for (let i = 0; i < 7; i++) last = await signIn(srv.url, OWNER.email, 'wrong', `203.0.113.${i + 1}`);
    assert.equal(last.status, 429);
  });

  test('no HSTS without an https public URL', async () => {
    const res = await fetch(`${srv.url}/healthz`);
    assert.equal(res.headers.get('strict-transport-security'), null);
  });

  test('an invitation link is never built from a foreign Host header', async () => {
    const body = JSON.stringify({ name: 'Guest Ghada', email: 'ghada@example.com' });
    const raw = (host) =>
      `POST /api/v1/people HTTP/1.1\r\nHost: ${host}\r\nAuthorization: Bearer ${admin.bearer}\r\n` +
      `Content-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`;
    const evil = await rawRequest(srv.url, raw('evil.example'));
    assert.equal(evil.status, 409);
    assert.ok(!evil.text.includes('evil.example'), evil.text);
    assert.match(evil.json.error.message, /--public-url/);
    const people = await admin.get('/api/v1/people?q=Ghada');
    assert.equal(people.body.items.length, 0, 'nobody was created for a link that could not be given');

    const own = await rawRequest(srv.url, raw(`127.0.0.1:${srv.port}`));
    assert.equal(own.status, 201, own.text);
    assert.ok(own.json.invitation.url.startsWith(`http://127.0.0.1:${srv.port}/invite/`), own.json.invitation.url);
  });
});

describe('with an https public URL', () => {
  let srv;
  before(async () => {
    srv = await startServer({ args: ['--public-url', 'https://chat.example.com'] });
    await setupOrg(srv.url);
  });
  after(async () => {
    await srv?.stop();
  });

  test('every answer carries HSTS', async () => {
    for (const path of ['/healthz', '/api/v1/me', '/']) {
      const res = await fetch(`${srv.url}${path}`);
      assert.equal(res.headers.get('strict-transport-security'), 'max-age=31536000', path);
    }
  });

  test('invitation links use the public URL whatever the Host', async () => {
    const admin = await bearerClient(srv.url, OWNER.email, OWNER.password);
    const body = JSON.stringify({ name: 'Public Pia', email: 'pia@example.com' });
    const res = await rawRequest(
      srv.url,
      `POST /api/v1/people HTTP/1.1\r\nHost: evil.example\r\nAuthorization: Bearer ${admin.bearer}\r\n` +
        `Content-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    );
    assert.equal(res.status, 201, res.text);
    assert.ok(res.json.invitation.url.startsWith('https://chat.example.com/invite/'));
  });
});
