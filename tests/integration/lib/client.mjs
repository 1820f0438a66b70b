// A tiny HTTP client for the Muster API: a cookie jar, the X-CSRF-Token header for cookie sessions,
// or bearer-token mode. Responses come back as { status, headers, body, text, setCookies } where body
// is the parsed JSON (or null when the response is not JSON).
//
//   const c = new Client(url);                 // cookie mode
//   await c.post('/api/v1/auth/sign-in', { login, password });   // remembers cookie + csrf_token
//   const r = await c.get('/api/v1/me');
//
//   const b = new Client(url, { bearer: token });  // bearer mode: no cookies, no CSRF header

import net from 'node:net';

export class Client {
  constructor(baseUrl, options = {}) {
    this.baseUrl = baseUrl.replace(/\/$/, '');
    this.bearer = options.bearer ?? null;
    this.userAgent = options.userAgent ?? 'muster-integration-tests';
    /** name -> value */
    this.cookies = new Map();
    this.csrfToken = null;
    this.sessionId = null;
    this.user = null;
  }

  /** A new client that shares nothing with this one but carries the same cookie and CSRF token. */
  clone() {
    const c = new Client(this.baseUrl, { bearer: this.bearer, userAgent: this.userAgent });
    c.cookies = new Map(this.cookies);
    c.csrfToken = this.csrfToken;
    c.sessionId = this.sessionId;
    c.user = this.user;
    return c;
  }

  get sessionCookie() {
    return this.cookies.get('muster_session') ?? null;
  }

  cookieHeader() {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  /**
   * options.json: a value sent as JSON. options.body: raw string/Buffer body (with options.contentType).
   * options.headers: extra headers. options.csrf: false to leave out the CSRF header, or a string to
   * send instead of the session's token. options.noAuth: send neither cookie nor bearer.
   */
  async request(method, path, options = {}) {
    const headers = { 'user-agent': this.userAgent, accept: 'application/json', ...(options.headers ?? {}) };
    let body;
    if (options.json !== undefined) {
      body = JSON.stringify(options.json);
      headers['content-type'] ??= 'application/json';
    } else if (options.body !== undefined) {
      body = options.body;
      if (options.contentType) headers['content-type'] = options.contentType;
    }
    if (!options.noAuth) {
      if (this.bearer) {
        headers.authorization ??= `Bearer ${this.bearer}`;
      } else if (this.cookies.size > 0) {
        headers.cookie ??= this.cookieHeader();
        const unsafe = !['GET', 'HEAD'].includes(method.toUpperCase());
        if (unsafe && options.csrf !== false) {
          const token = typeof options.csrf === 'string' ? options.csrf : this.csrfToken;
          if (token) headers['x-csrf-token'] = token;
        }
      }
    }
    const res = await fetch(this.baseUrl + path, { method, headers, body, redirect: 'manual' });
    const text = await res.text();
    let parsed = null;
    const ct = res.headers.get('content-type') ?? '';
    if (ct.includes('json') && text.length > 0) {
      try {
        parsed = JSON.parse(text);
      } catch {
        parsed = null;
      }
    }
    const setCookies = res.headers.getSetCookie();
    if (!this.bearer && !options.noAuth) this.#absorbCookies(setCookies);
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed) && res.status < 300) {
      if (typeof parsed.csrf_token === 'string') this.csrfToken = parsed.csrf_token;
      if (typeof parsed.session_id === 'string') this.sessionId = parsed.session_id;
      if (parsed.user && typeof parsed.user === 'object') this.user = parsed.user;
    }
    return { status: res.status, headers: res.headers, body: parsed, text, setCookies };
  }

  #absorbCookies(setCookies) {
    for (const sc of setCookies) {
      const c = parseSetCookie(sc);
      if (!c) continue;
      const expired =
        (c.attrs['max-age'] !== undefined && Number(c.attrs['max-age']) <= 0) ||
        (c.attrs.expires !== undefined && Date.parse(c.attrs.expires) <= Date.now()) ||
        c.value === '';
      if (expired) this.cookies.delete(c.name);
      else this.cookies.set(c.name, c.value);
    }
  }

  get(path, options) {
    return this.request('GET', path, options);
  }
  post(path, json, options = {}) {
    return this.request('POST', path, json === undefined ? options : { ...options, json });
  }
  patch(path, json, options = {}) {
    return this.request('PATCH', path, { ...options, json });
  }
  put(path, json, options = {}) {
    return this.request('PUT', path, { ...options, json });
  }
  delete(path, options) {
    return this.request('DELETE', path, options);
  }
}

/** Parses one Set-Cookie header: { name, value, attrs: {lowercased-name: value|true} }. */
export function parseSetCookie(header) {
  const parts = header.split(';').map((s) => s.trim());
  const first = parts.shift();
  const eq = first.indexOf('=');
  if (eq < 0) return null;
  const attrs = {};
  for (const p of parts) {
    if (!p) continue;
    const i = p.indexOf('=');
    if (i < 0) attrs[p.toLowerCase()] = true;
    else attrs[p.slice(0, i).trim().toLowerCase()] = p.slice(i + 1).trim();
  }
  return { name: first.slice(0, eq).trim(), value: first.slice(eq + 1).trim(), attrs };
}

/**
 * Sends `raw` (a string or Buffer holding a whole HTTP request, or an array of pieces sent 100 ms apart) over a plain TCP socket and reads the
 * response until the server closes the connection or `timeoutMs` passes with a complete response.
 * For requests fetch refuses to send: invalid bytes, odd methods, oversized headers, unnormalized paths.
 * Returns { status, headers (lowercased names), body (Buffer), text, json } or { status: 0, error } when
 * the server closed the connection without a response.
 */
export function rawRequest(baseUrl, raw, timeoutMs = 5_000) {
  const { hostname, port } = new URL(baseUrl);
  return new Promise((resolve) => {
    const chunks = [];
    const socket = net.connect({ host: hostname, port: Number(port) });
    let done = false;
    const finish = (err) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      socket.destroy();
      const buf = Buffer.concat(chunks);
      const parsed = parseRawResponse(buf);
      if (!parsed) resolve({ status: 0, error: err ? String(err) : 'no response', raw: buf });
      else resolve(parsed);
    };
    const timer = setTimeout(() => finish(new Error('timeout')), timeoutMs);
    socket.on('data', (d) => {
      chunks.push(d);
      const parsed = parseRawResponse(Buffer.concat(chunks));
      if (parsed && parsed.complete) finish();
    });
    socket.on('end', () => finish());
    socket.on('close', () => finish());
    socket.on('error', (e) => {
      // The server may answer (e.g. 413) and reset the connection while we are still writing.
      finish(e);
    });
    if (Array.isArray(raw)) {
      // Pieces with a pause between them (e.g. headers, then a large body).
      const [first, ...rest] = raw;
      socket.write(first);
      let delay = 0;
      for (const piece of rest) {
        delay += 100;
        setTimeout(() => {
          if (!done && !socket.destroyed) socket.write(piece);
        }, delay);
      }
    } else {
      socket.write(raw);
    }
  });
}

function parseRawResponse(buf) {
  const headEnd = buf.indexOf('\r\n\r\n');
  if (headEnd < 0) return null;
  const head = buf.subarray(0, headEnd).toString('latin1');
  const lines = head.split('\r\n');
  const m = /^HTTP\/1\.[01] (\d{3})/.exec(lines[0]);
  if (!m) return null;
  const headers = {};
  for (const l of lines.slice(1)) {
    const i = l.indexOf(':');
    if (i > 0) headers[l.slice(0, i).trim().toLowerCase()] = l.slice(i + 1).trim();
  }
  let body = buf.subarray(headEnd + 4);
  let complete = false;
  if (headers['content-length'] !== undefined) {
    const len = Number(headers['content-length']);
    complete = body.length >= len;
    body = body.subarray(0, len);
  } else if ((headers['transfer-encoding'] ?? '').toLowerCase().includes('chunked')) {
    const out = [];
    let pos = 0;
    for (;;) {
      const eol = body.indexOf('\r\n', pos);
      if (eol < 0) break;
      const size = parseInt(body.subarray(pos, eol).toString('latin1'), 16);
      if (Number.isNaN(size)) break;
      if (size === 0) {
        complete = true;
        break;
      }
      if (body.length < eol + 2 + size) break;
      out.push(body.subarray(eol + 2, eol + 2 + size));
      pos = eol + 2 + size + 2;
    }
    body = Buffer.concat(out);
  } else if (m[1].startsWith('1') || m[1] === '204' || m[1] === '304') {
    complete = true;
  }
  const text = body.toString('utf8');
  let json = null;
  try {
    json = JSON.parse(text);
  } catch {
    json = null;
  }
  return { status: Number(m[1]), headers, body, text, json, complete };
}

/** Asserts helper: the standard error body `{"error":{"code","message"}}`; returns the error object. */
export function errorOf(res) {
  const e = res.body && typeof res.body === 'object' ? res.body.error : undefined;
  return e && typeof e === 'object' ? e : null;
}
