// Helpers for the messaging tests (docs/api/messaging.md): an organization with a few people,
// conversation/message shortcuts, and a WebSocket client that records every frame.
//
//   const org = await startOrg(['Alice', 'Bob']);        // server + owner + people with accounts
//   const { alice, bob } = org.people;
//   const conv = await createConversation(alice.client, { kind: 'group', name: 'G', member_ids: [bob.id] });
//   const sock = await openSocket(org.srv.url, bob.client);
//   const m = await sendMessage(alice.client, conv.id, 'hello');
//   await sock.waitForEvent((e) => e.kind === 'message.created' && e.message.id === m.id);

import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { deflateSync } from 'node:zlib';
import WebSocket from 'ws';
import { addMember, expectOk, OWNER, setupOrg, signIn } from './fixtures.mjs';
import { startServer } from './server.mjs';

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
export const newClientId = () => randomUUID();
const enc = encodeURIComponent;

/**
 * Starts a server, runs setup and creates one person with an account per name
 * (key = the name lowercased, e.g. 'Alice' -> people.alice).
 * Returns { srv, url, owner: { id, name, client, email, password }, people: { key: { id, name, person, client, email, password } } }.
 */
export async function startOrg(names = [], { serverOptions = {}, srv: existing } = {}) {
  const srv = existing ?? (await startServer(serverOptions));
  try {
    const { owner, user } = await setupOrg(srv.url);
    const people = {};
    let i = 0;
    for (const name of names) {
      i += 1;
      const key = name.toLowerCase().replace(/[^a-z0-9]+/g, '_');
      const email = `${key}-${i}@example.com`;
      const password = `${key}-password-1`;
      const { person, client } = await addMember(owner, { name, email }, password);
      people[key] = { id: person.id, name: person.name, person, client, email, password };
    }
    return {
      srv,
      url: srv.url,
      owner: { id: user.id, name: user.name, person: user, client: owner, email: OWNER.email, password: OWNER.password },
      people,
    };
  } catch (e) {
    if (!existing) await srv.stop();
    throw e;
  }
}

/** A second, independent cookie session (another device) for a person from startOrg. */
export function secondSession(url, who) {
  return signIn(url, who.email, who.password);
}

/** POST /api/v1/conversations; expects `status` (201 by default); returns the Conversation. */
export async function createConversation(client, body, status = 201) {
  const res = await client.post('/api/v1/conversations', body);
  return expectOk(res, status, `POST /api/v1/conversations ${JSON.stringify(body)}`);
}

/** POST .../messages with a fresh client_id (unless given); expects 201; returns the Message. */
export async function sendMessage(client, convId, text, extra = {}) {
  const body = { client_id: newClientId(), text, ...extra };
  const res = await client.post(`/api/v1/conversations/${enc(convId)}/messages`, body);
  return expectOk(res, 201, `POST /api/v1/conversations/${convId}/messages ${JSON.stringify(body).slice(0, 200)}`);
}

/** The raw response of POST .../messages. */
export function postMessage(client, convId, body) {
  return client.post(`/api/v1/conversations/${enc(convId)}/messages`, body);
}

/** GET /api/v1/conversations/{id}; returns the Conversation. */
export async function getConversation(client, convId) {
  return expectOk(await client.get(`/api/v1/conversations/${enc(convId)}`), 200, `GET /api/v1/conversations/${convId}`);
}

/** GET /api/v1/conversations; returns the items. */
export async function listConversations(client) {
  const body = expectOk(await client.get('/api/v1/conversations'), 200, 'GET /api/v1/conversations');
  assert.ok(Array.isArray(body.items), 'GET /api/v1/conversations answers {"items":[...]}');
  return body.items;
}

/** The conversation as it appears in the person's list (or undefined). */
export async function conversationInList(client, convId) {
  return (await listConversations(client)).find((c) => c.id === convId);
}

/** GET .../messages with a query object; returns { items, has_more }. */
export async function getMessages(client, convId, query = {}) {
  const qs = new URLSearchParams(query).toString();
  const path = `/api/v1/conversations/${enc(convId)}/messages${qs ? `?${qs}` : ''}`;
  const body = expectOk(await client.get(path), 200, `GET ${path}`);
  assert.ok(Array.isArray(body.items), `GET ${path} answers {"items":[...]}`);
  return body;
}

/** Every message of a conversation (follows before= pages back to the start), ascending. */
export async function allMessages(client, convId) {
  const out = [];
  let page = await getMessages(client, convId, { limit: '200' });
  out.unshift(...page.items);
  for (let i = 0; i < 50 && page.has_more && page.items.length > 0; i++) {
    page = await getMessages(client, convId, { before: String(page.items[0].seq), limit: '200' });
    out.unshift(...page.items);
  }
  return out;
}

/** POST .../read {seq}; expects 204. */
export async function markRead(client, convId, seq) {
  const res = await client.post(`/api/v1/conversations/${enc(convId)}/read`, { seq });
  assert.equal(res.status, 204, `POST /api/v1/conversations/${convId}/read {"seq":${seq}}: ${res.status} ${res.text.slice(0, 300)}`);
}

/** POST .../delivered {seq}; expects 204. */
export async function markDelivered(client, convId, seq) {
  const res = await client.post(`/api/v1/conversations/${enc(convId)}/delivered`, { seq });
  assert.equal(res.status, 204, `POST /api/v1/conversations/${convId}/delivered {"seq":${seq}}: ${res.status} ${res.text.slice(0, 300)}`);
}

/** Asserts the response is a refusal that reveals nothing: 403 or 404 with the standard error body. */
export function expectDenied(res, context = '') {
  const where = context ? ` (${context})` : '';
  assert.ok(res.status === 403 || res.status === 404, `expected HTTP 403 or 404${where}, got ${res.status}: ${res.text.slice(0, 300)}`);
  const e = res.body?.error;
  assert.ok(e && typeof e.code === 'string', `expected an error body${where}, got ${res.text.slice(0, 300)}`);
  assert.ok(['permission_denied', 'not_found'].includes(e.code), `error code${where}: ${e.code}`);
  return res;
}

/** Polls `fn` until it returns a truthy value (and does not throw); returns that value. */
export async function eventually(fn, { timeoutMs = 5000, intervalMs = 50, what = 'condition' } = {}) {
  const deadline = Date.now() + timeoutMs;
  let lastErr;
  for (;;) {
    try {
      const v = await fn();
      if (v) return v;
      lastErr = undefined;
    } catch (e) {
      lastErr = e;
    }
    if (Date.now() > deadline) {
      if (lastErr) throw lastErr;
      throw new Error(`${what} not reached within ${timeoutMs} ms`);
    }
    await sleep(intervalMs);
  }
}

function crc32(buf) {
  let c = ~0;
  for (const byte of buf) {
    c ^= byte;
    for (let k = 0; k < 8; k++) c = (c >>> 1) ^ (0xedb88320 & -(c & 1));
  }
  return ~c >>> 0;
}

/**
 * A valid PNG of `width` x `height` pixels (a colour gradient); with `alpha`, RGBA with
 * transparent pixels (whose thumbnail the server keeps as a PNG), else RGB. `comment` adds a tEXt
 * chunk (metadata a server should not pass on).
 */
export function makePng(width = 64, height = 48, { alpha = false, comment } = {}) {
  const chunk = (type, data) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const td = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(td));
    return Buffer.concat([len, td, crc]);
  };
  const channels = alpha ? 4 : 3;
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = alpha ? 6 : 2; // RGBA or RGB
  const raw = Buffer.alloc((width * channels + 1) * height);
  for (let y = 0; y < height; y++) {
    const row = y * (width * channels + 1);
    for (let x = 0; x < width; x++) {
      const px = row + 1 + x * channels;
      raw[px] = (x * 255) / width;
      raw[px + 1] = (y * 255) / height;
      raw[px + 2] = alpha ? 60 : 128;
      if (alpha) raw[px + 3] = x % 2 ? 255 : 128;
    }
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    ...(comment ? [chunk('tEXt', Buffer.from(`Comment\0${comment}`, 'latin1'))] : []),
    chunk('IDAT', deflateSync(raw)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** A small valid PNG (64 x 48) for attachment uploads. */
export const PNG_SMALL = makePng(64, 48);

/** POST /api/v1/attachments?name=...; returns the raw response. */
export function uploadAttachment(client, name, bytes, contentType) {
  return client.request('POST', `/api/v1/attachments?name=${enc(name)}`, { body: bytes, contentType });
}

/**
 * Paths of every file the server keeps under `<data dir>/files` (attachments and thumbnails), so a
 * test can see what is really on disk; none while the folder does not exist yet.
 */
export async function storedFiles(srv) {
  const walk = async (dir) => {
    let entries;
    try {
      entries = await readdir(dir, { withFileTypes: true });
    } catch {
      return [];
    }
    const out = [];
    for (const e of entries) {
      const full = path.join(dir, e.name);
      if (e.isDirectory()) out.push(...(await walk(full)));
      else out.push(full);
    }
    return out;
  };
  return walk(path.join(srv.dataDir, 'files'));
}

// ---------------------------------------------------------------------------------------------
// WebSocket

/**
 * Opens /api/v1/ws with the client's session (cookie or bearer) and waits for `hello`.
 * Returns a Sock: { ws, hello, frames, closed, waitFor, waitForEvent, events, send, close }.
 */
export function openSocket(url, client, { timeoutMs = 5000, wsOptions = {} } = {}) {
  const wsUrl = new URL('/api/v1/ws', url.replace(/^http/, 'ws'));
  const headers = {};
  if (client.bearer) headers.authorization = `Bearer ${client.bearer}`;
  else headers.cookie = `muster_session=${client.sessionCookie}`;
  const ws = new WebSocket(wsUrl, { headers, origin: url, handshakeTimeout: timeoutMs, ...wsOptions });
  const sock = new Sock(ws);
  return new Promise((resolve, reject) => {
    ws.once('unexpected-response', (_req, res) => {
      reject(Object.assign(new Error(`upgrade refused with HTTP ${res.statusCode}`), { status: res.statusCode }));
      ws.terminate();
    });
    ws.once('error', (e) => reject(e));
    ws.once('open', async () => {
      try {
        sock.hello = await sock.waitFor((m) => m.type === 'hello', timeoutMs, 'hello');
        resolve(sock);
      } catch (e) {
        ws.terminate();
        reject(e);
      }
    });
  });
}

const CLOSED = Symbol('closed');

export class Sock {
  constructor(ws) {
    this.ws = ws;
    this.hello = null;
    /** Every message received, parsed, with `_at` (ms) and `_frame` (which WebSocket frame) added. */
    this.frames = [];
    /** WebSocket frames received (one may carry several messages). */
    this.wsFrames = 0;
    this.waiters = new Set();
    this.closeInfo = null;
    this.closed = new Promise((resolve) => {
      ws.on('close', (code, reason) => {
        this.closeInfo = { code, reason: reason.toString(), at: Date.now() };
        resolve(this.closeInfo);
        for (const w of [...this.waiters]) w(CLOSED);
      });
    });
    ws.on('error', () => {});
    ws.on('message', (data) => {
      let parsed;
      try {
        parsed = JSON.parse(data.toString());
      } catch {
        parsed = { unparsable: data.toString() };
      }
      // The server coalesces queued messages into one frame (a JSON array, in order) under load.
      this.wsFrames += 1;
      for (const m of Array.isArray(parsed) ? parsed : [parsed]) {
        Object.defineProperty(m, '_at', { value: Date.now(), enumerable: false });
        Object.defineProperty(m, '_frame', { value: this.wsFrames, enumerable: false });
        this.frames.push(m);
        for (const w of [...this.waiters]) w(m);
      }
    });
  }

  get isOpen() {
    return this.ws.readyState === WebSocket.OPEN;
  }

  /** Frames with type "event" (optionally of one kind), in arrival order. */
  events(kind) {
    return this.frames.filter((f) => f.type === 'event' && f.event && (!kind || f.event.kind === kind));
  }

  /** Stored events (seq > 0) in arrival order. */
  seqEvents() {
    return this.events().filter((f) => f.seq > 0);
  }

  /** Resolves with the first frame (already received or future) matching `pred`. */
  waitFor(pred, timeoutMs = 5000, what = 'a matching frame', { fromIndex = 0 } = {}) {
    const found = this.frames.slice(fromIndex).find(pred);
    if (found) return Promise.resolve(found);
    return new Promise((resolve, reject) => {
      const fail = (why) => {
        this.waiters.delete(w);
        const tail = this.frames.slice(-8).map((f) => JSON.stringify(f).slice(0, 200));
        reject(new Error(`no ${what}: ${why}; last frames:\n  ${tail.join('\n  ')}`));
      };
      const w = (m) => {
        if (m === CLOSED) {
          clearTimeout(timer);
          fail(`the socket closed (code ${this.closeInfo.code}) first`);
          return;
        }
        if (pred(m)) {
          clearTimeout(timer);
          this.waiters.delete(w);
          resolve(m);
        }
      };
      if (this.closeInfo) return fail(`the socket is closed (code ${this.closeInfo.code})`);
      const timer = setTimeout(() => fail(`nothing within ${timeoutMs} ms (socket open)`), timeoutMs);
      this.waiters.add(w);
    });
  }

  /** Resolves with the first `event` frame whose event matches `pred` (the whole frame: {type, seq, event}). */
  waitForEvent(pred, timeoutMs = 5000, what = 'matching event') {
    return this.waitFor((f) => f.type === 'event' && f.event && pred(f.event, f), timeoutMs, what);
  }

  /** Waits for message.created of message id `id`. */
  waitForMessage(id, timeoutMs = 5000) {
    return this.waitForEvent((e) => e.kind === 'message.created' && e.message?.id === id, timeoutMs, `message.created ${id}`);
  }

  send(obj) {
    this.ws.send(JSON.stringify(obj));
  }

  close() {
    if (this.ws.readyState === WebSocket.OPEN || this.ws.readyState === WebSocket.CONNECTING) this.ws.terminate();
  }
}

/** Events (frames) of a socket that mention conversation `convId` anywhere in their event body. */
export function eventsAbout(sock, convId) {
  return sock.events().filter((f) => JSON.stringify(f.event).includes(convId));
}

/** Asserts the seqs of stored events are consecutive (each one more than the previous). */
export function assertConsecutive(frames, what) {
  const seqs = frames.map((f) => f.seq);
  for (let i = 1; i < seqs.length; i++) {
    assert.equal(seqs[i], seqs[i - 1] + 1, `${what}: event seqs must increase by one, got ${JSON.stringify(seqs)}`);
  }
}
