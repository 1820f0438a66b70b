// Session policies (lifetime, idle timeout) on HTTP and WebSocket, devices (own and an admin's
// view), "end and erase" answered at the next contact, common passwords, and the notice of
// repeated failed sign-ins. Time passes through the hidden test-only session clock file.

import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { Client } from './lib/client.mjs';
import { acceptInvitation, createPerson, expectError, expectOk, signIn } from './lib/fixtures.mjs';
import { openSocket, startOrg } from './lib/messaging.mjs';
import { makeTempDir, runCli, startServer } from './lib/server.mjs';

const IPHONE_SAFARI =
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1';
const ANDROID_CHROME =
  'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Mobile Safari/537.36';

/** A server whose session clock the test moves forward, with a one-second scheduler tick. */
async function startClockedOrg(names) {
  const dir = await makeTempDir('muster-clock-');
  const clockFile = path.join(dir, 'offset');
  await writeFile(clockFile, '0');
  const org = await startOrg(names, {
    serverOptions: { env: { MUSTER_TEST_SESSION_CLOCK_FILE: clockFile, MUSTER_SCHEDULER_TICK: '1' } },
  });
  org.advance = (seconds) => writeFile(clockFile, String(seconds));
  return org;
}

async function signInAs(url, who, userAgent) {
  const c = new Client(url, { userAgent });
  expectOk(await c.post('/api/v1/auth/sign-in', { login: who.email, password: who.password }), 200, `sign-in ${who.email}`);
  expectOk(await c.get('/api/v1/me'));
  return c;
}

describe('session policies', () => {
  test('policies carry the session fields, with their bounds', async () => {
    const org = await startOrg([]);
    try {
      const owner = org.owner.client;
      const got = expectOk(await owner.get('/api/v1/policies'));
      assert.equal(got.session_lifetime_minutes, 30 * 24 * 60);
      assert.equal(got.idle_timeout_minutes, 0);
      for (const [field, value] of [
        ['session_lifetime_minutes', 59],
        ['session_lifetime_minutes', 525601],
        ['idle_timeout_minutes', 4],
        ['idle_timeout_minutes', 43201],
      ]) {
        const err = expectError(await owner.patch('/api/v1/policies', { [field]: value }), 400, 'invalid_argument', `${field}=${value}`);
        assert.equal(err.field, field);
      }
      const saved = expectOk(await owner.patch('/api/v1/policies', { session_lifetime_minutes: 120, idle_timeout_minutes: 5 }));
      assert.equal(saved.session_lifetime_minutes, 120);
      assert.equal(saved.idle_timeout_minutes, 5);
    } finally {
      await org.srv.stop();
    }
  });

  test('an idle session is refused over HTTP and its socket is closed; use keeps it alive', async () => {
    const org = await startClockedOrg(['Nora', 'Omar']);
    try {
      expectOk(await org.owner.client.patch('/api/v1/policies', { idle_timeout_minutes: 5 }));
      const nora = org.people.nora.client;
      const omar = org.people.omar.client;
      const sock = await openSocket(org.url, nora);
      await org.advance(4 * 60);
      expectOk(await omar.get('/api/v1/me'), 200, 'used at minute 4');
      await org.advance(8 * 60);
      expectOk(await omar.get('/api/v1/me'), 200, 'used 4 minutes after its last use: still live');
      const closed = await Promise.race([sock.closed, new Promise((r) => setTimeout(() => r(null), 8000))]);
      assert.ok(closed, 'the idle session’s socket is closed by the sweep');
      assert.equal(closed.code, 4001);
      // The sweep that closed the socket has ended the session: the next request is simply signed out.
      expectError(await nora.get('/api/v1/me'), 401, 'unauthenticated', 'idle for 8 minutes');
      await assert.rejects(openSocket(org.url, nora), (e) => e.status === 401);
    } finally {
      await org.srv.stop();
    }
  });

  test('a session past the lifetime is refused and its socket closed, even when in use', async () => {
    const org = await startClockedOrg(['Lina']);
    try {
      expectOk(await org.owner.client.patch('/api/v1/policies', { session_lifetime_minutes: 60 }));
      const lina = org.people.lina.client;
      const sock = await openSocket(org.url, lina);
      await org.advance(59 * 60);
      expectOk(await lina.get('/api/v1/me'), 200, 'at 59 minutes');
      await org.advance(61 * 60);
      const closed = await Promise.race([sock.closed, new Promise((r) => setTimeout(() => r(null), 8000))]);
      assert.ok(closed, 'the expired session’s socket is closed by the sweep');
      assert.equal(closed.code, 4001);
      expectError(await lina.get('/api/v1/me'), 401, 'unauthenticated', 'at 61 minutes');
      // Signing in again works, under the same lifetime.
      await signIn(org.url, org.people.lina.email, org.people.lina.password);
    } finally {
      await org.srv.stop();
    }
  });
});

describe('devices', () => {
  let org;
  before(async () => {
    org = await startOrg(['Huda', 'Sami']);
  });
  after(async () => {
    await org?.srv.stop();
  });

  test('sessions show a readable device name, for the person and for an admin', async () => {
    const phone = await signInAs(org.url, org.people.huda, IPHONE_SAFARI);
    const mine = expectOk(await phone.get('/api/v1/me/sessions')).items;
    const current = mine.find((s) => s.current);
    assert.equal(current.device_name, 'Safari on iPhone');
    assert.ok(current.ip && current.last_seen_at, 'address and last use are shown');
    const theirs = expectOk(await org.owner.client.get(`/api/v1/people/${org.people.huda.id}/sessions`)).items;
    assert.ok(theirs.some((s) => s.id === current.id && s.device_name === 'Safari on iPhone'));
  });

  test('a member cannot see or end another person’s sessions', async () => {
    const sami = org.people.sami.client;
    expectError(await sami.get(`/api/v1/people/${org.people.huda.id}/sessions`), 403, 'permission_denied');
    const theirs = expectOk(await org.owner.client.get(`/api/v1/people/${org.people.huda.id}/sessions`)).items;
    expectError(
      await sami.post(`/api/v1/people/${org.people.huda.id}/sessions/${theirs[0].id}/end`, { erase: true }),
      403,
      'permission_denied',
    );
    expectError(await sami.post(`/api/v1/me/sessions/${theirs[0].id}/end`, {}), 404, 'not_found', 'not one of mine');
  });

  test('an admin ends a person’s session: its socket closes at once, it is refused, and it is audited', async () => {
    const tablet = await signInAs(org.url, org.people.huda, ANDROID_CHROME);
    const sock = await openSocket(org.url, tablet);
    const id = tablet.sessionId;
    assert.ok(id);
    expectOk(await org.owner.client.post(`/api/v1/people/${org.people.huda.id}/sessions/${id}/end`, {}), 204);
    const closed = await sock.closed;
    assert.equal(closed.code, 4001);
    expectError(await tablet.get('/api/v1/me'), 401, 'unauthenticated');
    const audit = expectOk(await org.owner.client.get('/api/v1/admin/audit')).items;
    const entry = audit.find((e) => e.action === 'session.end' && e.details?.session_id === id);
    assert.ok(entry, 'the ending is in the audit log');
    assert.equal(entry.details.device, 'Chrome on Android');
  });

  test('end and erase: a connected device is told at once (4011), an offline one at its next contact', async () => {
    const online = await signInAs(org.url, org.people.sami, ANDROID_CHROME);
    const offline = await signInAs(org.url, org.people.sami, IPHONE_SAFARI);
    const sock = await openSocket(org.url, online);
    expectOk(await org.owner.client.post(`/api/v1/people/${org.people.sami.id}/sessions/${online.sessionId}/end`, { erase: true }), 204);
    assert.equal((await sock.closed).code, 4011);
    expectError(await online.get('/api/v1/me'), 401, 'session_erased');
    // The person ends another of their own devices with erase while it is offline.
    expectOk(await org.people.sami.client.post(`/api/v1/me/sessions/${offline.sessionId}/end`, { erase: true }), 204);
    for (let i = 0; i < 2; i += 1) expectError(await offline.get('/api/v1/me/sessions'), 401, 'session_erased', `contact ${i + 1}`);
    const audit = expectOk(await org.owner.client.get('/api/v1/admin/audit')).items;
    assert.ok(audit.some((e) => e.action === 'session.end_and_erase' && e.details?.session_id === online.sessionId));
    // A plain end is not an erase.
    const plain = await signInAs(org.url, org.people.sami, IPHONE_SAFARI);
    expectOk(await org.people.sami.client.post(`/api/v1/me/sessions/${plain.sessionId}/end`, {}), 204);
    expectError(await plain.get('/api/v1/me'), 401, 'unauthenticated');
  });
});

describe('common passwords', () => {
  const COMMON = ['12345678', 'Password', 'qwertyuiop', '١٢٣٤٥٦٧٨', '۱۲۳۴۵۶۷۸'];

  test('refused at setup, naming the password field', async () => {
    const srv = await startServer();
    try {
      for (const password of COMMON) {
        const res = await new Client(srv.url).post('/api/v1/setup', {
          organization_name: 'Acme',
          default_language: 'en',
          owner: { name: 'Owner', email: 'o@example.com', password },
        });
        const err = expectError(res, 400, 'password_too_common', password);
        assert.equal(err.field, 'password');
        assert.match(err.message, /too common/);
      }
    } finally {
      await srv.stop();
    }
  });

  test('refused at invitation acceptance and at the command-line reset', async () => {
    const org = await startOrg([]);
    try {
      const { invitation } = await createPerson(org.owner.client, { name: 'Rana', email: 'rana@example.com' });
      for (const password of COMMON)
        expectError(
          await new Client(org.url).post(`/api/v1/invitations/${encodeURIComponent(invitation.token)}/accept`, { password }),
          400,
          'password_too_common',
          password,
        );
      await acceptInvitation(org.url, invitation.token, 'rana-uncommon-pass-1');
      const r = await runCli(['admin', 'reset-password', '--data', org.srv.dataDir, '--login', 'rana@example.com', '--password', '١٢٣٤٥٦٧٨']);
      assert.notEqual(r.code, 0, 'the reset is refused');
      assert.match(r.stderr, /too common/);
      await signIn(org.url, 'rana@example.com', 'rana-uncommon-pass-1');
    } finally {
      await org.srv.stop();
    }
  });
});

describe('failed sign-ins', () => {
  test('five failures within the window tell the person once, live, with times and address; back-off still holds', async () => {
    const org = await startOrg(['Fahad']);
    try {
      const fahad = org.people.fahad;
      const sock = await openSocket(org.url, fahad.client);
      for (let i = 0; i < 5; i += 1)
        expectError(await new Client(org.url).post('/api/v1/auth/sign-in', { login: fahad.email, password: `wrong-${i}-pass` }), 401, 'unauthenticated');
      const frame = await sock.waitFor((m) => m.type === 'event' && m.event?.kind === 'notice', 5000, 'the notice');
      const notice = frame.event.notice;
      assert.equal(notice.kind, 'sign_in_failures');
      assert.equal(notice.body.count, 5);
      assert.deepEqual(notice.body.addresses, ['127.0.0.1']);
      assert.ok(notice.body.first_at && notice.body.last_at);
      assert.equal(notice.body.attempts.length, 5);
      // The per-account-and-address limit still stops a sixth try, even with the right password.
      expectError(await new Client(org.url).post('/api/v1/auth/sign-in', { login: fahad.email, password: fahad.password }), 429, 'rate_limited');
      const listed = expectOk(await fahad.client.get('/api/v1/me/notices')).items.filter((n) => n.kind === 'sign_in_failures');
      assert.equal(listed.length, 1, 'one notice per episode');
      await new Promise((r) => setTimeout(r, 300));
      assert.equal(sock.events('notice').length, 1, 'no second notice in the same episode');
    } finally {
      await org.srv.stop();
    }
  });
});
