// Crash safety (issue 14): while several clients send about 1,000 messages a second over HTTP and
// WebSocket together, the server is killed with SIGKILL at random moments (20 times) and restarted
// on the same data directory; clients resend what was not acknowledged, with the same client id.
// At the end every acknowledged message is there exactly once, each sender's messages are in the
// order it sent them, no retry made a duplicate, and the databases pass PRAGMA integrity_check
// (`muster admin check-database`, which opens them as the server does).

import assert from 'node:assert/strict';
import { rm } from 'node:fs/promises';
import { after, before, describe, test } from 'node:test';
import WebSocket from 'ws';
import { bearerClient } from './lib/fixtures.mjs';
import { addMember, setupOrg } from './lib/fixtures.mjs';
import { makeTempDir, runCli, startServer } from './lib/server.mjs';

const KILLS = 20;
const HTTP_SENDERS = 6;       // one request in flight each (HTTP gives no order between requests)
const WS_SENDERS = 3;         // a window of sends in flight each (a socket's sends are stored in order)
const WS_WINDOW = 32;
const TARGET_RATE = 1000;     // messages a second, over all senders
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const random = (lo, hi) => lo + Math.random() * (hi - lo);

// The server under test, replaced after each kill. Senders wait on `up` while it is down.
class Life {
  constructor(dataDir) {
    this.dataDir = dataDir;
    this.srv = null;
    this.generation = 0;
    this.upSince = 0;
    this.upMs = 0;
    this.#down();
  }
  #down() {
    this.up = new Promise((resolve) => (this.markUp = resolve));
  }
  async start() {
    this.srv = await startServer({ dataDir: this.dataDir, removeDataDir: false });
    this.generation += 1;
    this.upSince = Date.now();
    this.markUp(this.srv.url);
  }
  async kill() {
    this.#down();
    this.upMs += Date.now() - this.upSince;
    this.srv.proc.kill('SIGKILL');
    await this.srv.exited;
  }
  async stop() {
    this.upMs += Date.now() - this.upSince;
    await this.srv.stop();
  }
}

// A steady pace of `rate` sends a second for one sender.
function pacer(rate) {
  let next = Date.now();
  return async () => {
    next += 1000 / rate;
    const wait = next - Date.now();
    if (wait > 0) await sleep(wait);
    else if (wait < -1000) next = Date.now();  // after an outage, no burst to catch up
  };
}

// Sends `name-1`, `name-2`, ... one at a time over HTTP; a send that gets no answer is resent with
// the same client id once the server is back.
async function httpSender(life, name, token, conversationId, rate, running, acked) {
  const pace = pacer(rate);
  for (let i = 1; running(); i++) {
    await pace();
    const clientId = `${name}-${i}`;
    for (;;) {
      const url = await life.up;
      try {
        const res = await fetch(`${url}/api/v1/conversations/${conversationId}/messages`, {
          method: 'POST',
          headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
          body: JSON.stringify({ client_id: clientId, text: `${name} ${i}` }),
          signal: AbortSignal.timeout(10_000),
        });
        const body = await res.json().catch(() => null);
        if (res.status === 201 || res.status === 200) {
          assert.equal(body.client_id, clientId);
          acked.set(clientId, { sender: name, index: i, created: res.status === 201 });
          break;
        }
        if (res.status < 500) assert.fail(`${clientId}: HTTP ${res.status} ${JSON.stringify(body)}`);
      } catch (e) {
        if (e.code === 'ERR_ASSERTION') throw e;
      }
      await sleep(20);  // the server is going or gone: wait for the next one
    }
  }
}

// Sends over one socket with up to WS_WINDOW unanswered; when the socket dies, reconnects to the
// next server and resends everything unanswered, in order, with the same client ids.
async function wsSender(life, name, token, conversationId, rate, running, acked) {
  const pace = pacer(rate);
  const unanswered = new Map();  // clientId -> index, in send order
  let next = 1;
  while (running() || unanswered.size > 0) {
    const url = await life.up;
    const ws = new WebSocket(`${url.replace(/^http/, 'ws')}/api/v1/ws`, { headers: { authorization: `Bearer ${token}` } });
    let open = false;
    let closed = false;
    let wake = () => {};
    ws.on('open', () => { open = true; wake(); });
    ws.on('close', () => { closed = true; wake(); });
    ws.on('error', () => {});
    ws.on('message', (data) => {
      const parsed = JSON.parse(data.toString());
      for (const m of Array.isArray(parsed) ? parsed : [parsed]) {
        if (m.type === 'sent' && unanswered.has(m.client_id)) {
          acked.set(m.client_id, { sender: name, index: unanswered.get(m.client_id), created: m.created });
          unanswered.delete(m.client_id);
          wake();
        } else if (m.type === 'send_failed' && !['unavailable', 'rate_limited'].includes(m.error?.code)) {
          acked.set(m.client_id, { sender: name, failed: m.error });
        } else if (m.type === 'send_failed') {
          ws.terminate();  // a passing refusal: reconnect and resend everything unanswered, in order
        }
      }
    });
    const waitSomething = (ms) => new Promise((r) => { wake = r; setTimeout(r, ms); });
    while (!open && !closed) await waitSomething(1000);
    if (closed) { await sleep(20); continue; }
    // Resend the unanswered first, in their order.
    for (const [clientId, index] of unanswered)
      ws.send(JSON.stringify({ type: 'send', conversation_id: conversationId, message: { client_id: clientId, text: `${name} ${index}` } }));
    while (!closed && (running() || unanswered.size > 0)) {
      if (!running() || unanswered.size >= WS_WINDOW) {
        await waitSomething(200);
        continue;
      }
      await pace();
      if (closed) break;
      const clientId = `${name}-${next}`;
      unanswered.set(clientId, next);
      next += 1;
      ws.send(JSON.stringify({ type: 'send', conversation_id: conversationId, message: { client_id: clientId, text: `${name} ${next - 1}` } }));
    }
    ws.terminate();
  }
}

describe('crash safety', () => {
  let dataDir;
  let life;
  before(async () => {
    dataDir = await makeTempDir('muster-crash-');
    life = new Life(dataDir);
  });
  after(async () => {
    if (life?.srv) await life.srv.stop().catch(() => {});
    await rm(dataDir, { recursive: true, force: true });
  });

  test('SIGKILL at random moments under 1,000 sends a second loses and duplicates nothing', { timeout: 240_000 }, async () => {
    await life.start();
    const url = life.srv.url;
    const { owner } = await setupOrg(url);
    const senders = [];
    const total = HTTP_SENDERS + WS_SENDERS;
    for (let s = 0; s < total; s++) {
      const name = `s${s}`;
      const email = `${name}@example.com`;
      const { person } = await addMember(owner, { name: `Sender ${s}`, email }, `${name}-password-1`);
      senders.push({ name, id: person.id, kind: s < HTTP_SENDERS ? 'http' : 'ws', token: (await bearerClient(url, email, `${name}-password-1`)).bearer });
    }
    const conv = await owner.post('/api/v1/conversations', { kind: 'group', name: 'crash', member_ids: senders.map((s) => s.id) });
    assert.equal(conv.status, 201, conv.text);
    const conversationId = conv.body.id;

    const acked = new Map();
    let sending = true;
    const running = () => sending;
    const perSender = TARGET_RATE / total;
    const startedAt = Date.now();
    life.upMs = 0;
    life.upSince = startedAt;
    const work = senders.map((s) =>
      (s.kind === 'http' ? httpSender : wsSender)(life, s.name, s.token, conversationId, perSender, running, acked));
    const failure = Promise.all(work).then(() => null, (e) => e);

    // Kill at random moments: up between 1 and 3 seconds each time.
    for (let k = 0; k < KILLS; k++) {
      await sleep(random(1000, 3000));
      await life.kill();
      await life.start();
    }
    await sleep(1500);
    sending = false;
    const error = await failure;
    if (error) throw error;
    const elapsedUp = life.upMs + (Date.now() - life.upSince);
    const rate = (acked.size / elapsedUp) * 1000;
    console.log(`crash-safety: ${acked.size} acknowledged in ${(Date.now() - startedAt) / 1000} s, ` +
      `${Math.round(rate)}/s while up, ${life.generation - 1} kills`);
    assert.equal(life.generation - 1, KILLS);
    const failed = [...acked.values()].filter((a) => a.failed);
    assert.deepEqual(failed, [], 'no send refused for a reason other than the outage');

    // Every message of the conversation, oldest first.
    const token = senders[0].token;
    const items = [];
    let before = null;
    for (;;) {
      const qs = new URLSearchParams({ limit: '200', ...(before ? { before: String(before) } : {}) });
      const res = await fetch(`${life.srv.url}/api/v1/conversations/${conversationId}/messages?${qs}`, { headers: { authorization: `Bearer ${token}` } });
      assert.equal(res.status, 200);
      const page = await res.json();
      items.unshift(...page.items);
      if (!page.has_more || page.items.length === 0) break;
      before = page.items[0].seq;
    }
    const seen = new Map();
    for (const m of items) {
      if (!m.client_id) continue;
      assert.ok(!seen.has(m.client_id), `client id ${m.client_id} appears once (seq ${seen.get(m.client_id)} and ${m.seq})`);
      seen.set(m.client_id, m.seq);
    }
    for (const [clientId, a] of acked) assert.ok(seen.has(clientId), `acknowledged ${clientId} (${a.sender} #${a.index}) is stored`);
    for (const s of senders) {
      const mine = items.filter((m) => m.author_id === s.id || m.author?.id === s.id);
      const indexes = mine.map((m) => Number(m.client_id.slice(s.name.length + 1)));
      for (let i = 1; i < indexes.length; i++)
        assert.ok(indexes[i] > indexes[i - 1], `${s.name}: message ${indexes[i]} stored after ${indexes[i - 1]}`);
    }
    const stored = items.filter((m) => m.client_id && senders.some((s) => m.client_id.startsWith(`${s.name}-`))).length;
    assert.ok(stored >= acked.size, 'nothing acknowledged is missing');

    await life.stop();
    life.srv = null;
    const check = await runCli(['admin', 'check-database', '--data', dataDir], { timeoutMs: 120_000 });
    assert.equal(check.code, 0, `integrity_check: ${check.stdout} ${check.stderr}`);
    assert.match(check.stdout, /^ok$/m);
    // Last, so a slow machine still shows whether anything was lost.
    // A rate is a speed figure: under a sanitizer (10x slower) only the correctness above counts.
    if (!process.env.MUSTER_SANITIZER) assert.ok(rate >= 0.8 * TARGET_RATE, `achieved ${Math.round(rate)} sends a second while up, want about ${TARGET_RATE}`);
  });
});
