// Built-in TLS (issue 14): `muster serve --tls-cert --tls-key` speaks HTTPS and WSS with a
// throwaway certificate made here by the openssl CLI; every answer carries HSTS; plain HTTP to the
// TLS port and a client that never says hello are dropped without stopping the server; a bad
// certificate or key stops the start with a clear sentence.

import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import https from 'node:https';
import net from 'node:net';
import path from 'node:path';
import tls from 'node:tls';
import { after, before, describe, test } from 'node:test';
import WebSocket from 'ws';
import { makeTempDir, runCli, startServer } from './lib/server.mjs';

// A self-signed certificate for 127.0.0.1 and localhost, valid for a day.
function makeCertificate(dir, name) {
  const cert = path.join(dir, `${name}.crt`);
  const key = path.join(dir, `${name}.key`);
  execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes',
    '-keyout', key, '-out', cert, '-days', '1', '-subj', '/CN=muster-test',
    '-addext', 'subjectAltName=IP:127.0.0.1,DNS:localhost'], { stdio: 'ignore' });
  return { cert, key };
}

// One HTTPS request trusting only the test certificate. Returns { status, headers, body, text }.
function request(url, method, pathname, { ca, json, cookie, csrf } = {}) {
  return new Promise((resolve, reject) => {
    const body = json === undefined ? undefined : JSON.stringify(json);
    const headers = { accept: 'application/json' };
    if (body) headers['content-type'] = 'application/json';
    if (cookie) headers.cookie = cookie;
    if (csrf) headers['x-csrf-token'] = csrf;
    const req = https.request(new URL(pathname, url), { method, ca, headers }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c) => (text += c));
      res.on('end', () => {
        let parsed = null;
        try { parsed = JSON.parse(text); } catch { /* not JSON */ }
        resolve({ status: res.statusCode, headers: res.headers, body: parsed, text });
      });
    });
    req.on('error', reject);
    req.end(body);
  });
}

const cookieOf = (res) => (res.headers['set-cookie'] ?? []).map((c) => c.split(';')[0]).find((c) => c.startsWith('muster_session='));

describe('built-in TLS', () => {
  let dir;
  let srv;
  let ca;
  before(async () => {
    dir = await makeTempDir('muster-tls-');
    const { cert, key } = makeCertificate(dir, 'server');
    ca = readFileSync(cert);
    srv = await startServer({ args: ['--tls-cert', cert, '--tls-key', key] });
  });
  after(async () => {
    await srv?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  test('serves HTTPS with HSTS, signs in, and delivers a live message over WSS', async () => {
    assert.match(srv.url, /^https:\/\//);
    const health = await request(srv.url, 'GET', '/healthz', { ca });
    assert.equal(health.status, 200);
    assert.equal(health.headers['strict-transport-security'], 'max-age=31536000');

    const setup = await request(srv.url, 'POST', '/api/v1/setup', {
      ca,
      json: { organization_name: 'TLS Co', default_language: 'en',
        owner: { name: 'Owner', email: 'owner@example.com', password: 'owner-password-1' } },
    });
    assert.equal(setup.status, 201, setup.text);
    assert.equal(setup.headers['strict-transport-security'], 'max-age=31536000');
    const signIn = await request(srv.url, 'POST', '/api/v1/auth/sign-in', {
      ca, json: { login: 'owner@example.com', password: 'owner-password-1' },
    });
    assert.equal(signIn.status, 200, signIn.text);
    const cookie = cookieOf(signIn);
    assert.ok(cookie, 'sign-in sets the session cookie');
    assert.ok(signIn.headers['set-cookie'].some((c) => /muster_session=.*;\s*Secure/i.test(c)), 'the cookie is Secure over TLS');
    const csrf = signIn.body.csrf_token;

    const other = await request(srv.url, 'POST', '/api/v1/people', {
      ca, cookie, csrf, json: { name: 'Other', email: 'other@example.com' },
    });
    assert.equal(other.status, 201, other.text);
    const group = await request(srv.url, 'POST', '/api/v1/conversations', {
      ca, cookie, csrf, json: { kind: 'group', name: 'secure', member_ids: [other.body.person.id] },
    });
    assert.equal(group.status, 201, group.text);

    const ws = new WebSocket(srv.url.replace(/^https/, 'wss') + '/api/v1/ws', { ca, headers: { cookie }, origin: srv.url });
    const frames = [];
    const hello = new Promise((resolve, reject) => {
      ws.on('message', (data) => {
        const parsed = JSON.parse(data.toString());
        for (const m of Array.isArray(parsed) ? parsed : [parsed]) {
          frames.push(m);
          if (m.type === 'hello') resolve(m);
        }
      });
      ws.once('error', reject);
    });
    await hello;
    const text = `over wss ${randomUUID()}`;
    const sent = await request(srv.url, 'POST', `/api/v1/conversations/${group.body.id}/messages`, {
      ca, cookie, csrf, json: { client_id: randomUUID(), text },
    });
    assert.equal(sent.status, 201, sent.text);
    const deadline = Date.now() + 5000;
    while (!frames.some((m) => m.type === 'event' && m.event?.message?.text === text) && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 20));
    assert.ok(frames.some((m) => m.type === 'event' && m.event?.message?.text === text), 'the live event arrived over wss');

    // A send over the socket itself, answered over TLS too.
    const clientId = randomUUID();
    ws.send(JSON.stringify({ type: 'send', conversation_id: group.body.id, message: { client_id: clientId, text: 'from wss' } }));
    const sentDeadline = Date.now() + 5000;
    while (!frames.some((m) => m.type === 'sent' && m.client_id === clientId) && Date.now() < sentDeadline)
      await new Promise((r) => setTimeout(r, 20));
    assert.ok(frames.some((m) => m.type === 'sent' && m.client_id === clientId), 'a send over wss is acknowledged');
    ws.close();
  });

  test('plain HTTP to the TLS port and a silent client are dropped; the server keeps serving', async () => {
    const port = srv.port;
    // Plain HTTP: the handshake fails and the connection closes, with no HTTP answer.
    const answer = await new Promise((resolve) => {
      const socket = net.connect(port, '127.0.0.1', () => socket.write('GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n'));
      let got = '';
      socket.on('data', (c) => (got += c.toString('latin1')));
      socket.on('close', () => resolve(got));
      socket.on('error', () => {});
      socket.setTimeout(8000, () => socket.destroy());
    });
    assert.ok(!answer.startsWith('HTTP/1.1 200'), 'no plain HTTP answer from the TLS port');

    // A client that connects and never sends a ClientHello does not block anyone else.
    const silent = net.connect(port, '127.0.0.1');
    silent.on('error', () => {});
    await new Promise((r) => silent.once('connect', r));
    const started = Date.now();
    const health = await request(srv.url, 'GET', '/healthz', { ca });
    assert.equal(health.status, 200);
    assert.ok(Date.now() - started < 2000, 'served while a silent client waits');
    // ... and the silent one is timed out by the server.
    const closed = await new Promise((resolve) => {
      silent.once('close', () => resolve(true));
      setTimeout(() => resolve(false), 15_000);
    });
    assert.ok(closed, 'a connection that never starts TLS is closed by the server');

    // Old protocols are refused.
    const old = await new Promise((resolve) => {
      const s = tls.connect({ port, host: '127.0.0.1', ca, maxVersion: 'TLSv1.1', minVersion: 'TLSv1' });
      s.once('secureConnect', () => { s.destroy(); resolve('connected'); });
      s.once('error', (e) => resolve(e.code ?? 'error'));
    });
    assert.notEqual(old, 'connected', 'TLS 1.1 and older are refused');
    assert.equal((await request(srv.url, 'GET', '/healthz', { ca })).status, 200);
  });

  test('a missing, unreadable or mismatched certificate or key stops the start with a clear message', async () => {
    const other = makeCertificate(dir, 'other');
    const { cert, key } = { cert: path.join(dir, 'server.crt'), key: path.join(dir, 'server.key') };
    const garbage = path.join(dir, 'garbage.pem');
    writeFileSync(garbage, 'not a certificate\n');
    const cases = [
      [['--tls-cert', path.join(dir, 'nope.crt'), '--tls-key', key], /certificate file .*nope\.crt.* does not exist/],
      [['--tls-cert', cert], /--tls-key is missing/],
      [['--tls-cert', garbage, '--tls-key', key], /not a PEM certificate/],
      [['--tls-cert', cert, '--tls-key', garbage], /not a PEM private key/],
      [['--tls-cert', cert, '--tls-key', other.key], /does not belong to the certificate/],
    ];
    for (const [args, message] of cases) {
      const data = await makeTempDir();
      const run = await runCli(['serve', '--data', data, '--listen', '127.0.0.1:0', ...args], { timeoutMs: 15_000 });
      await rm(data, { recursive: true, force: true });
      assert.notEqual(run.code, 0, `${args.join(' ')} must fail`);
      assert.match(run.stderr + run.stdout, message, args.join(' '));
      assert.ok(!(run.stdout).includes('listening'), 'never listens');
    }
  });
});
