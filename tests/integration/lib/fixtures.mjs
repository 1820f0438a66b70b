// Shared steps: set up an organization, add people, sign in, and assert the error body shape.

import assert from 'node:assert/strict';
import { Client, errorOf } from './client.mjs';

export const OWNER = Object.freeze({
  name: 'سارة المالكي',
  name_latin: 'Sara Almalki',
  email: 'owner@example.com',
  phone: '+966500000001',
  password: 'owner-password-1',
});

export const ORG_NAME = 'Acme Trading';

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

let counter = 0;
/** A short unique suffix for emails, phones and employee ids within one test run. */
export function uniq() {
  counter += 1;
  return `${process.pid % 1000}${counter}`;
}

/** Asserts `res` is an error response with `status` and (when given) error code `code`. Returns the error. */
export function expectError(res, status, code, context = '') {
  const where = context ? ` (${context})` : '';
  assert.equal(res.status, status, `expected HTTP ${status}${where}, got ${res.status}: ${res.text.slice(0, 300)}`);
  const err = errorOf(res);
  assert.ok(err, `expected an error body {"error":{...}}${where}, got: ${res.text.slice(0, 300)}`);
  assert.equal(typeof err.code, 'string', `error.code must be a string${where}`);
  assert.equal(typeof err.message, 'string', `error.message must be a string${where}`);
  if (code) assert.equal(err.code, code, `expected error code ${code}${where}, got ${err.code}`);
  return err;
}

/** Asserts a 2xx-class `status` and returns the body. */
export function expectOk(res, status = 200, context = '') {
  const where = context ? ` (${context})` : '';
  assert.equal(res.status, status, `expected HTTP ${status}${where}, got ${res.status}: ${res.text.slice(0, 500)}`);
  return res.body;
}

/** Runs first-run setup; returns { owner: Client (cookie session), user, organization }. */
export async function setupOrg(url, overrides = {}) {
  const owner = new Client(url);
  const body = {
    organization_name: overrides.organization_name ?? ORG_NAME,
    default_language: overrides.default_language ?? 'en',
    owner: {
      name: OWNER.name,
      name_latin: OWNER.name_latin,
      email: OWNER.email,
      phone: OWNER.phone,
      password: OWNER.password,
      ...(overrides.owner ?? {}),
    },
  };
  const res = await owner.post('/api/v1/setup', body);
  const out = expectOk(res, 201, 'POST /api/v1/setup');
  assert.ok(owner.sessionCookie, 'setup must set the muster_session cookie');
  assert.ok(owner.csrfToken, 'setup must return csrf_token');
  return { owner, user: out.user, organization: out.organization };
}

/** POST /api/v1/people as `admin`; returns { person, invitation }. */
export async function createPerson(admin, fields) {
  const res = await admin.post('/api/v1/people', fields);
  return expectOk(res, 201, `POST /api/v1/people ${JSON.stringify(fields)}`);
}

/** Accepts an invitation; returns a signed-in cookie Client. */
export async function acceptInvitation(url, token, password) {
  const c = new Client(url);
  const res = await c.post(`/api/v1/invitations/${encodeURIComponent(token)}/accept`, { password });
  expectOk(res, 200, 'POST /api/v1/invitations/{token}/accept');
  assert.ok(c.sessionCookie, 'accept must set the session cookie');
  return c;
}

/**
 * Creates a person with an account: admin creates them, they accept the invitation with `password`.
 * Returns { person, client }.
 */
export async function addMember(admin, fields, password = 'member-password-1') {
  const { person, invitation } = await createPerson(admin, fields);
  const client = await acceptInvitation(admin.baseUrl, invitation.token, password);
  return { person, client, password };
}

/** Signs in with a cookie session; asserts success. */
export async function signIn(url, login, password) {
  const c = new Client(url);
  const res = await c.post('/api/v1/auth/sign-in', { login, password });
  expectOk(res, 200, `sign-in as ${login}`);
  assert.ok(c.sessionCookie, 'sign-in must set the session cookie');
  return c;
}

/** Creates a bearer token; returns a bearer Client with .sessionId set. */
export async function bearerClient(url, login, password, device = 'integration-tests') {
  const res = await new Client(url).post('/api/v1/auth/tokens', { login, password, device });
  const body = expectOk(res, 201, `POST /api/v1/auth/tokens as ${login}`);
  assert.equal(typeof body.token, 'string');
  const c = new Client(url, { bearer: body.token });
  c.sessionId = body.session_id;
  return c;
}

/** All people visible to `client` for the given query (follows next_cursor). */
export async function listAll(client, query = {}) {
  const items = [];
  let cursor = null;
  for (let page = 0; page < 100; page++) {
    const qs = new URLSearchParams({ ...query, limit: '200' });
    if (cursor) qs.set('cursor', cursor);
    const res = await client.get(`/api/v1/people?${qs}`);
    const body = expectOk(res, 200, `GET /api/v1/people?${qs}`);
    items.push(...body.items);
    cursor = body.next_cursor;
    if (!cursor) return items;
  }
  throw new Error('pagination did not end after 100 pages');
}

/** GET /api/v1/people?q=... (first page of up to 200); returns items. */
export async function search(client, q, extra = {}) {
  const qs = new URLSearchParams({ q, limit: '200', ...extra });
  const res = await client.get(`/api/v1/people?${qs}`);
  return expectOk(res, 200, `GET /api/v1/people?${qs}`).items;
}
