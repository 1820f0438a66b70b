// A local Web Push service for the integration tests: it stands where FCM or Mozilla's autopush
// would, checks each push the way they do (VAPID, RFC 8292; aes128gcm, RFC 8291/8188; TTL, RFC 8030)
// and decrypts it with the subscriber keys it handed out, so a test can read what the server sent.
//
//   const push = await startPushService();
//   push.expectKey(vapidPublicKey);                 // optional: the server's VAPID key (base64url)
//   const sub = push.subscribe('alice');            // { endpoint, keys: { p256dh, auth } }: give it to the server
//   ... make the server notify alice ...
//   const [msg] = await push.waitFor('alice', 1);   // { payload, headers: { ttl, urgency, topic }, at }
//   push.respond('alice', 410);                     // from now on the endpoint answers 410 Gone
//   assert.deepEqual(push.errors, []);              // pushes refused for a bad header, key or body
//   await push.close();

import { createDecipheriv, createECDH, createHmac, createPublicKey, randomBytes, verify } from 'node:crypto';
import http from 'node:http';

/** Push services must accept a body of 4096 bytes (RFC 8291 section 4); ours takes no more. */
export const MAX_PUSH_BODY = 4096;
/** RFC 8292 section 2: a token may be refused when it expires more than 24 hours ahead. */
const MAX_VAPID_LIFETIME_S = 24 * 60 * 60;
const HEADER_SIZE = 86; // salt 16, record size 4, key id length 1, key id 65
const TAG_SIZE = 16;
const URGENCIES = new Set(['very-low', 'low', 'normal', 'high']);
const DEFAULT_WAIT_MS = 5_000;

/** Bytes from strict base64url (padding allowed); throws naming `what` on any other character. */
function fromBase64url(text, what) {
  if (Buffer.isBuffer(text)) return text;
  if (typeof text !== 'string' || !/^[A-Za-z0-9_-]*={0,2}$/.test(text)) throw new Error(`${what} is not base64url`);
  return Buffer.from(text, 'base64url');
}

function hmacSha256(key, ...parts) {
  const mac = createHmac('sha256', key);
  for (const part of parts) mac.update(part);
  return mac.digest();
}

/** A browser's subscription keys: a P-256 pair and a 16-byte auth secret. */
export function createSubscriberKeys() {
  const ecdh = createECDH('prime256v1');
  ecdh.generateKeys();
  const publicKey = ecdh.getPublicKey();
  return {
    privateKey: Buffer.concat([Buffer.alloc(32), ecdh.getPrivateKey()]).subarray(-32), // always 32 bytes
    publicKey,
    p256dh: publicKey.toString('base64url'),
    auth: randomBytes(16).toString('base64url'),
  };
}

/** RFC 8291 section 3.4: the content key and nonce, from the ECDH secret and both public keys. */
function deriveKeys(ecdhSecret, auth, uaPublic, asPublic, salt) {
  const prkKey = hmacSha256(auth, ecdhSecret);
  const ikm = hmacSha256(prkKey, Buffer.from('WebPush: info\0'), uaPublic, asPublic, Buffer.from([1]));
  const prk = hmacSha256(salt, ikm);
  return {
    cek: hmacSha256(prk, Buffer.from('Content-Encoding: aes128gcm\0\x01')).subarray(0, 16),
    nonce: hmacSha256(prk, Buffer.from('Content-Encoding: nonce\0\x01')).subarray(0, 12),
  };
}

/** The header of an aes128gcm body (RFC 8188 section 2.1), checked for what Web Push allows. */
function parseContentHeader(body) {
  if (body.length < HEADER_SIZE) throw new Error(`aes128gcm body of ${body.length} bytes is shorter than its header`);
  const recordSize = body.readUInt32BE(16);
  const keyIdLength = body[20];
  if (keyIdLength !== 65) throw new Error(`aes128gcm key id is ${keyIdLength} bytes, not the sender's 65-byte key`);
  if (recordSize < 18) throw new Error(`aes128gcm record size ${recordSize} is below the minimum of 18`);
  const record = body.subarray(HEADER_SIZE);
  if (record.length < TAG_SIZE + 1) throw new Error('aes128gcm record is too short to hold a delimiter and tag');
  if (record.length > recordSize) throw new Error('aes128gcm body holds more than one record; Web Push allows one');
  return { salt: body.subarray(0, 16), senderPublic: body.subarray(21, HEADER_SIZE), record };
}

/** RFC 8188 section 2: zero padding after a 0x02 delimiter, the last (here only) record's. */
function stripPadding(padded) {
  let end = padded.length - 1;
  while (end >= 0 && padded[end] === 0) end -= 1;
  if (end < 0) throw new Error('aes128gcm record has no padding delimiter');
  if (padded[end] !== 2) throw new Error(`aes128gcm record ends in delimiter ${padded[end]}, not 2 (the last record)`);
  return padded.subarray(0, end);
}

/**
 * Decrypts a Web Push body (RFC 8291 with the aes128gcm coding of RFC 8188) for `subscriberKeys`
 * ({ privateKey: 32 bytes, p256dh, auth } as from createSubscriberKeys). Returns the plaintext
 * Buffer; throws when the body is malformed, altered, or not for these keys.
 */
export function decryptAes128gcm(body, subscriberKeys) {
  const { salt, senderPublic, record } = parseContentHeader(Buffer.from(body));
  const auth = fromBase64url(subscriberKeys.auth, 'auth');
  const uaPublic = fromBase64url(subscriberKeys.p256dh, 'p256dh');
  if (auth.length !== 16) throw new Error(`auth secret is ${auth.length} bytes, not 16`);
  const ecdh = createECDH('prime256v1');
  ecdh.setPrivateKey(fromBase64url(subscriberKeys.privateKey, 'privateKey'));
  if (!ecdh.getPublicKey().equals(uaPublic)) throw new Error('p256dh is not the public key of privateKey');
  let secret;
  try {
    secret = ecdh.computeSecret(senderPublic);
  } catch (err) {
    throw new Error(`aes128gcm key id is not a P-256 public key: ${err.message}`);
  }
  const { cek, nonce } = deriveKeys(secret, auth, uaPublic, senderPublic, salt);
  const decipher = createDecipheriv('aes-128-gcm', cek, nonce, { authTagLength: TAG_SIZE });
  decipher.setAuthTag(record.subarray(-TAG_SIZE));
  let padded;
  try {
    padded = Buffer.concat([decipher.update(record.subarray(0, -TAG_SIZE)), decipher.final()]);
  } catch {
    throw new Error('aes128gcm record failed authentication: altered, or not for these keys');
  }
  return stripPadding(padded);
}

/** A KeyObject for a 65-byte uncompressed P-256 point; throws when it is none. */
function p256PublicKey(raw) {
  if (raw.length !== 65 || raw[0] !== 4) throw new Error('VAPID k is not a 65-byte uncompressed P-256 key');
  const x = raw.subarray(1, 33).toString('base64url');
  const y = raw.subarray(33).toString('base64url');
  try {
    return createPublicKey({ key: { kty: 'EC', crv: 'P-256', x, y }, format: 'jwk' });
  } catch (err) {
    throw new Error(`VAPID k is not a point on P-256: ${err.message}`);
  }
}

/** The t= and k= of "vapid t=<JWT>, k=<key>" (RFC 8292 section 3), in any order and case. */
function vapidParams(authorizationHeader) {
  const match = /^\s*vapid\s+(.*)$/is.exec(authorizationHeader ?? '');
  if (!match) throw new Error(`Authorization is not vapid: ${JSON.stringify(authorizationHeader ?? null)}`);
  const params = {};
  for (const item of match[1].split(',')) {
    const eq = item.indexOf('=');
    if (eq < 0) throw new Error(`malformed vapid parameter: ${JSON.stringify(item.trim())}`);
    params[item.slice(0, eq).trim().toLowerCase()] = item.slice(eq + 1).trim().replace(/^"(.*)"$/, '$1');
  }
  if (!params.t || !params.k) throw new Error('vapid Authorization needs both t= and k=');
  return params;
}

function jsonPart(part, what) {
  try {
    const value = JSON.parse(fromBase64url(part, what).toString('utf8'));
    if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new Error('not an object');
    return value;
  } catch (err) {
    throw new Error(`${what} is not a base64url JSON object (${err.message})`);
  }
}

/**
 * Checks a VAPID Authorization header as a push service does: the ES256 signature against k, aud
 * equal to `expectedAudience`, and exp in the future but at most 24 hours ahead.
 * Returns { aud, sub, exp, publicKey (base64url of k) }; throws with the reason otherwise.
 */
export function verifyVapid(authorizationHeader, expectedAudience, nowSeconds = Math.floor(Date.now() / 1000)) {
  const { t, k } = vapidParams(authorizationHeader);
  const parts = t.split('.');
  if (parts.length !== 3) throw new Error('VAPID token is not a JWS in three parts');
  const header = jsonPart(parts[0], 'JWT header');
  if (header.alg !== 'ES256') throw new Error(`VAPID token alg is ${JSON.stringify(header.alg)}, not ES256`);
  const rawKey = fromBase64url(k, 'VAPID k');
  const signature = fromBase64url(parts[2], 'JWT signature');
  if (signature.length !== 64) throw new Error(`JWT signature is ${signature.length} bytes, not ES256's 64 (R || S)`);
  const signed = Buffer.from(`${parts[0]}.${parts[1]}`);
  if (!verify('sha256', signed, { key: p256PublicKey(rawKey), dsaEncoding: 'ieee-p1363' }, signature)) {
    throw new Error('VAPID token signature does not match k');
  }
  const claims = jsonPart(parts[1], 'JWT claims');
  if (claims.aud !== expectedAudience) {
    throw new Error(`VAPID aud is ${JSON.stringify(claims.aud)}, expected ${JSON.stringify(expectedAudience)}`);
  }
  if (!Number.isInteger(claims.exp)) throw new Error('VAPID token has no integer exp claim');
  if (claims.exp <= nowSeconds) throw new Error(`VAPID token expired at ${claims.exp} (now ${nowSeconds})`);
  if (claims.exp - nowSeconds > MAX_VAPID_LIFETIME_S) {
    throw new Error(`VAPID token expires ${claims.exp - nowSeconds} s ahead, more than 24 hours`);
  }
  if (claims.sub !== undefined && typeof claims.sub !== 'string') throw new Error('VAPID sub claim is not a string');
  return { aud: claims.aud, sub: claims.sub, exp: claims.exp, publicKey: rawKey.toString('base64url') };
}

/** A refused push: its answer and the reason recorded in `errors`. */
class Refusal extends Error {
  constructor(status, message) {
    super(message);
    this.status = status;
  }
}

function readBody(req, limit) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    let size = 0;
    req.on('data', (chunk) => {
      size += chunk.length;
      if (size <= limit) chunks.push(chunk); // the rest is read and dropped, so the answer gets through
    });
    req.on('end', () => resolve({ body: Buffer.concat(chunks), size }));
    req.on('error', reject);
  });
}

/** The RFC 8030 headers of a push, refused when missing or malformed. */
function pushHeaders(req) {
  const encoding = req.headers['content-encoding'];
  if (encoding !== 'aes128gcm') {
    throw new Refusal(400, `Content-Encoding is ${JSON.stringify(encoding ?? null)}, not aes128gcm`);
  }
  const ttl = req.headers.ttl;
  if (ttl === undefined || !/^\d+$/.test(ttl)) {
    throw new Refusal(400, `TTL header is ${JSON.stringify(ttl ?? null)}, not a number of seconds`);
  }
  const urgency = req.headers.urgency ?? null;
  if (urgency !== null && !URGENCIES.has(urgency)) {
    throw new Refusal(400, `Urgency ${JSON.stringify(urgency)} is not one of RFC 8030's`);
  }
  const topic = req.headers.topic ?? null;
  if (topic !== null && !/^[A-Za-z0-9_-]{1,32}$/.test(topic)) {
    throw new Refusal(400, `Topic ${JSON.stringify(topic)} is not 1-32 base64url characters`);
  }
  return { ttl: Number(ttl), urgency, topic };
}

function decodeName(text) {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

function parsePayload(plaintext) {
  const text = plaintext.toString('utf8');
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/**
 * Starts the service on 127.0.0.1 with an ephemeral port. Returns
 * { url, errors, endpoint(name), subscribe(name), received(name), attempts(name), waitFor(name, count, timeoutMs),
 *   respond(name, status, { retryAfter }), expectKey(base64url), close() }.
 */
export async function startPushService() {
  /** name -> { keys, received: [], attempts, status, retryAfter, waiters: Set } */
  const subscribers = new Map();
  /** Every refused request: { name, status, reason, at }. A test expects it empty. */
  const errors = [];
  let expectedKey = null;
  let messageCount = 0;

  const server = http.createServer((req, res) => {
    handle(req, res).catch((err) => {
      errors.push({ name: null, status: 500, reason: `push service failed: ${err.stack ?? err}`, at: Date.now() });
      if (!res.headersSent) res.writeHead(500);
      res.end();
    });
  });
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const url = `http://127.0.0.1:${server.address().port}`;

  function subscriber(name) {
    const found = subscribers.get(name);
    if (!found) throw new Error(`push service: no subscription named ${JSON.stringify(name)}; call subscribe() first`);
    return found;
  }

  function answer(res, status, headers = {}, text = '') {
    res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', ...headers });
    res.end(text);
  }

  /** Refuses unless the request carries everything a real push service insists on; returns the plaintext. */
  function accept(req, body, size, sub) {
    let claims;
    try {
      claims = verifyVapid(req.headers.authorization, url);
    } catch (err) {
      throw new Refusal(401, err.message);
    }
    // RFC 8292 makes sub a SHOULD; some services (Apple's) refuse tokens without one.
    if (!/^(mailto:|https:\/\/)/.test(claims.sub ?? '')) {
      throw new Refusal(401, `VAPID sub is ${JSON.stringify(claims.sub ?? null)}, not a mailto: or https: URL`);
    }
    if (expectedKey !== null && claims.publicKey !== expectedKey) {
      throw new Refusal(403, `VAPID key ${claims.publicKey} is not the expected ${expectedKey}`);
    }
    const headers = pushHeaders(req);
    if (size > MAX_PUSH_BODY) {
      throw new Refusal(413, `body of ${size} bytes is over the ${MAX_PUSH_BODY} push services must accept`);
    }
    try {
      return { headers, plaintext: decryptAes128gcm(body, sub.keys) };
    } catch (err) {
      throw new Refusal(400, err.message);
    }
  }

  function deliver(sub, headers, plaintext) {
    sub.received.push({ payload: parsePayload(plaintext), headers, at: Date.now() });
    for (const waiter of sub.waiters) {
      if (sub.received.length >= waiter.count) waiter.resolve([...sub.received]);
    }
  }

  async function handle(req, res) {
    const match = /^\/push\/([^/?]+)$/.exec(req.url ?? '');
    const name = match ? decodeName(match[1]) : null;
    const { body, size } = await readBody(req, MAX_PUSH_BODY);
    const sub = name === null ? undefined : subscribers.get(name);
    try {
      if (req.method !== 'POST' || !match) throw new Refusal(404, `no push resource at ${req.method} ${req.url}`);
      if (!sub) throw new Refusal(404, `push to ${JSON.stringify(name)}, which never subscribed`);
      sub.attempts += 1;
      const { headers, plaintext } = accept(req, body, size, sub);
      if (sub.status !== null) {
        const extra = sub.retryAfter === null ? {} : { 'retry-after': String(sub.retryAfter) };
        answer(res, sub.status, extra, `answering ${sub.status} as the test asked`);
        return;
      }
      deliver(sub, headers, plaintext);
      messageCount += 1;
      answer(res, 201, { location: `${url}/message/${messageCount}` });
    } catch (err) {
      if (!(err instanceof Refusal)) throw err;
      errors.push({ name, status: err.status, reason: err.message, at: Date.now() });
      answer(res, err.status, {}, err.message);
    }
  }

  const endpoint = (name) => `${url}/push/${encodeURIComponent(name)}`;

  return {
    url,
    errors,
    /** The push endpoint URL for `name`. */
    endpoint,
    /** A PushSubscription-like { endpoint, keys: { p256dh, auth } }; the same one when called again. */
    subscribe(name) {
      if (!subscribers.has(name)) {
        const fresh = { keys: createSubscriberKeys(), received: [], attempts: 0, status: null, retryAfter: null };
        subscribers.set(name, { ...fresh, waiters: new Set() });
      }
      const { keys } = subscribers.get(name);
      return { endpoint: endpoint(name), keys: { p256dh: keys.p256dh, auth: keys.auth } };
    },
    /** The pushes delivered to `name`, oldest first: { payload, headers: { ttl, urgency, topic }, at }. */
    received: (name) => [...subscriber(name).received],
    /** How many POSTs reached `name`'s endpoint, refused or not (for retry and backoff tests). */
    attempts: (name) => subscriber(name).attempts,
    /** Resolves with received(name) once it holds at least `count` pushes; rejects after `timeoutMs`. */
    waitFor(name, count, timeoutMs = DEFAULT_WAIT_MS) {
      const sub = subscriber(name);
      if (sub.received.length >= count) return Promise.resolve([...sub.received]);
      return new Promise((resolve, reject) => {
        const waiter = { count };
        const timer = setTimeout(() => {
          sub.waiters.delete(waiter);
          const got = `${sub.received.length} of ${count} pushes reached ${JSON.stringify(name)} in ${timeoutMs} ms`;
          reject(new Error(`push service: ${got}; refused: ${JSON.stringify(errors)}`));
        }, timeoutMs);
        waiter.resolve = (list) => {
          clearTimeout(timer);
          sub.waiters.delete(waiter);
          resolve(list);
        };
        waiter.reject = (err) => {
          clearTimeout(timer);
          sub.waiters.delete(waiter);
          reject(err);
        };
        sub.waiters.add(waiter);
      });
    },
    /**
     * From now on `name`'s endpoint answers `status` (404 or 410 for a dead subscription, 429 or 5xx
     * for a busy service) to pushes that pass the checks, and delivers none; null or 201 restores it.
     * options.retryAfter: the Retry-After header, in seconds (429 and 503 get 1 unless told).
     */
    respond(name, status, options = {}) {
      const sub = subscriber(name);
      sub.status = status === null || status === 201 ? null : status;
      sub.retryAfter = options.retryAfter ?? (status === 429 || status === 503 ? 1 : null);
    },
    /** Refuses (403) pushes whose VAPID key is not this one (base64url, 65 bytes); null allows any. */
    expectKey(publicKeyBase64url) {
      if (publicKeyBase64url === null) expectedKey = null;
      else expectedKey = fromBase64url(publicKeyBase64url, 'expected key').toString('base64url');
    },
    /** Stops the server and fails any waitFor still pending. */
    async close() {
      for (const sub of subscribers.values()) {
        for (const waiter of sub.waiters) waiter.reject(new Error('push service closed'));
      }
      server.closeAllConnections();
      await new Promise((resolve) => server.close(() => resolve()));
    },
  };
}
