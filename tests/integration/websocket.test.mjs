// The real-time socket: authentication on upgrade, hello/ping, offboarding that cuts the live
// connection within a second, and the WebSocket protocol itself (Muster frames its own sockets).

import assert from 'node:assert/strict';
import http from 'node:http';
import { after, before, describe, test } from 'node:test';
import WebSocket from 'ws';
import { addMember, bearerClient, expectOk, setupOrg } from './lib/fixtures.mjs';
import { startServer } from './lib/server.mjs';

/**
 * Opens a socket and resolves once it is open and the first message arrived:
 * { ws, hello, messages (all received, parsed), closed: Promise<{code, reason, at}> }.
 * Rejects with { status } when the upgrade is refused.
 */
function connect(url, { cookie, bearer, accessToken, origin } = {}) {
  const wsUrl = new URL('/api/v1/ws', url.replace(/^http/, 'ws'));
  if (accessToken) wsUrl.searchParams.set('access_token', accessToken);
  const headers = {};
  if (cookie) headers.cookie = cookie;
  if (bearer) headers.authorization = `Bearer ${bearer}`;
  const ws = new WebSocket(wsUrl, { headers, origin: origin ?? url, handshakeTimeout: 5000 });
  const messages = [];
  let onMessage = null;
  const closed = new Promise((resolve) => {
    ws.on('close', (code, reason) => resolve({ code, reason: reason.toString(), at: Date.now() }));
  });
  ws.on('message', (data) => {
    let parsed;
    try {
      parsed = JSON.parse(data.toString());
    } catch {
      parsed = { unparsable: data.toString() };
    }
    for (const m of Array.isArray(parsed) ? parsed : [parsed]) {  // coalesced frames are arrays
      messages.push(m);
      onMessage?.(m);
    }
  });
  const nextMessage = (pred = () => true, timeoutMs = 3000) =>
    new Promise((resolve, reject) => {
      const found = messages.find(pred);
      if (found) return resolve(found);
      const timer = setTimeout(() => reject(new Error(`no matching message within ${timeoutMs} ms; got ${JSON.stringify(messages)}`)), timeoutMs);
      onMessage = (m) => {
        if (pred(m)) {
          clearTimeout(timer);
          onMessage = null;
          resolve(m);
        }
      };
    });
  return new Promise((resolve, reject) => {
    ws.once('unexpected-response', (_req, res) => {
      reject(Object.assign(new Error(`upgrade refused with HTTP ${res.statusCode}`), { status: res.statusCode }));
      ws.terminate();
    });
    ws.once('error', (e) => reject(e));
    ws.once('open', async () => {
      try {
        const hello = await nextMessage((m) => m.type === 'hello');
        resolve({ ws, hello, messages, closed, nextMessage });
      } catch (e) {
        ws.terminate();
        reject(e);
      }
    });
  });
}

const cookieOf = (client) => `muster_session=${client.sessionCookie}`;

describe('WebSocket', () => {
  let srv;
  let owner;
  const open = [];
  before(async () => {
    srv = await startServer();
    ({ owner } = await setupOrg(srv.url));
  });
  after(async () => {
    for (const s of open) s.ws.terminate();
    await srv?.stop();
  });
  const track = (s) => {
    open.push(s);
    return s;
  };

  test('connecting with the session cookie gets a hello with user and session ids', async () => {
    const me = expectOk(await owner.get('/api/v1/me'));
    const s = track(await connect(srv.url, { cookie: cookieOf(owner) }));
    assert.equal(s.hello.type, 'hello');
    assert.equal(s.hello.user_id, me.user.id);
    assert.equal(s.hello.session_id, me.session_id);
    s.ws.send(JSON.stringify({ type: 'ping' }));
    const pong = await s.nextMessage((m) => m.type === 'pong');
    assert.deepEqual(pong.type, 'pong');
    s.ws.close(1000);
  });

  test('a bearer token works in the header and as ?access_token=', async () => {
    const b = await bearerClient(srv.url, 'owner@example.com', 'owner-password-1', 'ws-test');
    const s1 = track(await connect(srv.url, { bearer: b.bearer }));
    assert.equal(s1.hello.session_id, b.sessionId);
    const s2 = track(await connect(srv.url, { accessToken: b.bearer }));
    assert.equal(s2.hello.session_id, b.sessionId);
    s1.ws.close(1000);
    s2.ws.close(1000);
  });

  for (const [what, opts] of [
    ['no credentials', {}],
    ['a made-up cookie', { cookie: 'muster_session=not-a-session' }],
    ['a made-up bearer token', { bearer: 'not-a-token' }],
    ['a made-up access_token', { accessToken: 'not-a-token' }],
  ]) {
    test(`upgrade with ${what} is refused with HTTP 401`, async () => {
      await assert.rejects(connect(srv.url, opts), (e) => {
        assert.equal(e.status, 401, `expected HTTP 401 on upgrade, got ${e.status ?? e.message}`);
        return true;
      });
    });
  }

  test('deactivating the person closes their open socket with code 4001 within 1 second', async () => {
    const p = await addMember(owner, { name: 'Leaving Lina', email: 'lina@example.com' }, 'lina-password-1');
    const phone = await bearerClient(srv.url, 'lina@example.com', 'lina-password-1', 'lina phone');
    const s1 = track(await connect(srv.url, { cookie: cookieOf(p.client) }));
    const s2 = track(await connect(srv.url, { bearer: phone.bearer }));
    const t0 = Date.now();
    const res = await owner.post(`/api/v1/people/${p.person.id}/deactivate`);
    expectOk(res);
    const timeout = new Promise((r) => setTimeout(() => r(null), 1500));
    for (const [name, s] of [
      ['browser socket', s1],
      ['bearer socket', s2],
    ]) {
      const c = await Promise.race([s.closed, timeout]);
      assert.ok(c, `${name} was not closed within 1.5 s of deactivation`);
      assert.equal(c.code, 4001, `${name}: close code`);
      assert.ok(c.at - t0 <= 1000, `${name} closed after ${c.at - t0} ms (limit 1000)`);
    }
    // Reconnecting is refused.
    await assert.rejects(connect(srv.url, { cookie: cookieOf(p.client) }), (e) => e.status === 401);
  });

  test('ending a session via DELETE /me/sessions/{id} closes that session’s socket, not the others', async () => {
    const p = await addMember(owner, { name: 'Two Devices Tala', email: 'tala@example.com' }, 'tala-password-1');
    const tablet = await bearerClient(srv.url, 'tala@example.com', 'tala-password-1', 'tala tablet');
    const browserSock = track(await connect(srv.url, { cookie: cookieOf(p.client) }));
    const tabletSock = track(await connect(srv.url, { bearer: tablet.bearer }));
    const t0 = Date.now();
    const del = await p.client.delete(`/api/v1/me/sessions/${encodeURIComponent(tablet.sessionId)}`);
    assert.equal(del.status, 204, `DELETE /me/sessions/{id}: ${del.status} ${del.text}`);
    const c = await Promise.race([tabletSock.closed, new Promise((r) => setTimeout(() => r(null), 1500))]);
    assert.ok(c, 'the tablet socket was not closed');
    assert.equal(c.code, 4001);
    assert.ok(c.at - t0 <= 1000, `closed after ${c.at - t0} ms`);
    // The browser's socket stays open and usable.
    assert.equal(browserSock.ws.readyState, WebSocket.OPEN);
    browserSock.ws.send(JSON.stringify({ type: 'ping' }));
    await browserSock.nextMessage((m) => m.type === 'pong');
  });

  test('signing out closes the socket of that session', async () => {
    const p = await addMember(owner, { name: 'Signing Out Sana', email: 'sana@example.com' }, 'sana-password-1');
    const s = track(await connect(srv.url, { cookie: cookieOf(p.client) }));
    const res = await p.client.post('/api/v1/auth/sign-out');
    assert.equal(res.status, 204);
    const c = await Promise.race([s.closed, new Promise((r) => setTimeout(() => r(null), 1500))]);
    assert.ok(c, 'socket not closed after sign-out');
    assert.equal(c.code, 4001);
  });

  test('a page on another site cannot open a socket with the user’s cookie (HTTP 403)', async () => {
    await assert.rejects(connect(srv.url, { cookie: cookieOf(owner), origin: 'https://evil.example' }), (e) => e.status === 403);
    // The server's own origin is fine (that is what connect() sends by default).
    const s = track(await connect(srv.url, { cookie: cookieOf(owner) }));
    assert.equal(s.hello.type, 'hello');
    s.ws.close(1000);
  });

  test('an upgrade without a valid Sec-WebSocket-Key or version 13 is refused with HTTP 400', async () => {
    const url = new URL('/api/v1/ws', srv.url);
    const base = { connection: 'Upgrade', upgrade: 'websocket', cookie: cookieOf(owner) };
    for (const headers of [
      { ...base, 'sec-websocket-version': '13' },
      { ...base, 'sec-websocket-version': '13', 'sec-websocket-key': 'not-base64-at-all' },
      { ...base, 'sec-websocket-version': '8', 'sec-websocket-key': 'dGhlIHNhbXBsZSBub25jZQ==' },
    ]) {
      const status = await new Promise((resolve, reject) => {
        const req = http.request(url, { headers });
        req.on('response', (res) => {
          res.resume();
          resolve(res.statusCode);
        });
        req.on('upgrade', (res, socket) => {
          socket.destroy();
          resolve(res.statusCode);
        });
        req.on('error', reject);
        req.end();
      });
      assert.equal(status, 400, JSON.stringify(headers));
    }
  });

  test('protocol pings are answered, and a message split into fragments arrives whole', async () => {
    const s = track(await connect(srv.url, { cookie: cookieOf(owner) }));
    const pong = new Promise((resolve) => s.ws.once('pong', (data) => resolve(data.toString())));
    s.ws.ping('still there?');
    assert.equal(await pong, 'still there?');
    const text = JSON.stringify({ type: 'ping' });
    s.ws.send(text.slice(0, 5), { fin: false });
    s.ws.send(text.slice(5), { fin: true });
    assert.equal((await s.nextMessage((m) => m.type === 'pong')).type, 'pong');
    s.ws.close(1000);
    assert.equal((await s.closed).code, 1000, 'a client close is answered with a normal close');
  });

  for (const [what, send, code] of [
    ['a binary message', (ws) => ws.send(Buffer.from('{"type":"ping"}')), 1003],
    ['a message over 64 KiB', (ws) => ws.send(JSON.stringify({ type: 'ping', pad: 'x'.repeat(70_000) })), 1009],
  ]) {
    test(`${what} closes the socket with code ${code}`, async () => {
      const s = track(await connect(srv.url, { cookie: cookieOf(owner) }));
      send(s.ws);
      const closed = await Promise.race([s.closed, new Promise((r) => setTimeout(() => r(null), 3000))]);
      assert.ok(closed, 'the socket was not closed');
      assert.equal(closed.code, code);
    });
  }
});
