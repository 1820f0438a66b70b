// Browser-hardening headers on every answer (issue 14): the API, the web app, attachments,
// errors, 404s, malformed requests and health checks all carry the same strict set, set in one
// place by the server.

import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { rawRequest } from './lib/client.mjs';
import { expectOk } from './lib/fixtures.mjs';
import { makePng, startOrg, uploadAttachment } from './lib/messaging.mjs';
import { makeTempDir, startServer } from './lib/server.mjs';

function cspDirectives(value) {
  const out = new Map();
  for (const part of value.split(';')) {
    const [name, ...sources] = part.trim().split(/\s+/);
    if (name) out.set(name.toLowerCase(), sources);
  }
  return out;
}

// What every answer must say. `attachment`: the file's own, stricter policy replaces the app's.
function assertHardened(headers, what, { attachment = false } = {}) {
  const get = (name) => (typeof headers.get === 'function' ? headers.get(name) : headers[name]);
  const csp = get('content-security-policy');
  assert.ok(csp, `${what}: Content-Security-Policy`);
  assert.equal(csp.split(',').length, 1, `${what}: one policy`);
  const d = cspDirectives(csp);
  if (attachment) {
    assert.deepEqual(d.get('default-src'), ["'none'"], `${what}: ${csp}`);
    assert.ok(d.has('sandbox'), `${what}: ${csp}`);
  } else {
    assert.deepEqual(d.get('default-src'), ["'self'"], `${what}: ${csp}`);
    assert.deepEqual(d.get('frame-ancestors'), ["'none'"], `${what}: ${csp}`);
    assert.deepEqual(d.get('object-src'), ["'none'"], `${what}: ${csp}`);
    assert.deepEqual(d.get('base-uri'), ["'none'"], `${what}: ${csp}`);
    assert.deepEqual(d.get('form-action'), ["'self'"], `${what}: ${csp}`);
    const scripts = d.get('script-src') ?? d.get('default-src');
    assert.ok(!scripts.includes("'unsafe-inline'") && !scripts.includes("'unsafe-eval'"), `${what}: no inline script (${csp})`);
    const styles = d.get('style-src') ?? d.get('default-src');
    assert.ok(!styles.includes("'unsafe-inline'"), `${what}: no inline style (${csp})`);
  }
  assert.equal(get('x-content-type-options'), 'nosniff', what);
  assert.match(get('referrer-policy') ?? '', /^(no-referrer|same-origin)$/, what);
  const permissions = get('permissions-policy') ?? '';
  for (const denied of ['camera=()', 'geolocation=()', 'payment=()', 'usb=()'])
    assert.ok(permissions.includes(denied), `${what}: Permissions-Policy denies ${denied} (${permissions})`);
  assert.ok(permissions.includes('microphone=(self)'), `${what}: microphone for our own voice notes (${permissions})`);
  assert.equal(get('cross-origin-opener-policy'), 'same-origin', what);
  assert.equal(get('x-frame-options'), 'DENY', what);
}

describe('security headers on every response', () => {
  let org;
  let webDir;
  before(async () => {
    // A small built web app: an index page and a hashed asset, as vite makes them.
    webDir = await makeTempDir('muster-web-');
    mkdirSync(path.join(webDir, 'assets'));
    writeFileSync(path.join(webDir, 'index.html'),
      '<!doctype html><html><head><script type="module" src="/assets/index-abc123.js"></script></head><body><div id="root"></div></body></html>');
    writeFileSync(path.join(webDir, 'assets', 'index-abc123.js'), 'console.log("app");');
    const srv = await startServer({ args: ['--web', webDir] });
    org = await startOrg(['Alice'], { srv });
  });
  after(async () => {
    await org?.srv.stop();
    await rm(webDir, { recursive: true, force: true });
  });

  test('API, web app, errors, 404s, health and attachments all carry the headers', async () => {
    const { url } = org;
    const { alice } = org.people;
    const cookie = `muster_session=${alice.client.sessionCookie}`;
    const png = expectOk(await uploadAttachment(alice.client, 'dot.png', makePng(8, 8), 'image/png'), 201);
    const text = expectOk(await uploadAttachment(alice.client, 'notes.txt', Buffer.from('hello'), 'text/plain'), 201);
    const cases = [
      ['GET', '/', {}, 200],
      ['GET', '/assets/index-abc123.js', {}, 200],
      ['GET', '/people/some-client-route', {}, null],
      ['GET', '/assets/missing-zzz.js', {}, null],
      ['HEAD', '/', {}, 200],
      ['GET', '/healthz', {}, 200],
      ['GET', '/readyz', {}, 200],
      ['GET', '/api/v1/me', { cookie }, 200],
      ['GET', '/api/v1/me', {}, 401],
      ['GET', '/api/v1/no-such-route', { cookie }, 404],
      ['DELETE', '/', {}, 405],
      ['POST', '/api/v1/auth/sign-in', { 'content-type': 'application/json' }, 400, '{not json'],
    ];
    for (const [method, p, headers, status, body] of cases) {
      const res = await fetch(url + p, { method, headers, body, redirect: 'manual' });
      if (status !== null) assert.equal(res.status, status, `${method} ${p}`);
      assertHardened(res.headers, `${method} ${p} (${res.status})`);
    }
    for (const [id, what] of [[png.id, 'image'], [text.id, 'text file']]) {
      for (const p of [`/api/v1/attachments/${id}`, ...(what === 'image' ? [`/api/v1/attachments/${id}/thumbnail`] : [])]) {
        const res = await fetch(url + p, { headers: { cookie } });
        assert.equal(res.status, 200, p);
        assertHardened(res.headers, `${what} ${p}`, { attachment: true });
      }
    }
    const missing = await fetch(`${url}/api/v1/attachments/a_nope`, { headers: { cookie } });
    assert.equal(missing.status, 404);
    assertHardened(missing.headers, 'a missing attachment');
  });

  test('requests the server cannot parse are answered with the headers too', async () => {
    const bad = await rawRequest(org.url, 'GARBAGE\r\n\r\n');
    assert.equal(bad.status, 400);
    assertHardened(bad.headers, 'a malformed request');
    const huge = await rawRequest(org.url, `GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`);
    assert.equal(huge.status, 431);
    assertHardened(huge.headers, 'headers too large');
  });

  test('the web app served without a build still carries them', async () => {
    const srv = await startServer({ args: ['--web', path.join(webDir, 'does-not-exist')] });
    try {
      const res = await fetch(`${srv.url}/`);
      assert.equal(res.status, 503);
      assertHardened(res.headers, 'no web app');
    } finally {
      await srv.stop();
    }
  });
});
