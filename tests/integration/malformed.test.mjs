// Malformed requests: a table of bad bodies, headers, paths and methods. Each must get a 4xx (the
// contract's status where it names one) with a JSON error body, change nothing, and leave the server
// running. Requests go over raw TCP so that every byte is what the table says (fetch refuses invalid
// bytes, odd methods, unnormalized paths and oversized headers).

import assert from 'node:assert/strict';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { Client, rawRequest } from './lib/client.mjs';
import { bearerClient, createPerson, expectOk, listAll, OWNER, setupOrg } from './lib/fixtures.mjs';
import { makeTempDir, startServer } from './lib/server.mjs';

const JSON_CT = 'application/json';

/** Builds the bytes of one HTTP/1.1 request. */
function buildRequest(ctx, e) {
  const headers = [];
  headers.push(['Host', `127.0.0.1:${ctx.port}`]);
  if (e.auth === 'bearer') headers.push(['Authorization', `Bearer ${ctx.token}`]);
  if (e.auth === 'cookie' || e.auth === 'cookie-no-csrf') headers.push(['Cookie', `muster_session=${ctx.cookie}`]);
  if (e.auth === 'cookie') headers.push(['X-CSRF-Token', ctx.csrf]);
  let body = e.body === undefined ? null : Buffer.isBuffer(e.body) ? e.body : Buffer.from(e.body, 'utf8');
  const ct = e.contentType === undefined ? (body !== null ? JSON_CT : null) : e.contentType;
  if (ct !== null) headers.push(['Content-Type', ct]);
  for (const [k, v] of Object.entries(e.headers ?? {})) headers.push([k, v]);
  if (e.chunked) headers.push(['Transfer-Encoding', 'chunked']);
  else if (!Object.keys(e.headers ?? {}).some((k) => k.toLowerCase() === 'content-length') &&
    (body !== null || ['POST', 'PUT', 'PATCH'].includes(e.method))) headers.push(['Content-Length', String(body?.length ?? 0)]);
  headers.push(['Connection', 'close']);
  const head = Buffer.from(
    `${e.method} ${e.path} HTTP/1.1\r\n` + headers.map(([k, v]) => `${k}: ${v}`).join('\r\n') + '\r\n\r\n',
    'latin1',
  );
  if (e.chunked && body !== null) {
    const parts = [];
    for (let i = 0; i < body.length; i += 16384) {
      const c = body.subarray(i, i + 16384);
      parts.push(Buffer.from(`${c.length.toString(16)}\r\n`), c, Buffer.from('\r\n'));
    }
    parts.push(Buffer.from('0\r\n\r\n'));
    body = Buffer.concat(parts);
  }
  return body === null ? head : Buffer.concat([head, body]);
}

/**
 * The table. status: a number (the contract names it), an array (acceptable statuses), or '4xx'.
 * code: the error code the contract names. json: false where a response before routing (HTTP parser
 * limits) may carry no JSON body.
 */
function table(ctx) {
  const P = '/api/v1/people';
  const PID = `/api/v1/people/${ctx.personId}`;
  const big = 'x'.repeat(70 * 1024);
  const rows = [
    // ---- bodies: syntax --------------------------------------------------------------------
    { name: 'invalid JSON', method: 'POST', path: P, auth: 'bearer', body: '{name: "x"}', status: 400, code: 'invalid_argument' },
    { name: 'truncated JSON', method: 'POST', path: P, auth: 'bearer', body: '{"name":"Trunc', status: 400, code: 'invalid_argument' },
    { name: 'truncated JSON object', method: 'POST', path: P, auth: 'bearer', body: '{"name":"Trunc"', status: 400, code: 'invalid_argument' },
    { name: 'JSON array instead of object', method: 'POST', path: P, auth: 'bearer', body: '[{"name":"Arr"}]', status: 400, code: 'invalid_argument' },
    { name: 'JSON string instead of object', method: 'POST', path: P, auth: 'bearer', body: '"Str"', status: 400, code: 'invalid_argument' },
    { name: 'JSON null body', method: 'POST', path: P, auth: 'bearer', body: 'null', status: 400, code: 'invalid_argument' },
    { name: 'empty body', method: 'POST', path: P, auth: 'bearer', body: '', status: 400, code: 'invalid_argument' },
    { name: 'trailing garbage after JSON', method: 'POST', path: P, auth: 'bearer', body: '{"name":"Trail"} xyz', status: 400, code: 'invalid_argument' },
    { name: 'two JSON objects', method: 'POST', path: P, auth: 'bearer', body: '{"name":"A"}{"name":"B"}', status: 400, code: 'invalid_argument' },
    { name: 'deeply nested JSON', method: 'POST', path: P, auth: 'bearer', body: '{"name":"Deep","custom":' + '['.repeat(5000) + ']'.repeat(5000) + '}', status: 400, code: 'invalid_argument' },
    // ---- bodies: types and unknown fields -----------------------------------------------------
    { name: 'name is a number', method: 'POST', path: P, auth: 'bearer', body: '{"name":123}', status: 400, code: 'invalid_argument' },
    { name: 'name is null', method: 'POST', path: P, auth: 'bearer', body: '{"name":null}', status: 400, code: 'invalid_argument' },
    { name: 'name is an object', method: 'POST', path: P, auth: 'bearer', body: '{"name":{"first":"A"}}', status: 400, code: 'invalid_argument' },
    { name: 'name missing', method: 'POST', path: P, auth: 'bearer', body: '{"job_title":"No Name"}', status: 400, code: 'invalid_argument' },
    { name: 'name empty', method: 'POST', path: P, auth: 'bearer', body: '{"name":""}', status: 400, code: 'invalid_argument' },
    { name: 'name only spaces', method: 'POST', path: P, auth: 'bearer', body: '{"name":"   "}', status: 400, code: 'invalid_argument' },
    { name: 'tags is a string', method: 'POST', path: P, auth: 'bearer', body: '{"name":"Tags","tags":"a,b"}', status: 400, code: 'invalid_argument' },
    { name: 'tags holds numbers', method: 'POST', path: P, auth: 'bearer', body: '{"name":"Tags","tags":[1,2]}', status: 400, code: 'invalid_argument' },
    { name: 'custom is an array', method: 'POST', path: P, auth: 'bearer', body: '{"name":"Custom","custom":["x"]}', status: 400, code: 'invalid_argument' },
    { name: 'manager_id is a number', method: 'PATCH', path: PID, auth: 'bearer', body: '{"manager_id":42}', status: 400, code: 'invalid_argument' },
    { name: 'unknown field', method: 'POST', path: P, auth: 'bearer', body: '{"name":"Unknown","salary":100000}', status: 400, code: 'invalid_argument' },
    { name: 'unknown field on PATCH', method: 'PATCH', path: PID, auth: 'bearer', body: '{"is_superuser":true}', status: 400, code: 'invalid_argument' },
    { name: 'id in PATCH body', method: 'PATCH', path: PID, auth: 'bearer', body: '{"id":"p_other"}', status: 400, code: 'invalid_argument' },
    { name: 'PATCH /me unknown field', method: 'PATCH', path: '/api/v1/me', auth: 'bearer', body: '{"role":"owner"}', status: 400, code: 'invalid_argument' },
    // ---- bodies: bytes ----------------------------------------------------------------------
    { name: 'invalid UTF-8 byte 0xFF in a string', method: 'POST', path: P, auth: 'bearer', body: Buffer.concat([Buffer.from('{"name":"A'), Buffer.from([0xff, 0xfe]), Buffer.from('"}')]), status: 400, code: 'invalid_argument' },
    { name: 'overlong UTF-8 encoding of "/"', method: 'POST', path: P, auth: 'bearer', body: Buffer.concat([Buffer.from('{"name":"A'), Buffer.from([0xc0, 0xaf]), Buffer.from('"}')]), status: 400, code: 'invalid_argument' },
    { name: 'UTF-8 encoded surrogate', method: 'POST', path: P, auth: 'bearer', body: Buffer.concat([Buffer.from('{"name":"A'), Buffer.from([0xed, 0xa0, 0x80]), Buffer.from('"}')]), status: 400, code: 'invalid_argument' },
    { name: 'truncated UTF-8 sequence', method: 'POST', path: P, auth: 'bearer', body: Buffer.concat([Buffer.from('{"name":"A'), Buffer.from([0xd8]), Buffer.from('"}')]), status: 400, code: 'invalid_argument' },
    { name: 'lone surrogate escape', method: 'POST', path: P, auth: 'bearer', body: '{"name":"A\\ud800"}', status: 400, code: 'invalid_argument' },
    { name: 'raw NUL byte in a string', method: 'POST', path: P, auth: 'bearer', body: Buffer.concat([Buffer.from('{"name":"A'), Buffer.from([0x00]), Buffer.from('B"}')]), status: 400, code: 'invalid_argument' },
    { name: 'escaped NUL in a name', method: 'POST', path: P, auth: 'bearer', body: '{"name":"A\\u0000B"}', status: '4xx' },
    { name: 'raw control character in a string', method: 'POST', path: P, auth: 'bearer', body: '{"name":"A\u0001B"}', status: 400, code: 'invalid_argument' },
    { name: 'invalid UTF-8 in a CSV import', method: 'POST', path: `${P}/import?mode=dry-run`, auth: 'bearer', contentType: 'text/csv', body: Buffer.concat([Buffer.from('name,email\r\nA'), Buffer.from([0xff]), Buffer.from(',a@example.com\r\n')]), status: 400 },
    // ---- bodies: size -----------------------------------------------------------------------
    { name: 'JSON body over 64 KiB', method: 'POST', path: P, auth: 'bearer', body: `{"name":"${big}"}`, status: 413, code: 'payload_too_large', splitBody: true },
    { name: 'chunked JSON body over 64 KiB', method: 'POST', path: P, auth: 'bearer', body: `{"name":"${big}"}`, chunked: true, status: 413, code: 'payload_too_large' },
    { name: 'Content-Length over 64 KiB, body not sent', method: 'POST', path: P, auth: 'bearer', headers: { 'Content-Length': '1000000' }, noBody: true, status: 413, code: 'payload_too_large' },
    { name: 'overlong name (50,000 characters)', method: 'POST', path: P, auth: 'bearer', body: JSON.stringify({ name: 'n'.repeat(50_000) }), status: '4xx' },
    { name: 'overlong job title', method: 'PATCH', path: PID, auth: 'bearer', body: JSON.stringify({ job_title: 't'.repeat(50_000) }), status: '4xx' },
    { name: 'overlong password (257)', method: 'POST', path: '/api/v1/auth/tokens', auth: 'none', body: JSON.stringify({ login: OWNER.email, password: 'p'.repeat(257) }), status: '4xx' },
    // ---- bodies: values ---------------------------------------------------------------------
    { name: 'bad email', method: 'POST', path: P, auth: 'bearer', body: '{"name":"Bad Email","email":"not-an-email"}', status: 400, code: 'invalid_argument' },
    { name: 'email with two @', method: 'POST', path: P, auth: 'bearer', body: '{"name":"Bad Email","email":"a@b@example.com"}', status: 400, code: 'invalid_argument' },
    { name: 'email with a space', method: 'PATCH', path: PID, auth: 'bearer', body: '{"email":"a b@example.com"}', status: 400, code: 'invalid_argument' },
    { name: 'bad role', method: 'POST', path: P, auth: 'bearer', body: '{"name":"Bad Role","role":"superuser"}', status: 400, code: 'invalid_argument' },
    { name: 'create a second owner', method: 'POST', path: P, auth: 'bearer', body: '{"name":"Second Owner","role":"owner"}', status: '4xx' },
    { name: 'bad kind', method: 'POST', path: P, auth: 'bearer', body: '{"name":"Bad Kind","kind":"robot"}', status: 400, code: 'invalid_argument' },
    { name: 'bad language on PATCH /me', method: 'PATCH', path: '/api/v1/me', auth: 'bearer', body: '{"language":"fr"}', status: 400, code: 'invalid_argument' },
    { name: 'language is a number', method: 'PATCH', path: '/api/v1/me', auth: 'bearer', body: '{"language":1}', status: 400, code: 'invalid_argument' },
    { name: 'bad status value', method: 'PATCH', path: PID, auth: 'bearer', body: '{"status":"fired"}', status: 400, code: 'invalid_argument' },
    { name: 'manager that does not exist', method: 'PATCH', path: PID, auth: 'bearer', body: '{"manager_id":"p_nobody"}', status: '4xx' },
    { name: 'bad default_language for organization', method: 'PATCH', path: '/api/v1/organization', auth: 'bearer', body: '{"default_language":"xx"}', status: 400, code: 'invalid_argument' },
    { name: 'empty organization name', method: 'PATCH', path: '/api/v1/organization', auth: 'bearer', body: '{"name":""}', status: 400, code: 'invalid_argument' },
    { name: 'bad visibility level', method: 'PUT', path: '/api/v1/admin/field-visibility', auth: 'bearer', body: '{"fields":{"phone":"nobody"}}', status: 400, code: 'invalid_argument' },
    { name: 'visibility for an unknown field', method: 'PUT', path: '/api/v1/admin/field-visibility', auth: 'bearer', body: '{"fields":{"salary":"admins"}}', status: 400, code: 'invalid_argument' },
    { name: 'visibility for an always-visible field', method: 'PUT', path: '/api/v1/admin/field-visibility', auth: 'bearer', body: '{"fields":{"name":"admins"}}', status: 400, code: 'invalid_argument' },
    { name: 'custom field key with spaces', method: 'PUT', path: '/api/v1/admin/custom-fields', auth: 'bearer', body: '{"items":[{"key":"Blood Type","label_en":"B","label_ar":"ب","visibility":"everyone"}]}', status: 400, code: 'invalid_argument' },
    { name: 'custom field key too long (33)', method: 'PUT', path: '/api/v1/admin/custom-fields', auth: 'bearer', body: JSON.stringify({ items: [{ key: 'a'.repeat(33), label_en: 'B', label_ar: 'ب', visibility: 'everyone' }] }), status: 400, code: 'invalid_argument' },
    { name: 'custom field key starting with a digit', method: 'PUT', path: '/api/v1/admin/custom-fields', auth: 'bearer', body: '{"items":[{"key":"1abc","label_en":"B","label_ar":"ب","visibility":"everyone"}]}', status: 400, code: 'invalid_argument' },
    { name: 'duplicate custom field keys', method: 'PUT', path: '/api/v1/admin/custom-fields', auth: 'bearer', body: '{"items":[{"key":"dup","label_en":"A","label_ar":"أ","visibility":"everyone"},{"key":"dup","label_en":"B","label_ar":"ب","visibility":"everyone"}]}', status: '4xx' },
    { name: 'sign-in with login as a number', method: 'POST', path: '/api/v1/auth/sign-in', auth: 'none', body: '{"login":12345,"password":"whatever-password"}', status: 400, code: 'invalid_argument' },
    { name: 'sign-in without password', method: 'POST', path: '/api/v1/auth/sign-in', auth: 'none', body: `{"login":"${OWNER.email}"}`, status: [400, 401] },
    { name: 'setup again', method: 'POST', path: '/api/v1/setup', auth: 'none', body: JSON.stringify({ organization_name: 'X', default_language: 'en', owner: { name: 'X', email: 'x@example.com', password: 'x-password-1' } }), status: 409, code: 'conflict' },
    { name: 'accept an unknown invitation', method: 'POST', path: '/api/v1/invitations/not-a-token/accept', auth: 'none', body: '{"password":"good-password-1"}', status: 404, code: 'not_found' },
    // ---- query parameters ---------------------------------------------------------------------
    { name: 'limit=0', method: 'GET', path: `${P}?limit=0`, auth: 'bearer', status: 400, code: 'invalid_argument' },
    { name: 'limit=-1', method: 'GET', path: `${P}?limit=-1`, auth: 'bearer', status: 400, code: 'invalid_argument' },
    { name: 'limit=201', method: 'GET', path: `${P}?limit=201`, auth: 'bearer', status: 400, code: 'invalid_argument' },
    { name: 'limit=abc', method: 'GET', path: `${P}?limit=abc`, auth: 'bearer', status: 400, code: 'invalid_argument' },
    { name: 'limit=1.5', method: 'GET', path: `${P}?limit=1.5`, auth: 'bearer', status: 400, code: 'invalid_argument' },
    { name: 'huge limit', method: 'GET', path: `${P}?limit=99999999999999999999999`, auth: 'bearer', status: 400, code: 'invalid_argument' },
    { name: 'bad cursor', method: 'GET', path: `${P}?cursor=not-a-cursor!!`, auth: 'bearer', status: 400, code: 'invalid_argument' },
    { name: 'bad audit cursor', method: 'GET', path: '/api/v1/admin/audit?cursor=AAAA%00BBBB', auth: 'bearer', status: 400, code: 'invalid_argument' },
    { name: 'audit limit=0', method: 'GET', path: '/api/v1/admin/audit?limit=0', auth: 'bearer', status: 400, code: 'invalid_argument' },
    { name: 'bad status filter', method: 'GET', path: `${P}?status=bogus`, auth: 'bearer', status: 400, code: 'invalid_argument' },
    { name: 'audit since is not a date', method: 'GET', path: '/api/v1/admin/audit?since=yesterday', auth: 'bearer', status: 400, code: 'invalid_argument' },
    { name: 'invalid UTF-8 in q', method: 'GET', path: `${P}?q=%FF%FE`, auth: 'bearer', status: 400, code: 'invalid_argument' },
    { name: 'import without mode', method: 'POST', path: `${P}/import`, auth: 'bearer', contentType: 'text/csv', body: 'name\r\nX\r\n', status: 400, code: 'invalid_argument' },
    { name: 'import with a bad mode', method: 'POST', path: `${P}/import?mode=yolo`, auth: 'bearer', contentType: 'text/csv', body: 'name\r\nX\r\n', status: 400, code: 'invalid_argument' },
    // ---- headers ------------------------------------------------------------------------------
    { name: 'Content-Type text/plain', method: 'POST', path: P, auth: 'bearer', contentType: 'text/plain', body: '{"name":"Plain"}', status: 415, code: 'unsupported_media_type' },
    { name: 'Content-Type application/xml', method: 'POST', path: P, auth: 'bearer', contentType: 'application/xml', body: '<name>X</name>', status: 415, code: 'unsupported_media_type' },
    { name: 'Content-Type form-urlencoded', method: 'POST', path: '/api/v1/auth/sign-in', auth: 'none', contentType: 'application/x-www-form-urlencoded', body: `login=${OWNER.email}&password=${OWNER.password}`, status: 415, code: 'unsupported_media_type' },
    { name: 'CSV sent as JSON to a JSON route', method: 'POST', path: P, auth: 'bearer', contentType: 'text/csv', body: 'name\r\nX\r\n', status: 415, code: 'unsupported_media_type' },
    { name: 'missing Content-Type', method: 'POST', path: P, auth: 'bearer', contentType: null, body: '{"name":"NoType"}', status: [400, 415] },
    { name: 'Authorization: Bearer with no token', method: 'GET', path: '/api/v1/me', auth: 'none', headers: { Authorization: 'Bearer' }, status: 401, code: 'unauthenticated' },
    { name: 'Authorization: Basic', method: 'GET', path: '/api/v1/me', auth: 'none', headers: { Authorization: 'Basic ' + Buffer.from(`${OWNER.email}:${OWNER.password}`).toString('base64') }, status: 401, code: 'unauthenticated' },
    { name: 'Authorization garbage', method: 'GET', path: P, auth: 'none', headers: { Authorization: '\u00ff\u00fe garbage ;;; ===' }, status: 401, code: 'unauthenticated' },
    { name: 'Authorization with a 6000-char token', method: 'GET', path: '/api/v1/me', auth: 'none', headers: { Authorization: 'Bearer ' + 'A'.repeat(6000) }, status: 401, code: 'unauthenticated' },
    { name: 'bad session cookie', method: 'GET', path: '/api/v1/me', auth: 'none', headers: { Cookie: 'muster_session=forged-session-value' }, status: 401, code: 'unauthenticated' },
    { name: 'empty session cookie', method: 'GET', path: P, auth: 'none', headers: { Cookie: 'muster_session=' }, status: 401, code: 'unauthenticated' },
    { name: 'malformed Cookie header', method: 'GET', path: '/api/v1/me', auth: 'none', headers: { Cookie: ';;;===;muster_session' }, status: 401, code: 'unauthenticated' },
    { name: 'cookie POST without X-CSRF-Token', method: 'POST', path: P, auth: 'cookie-no-csrf', body: '{"name":"No CSRF"}', status: 403, code: 'csrf_failed' },
    { name: 'cookie POST with a wrong X-CSRF-Token', method: 'POST', path: P, auth: 'cookie-no-csrf', headers: { 'X-CSRF-Token': 'wrong-token' }, body: '{"name":"Bad CSRF"}', status: 403, code: 'csrf_failed' },
    { name: 'cookie DELETE without X-CSRF-Token', method: 'DELETE', path: '/api/v1/me/sessions/anything', auth: 'cookie-no-csrf', status: 403, code: 'csrf_failed' },
    { name: 'oversized header (100 KiB)', method: 'GET', path: '/api/v1/me', auth: 'bearer', headers: { 'X-Big': 'b'.repeat(100 * 1024) }, status: '4xx', json: false },
    { name: 'many headers (10,000)', method: 'GET', path: '/api/v1/me', auth: 'bearer', headers: Object.fromEntries(Array.from({ length: 10_000 }, (_, i) => [`X-H${i}`, 'v'])), status: '4xx', json: false },
    // ---- paths --------------------------------------------------------------------------------
    { name: 'unknown API route', method: 'GET', path: '/api/v1/nonexistent', auth: 'bearer', status: 404, code: 'not_found' },
    { name: 'unknown API version', method: 'GET', path: '/api/v2/people', auth: 'bearer', status: 404, code: 'not_found' },
    { name: 'unknown API route without auth', method: 'GET', path: '/api/v1/nope', auth: 'none', status: [401, 404] },
    { name: 'path traversal', method: 'GET', path: '/api/v1/people/../../etc/passwd', auth: 'bearer', status: '4xx', noSecret: true },
    { name: 'encoded path traversal', method: 'GET', path: '/api/v1/people/..%2F..%2F..%2Fetc%2Fpasswd', auth: 'bearer', status: '4xx', noSecret: true },
    { name: 'double-encoded path traversal', method: 'GET', path: '/api/v1/people/%252e%252e%252f%252e%252e%252fetc%252fpasswd', auth: 'bearer', status: '4xx', noSecret: true },
    { name: 'dot-segment ids', method: 'GET', path: '/api/v1/people/%2e%2e', auth: 'bearer', status: '4xx' },
    { name: 'overly long path (20,000 chars)', method: 'GET', path: '/api/v1/people/' + 'a'.repeat(20_000), auth: 'bearer', status: '4xx', json: false },
    { name: 'long id (4,000 chars)', method: 'GET', path: '/api/v1/people/' + 'a'.repeat(4000), auth: 'bearer', status: [400, 404] },
    { name: 'unknown person id', method: 'GET', path: '/api/v1/people/p_doesnotexist', auth: 'bearer', status: 404, code: 'not_found' },
    { name: 'NUL in id', method: 'GET', path: '/api/v1/people/p_%00x', auth: 'bearer', status: [400, 404] },
    { name: 'invalid UTF-8 in id', method: 'GET', path: '/api/v1/people/%FF%FE', auth: 'bearer', status: [400, 404] },
    { name: 'SQL in id', method: 'GET', path: "/api/v1/people/1'%20OR%20'1'='1", auth: 'bearer', status: 404, code: 'not_found' },
    { name: 'PATCH unknown person', method: 'PATCH', path: '/api/v1/people/p_doesnotexist', auth: 'bearer', body: '{"job_title":"X"}', status: 404, code: 'not_found' },
    { name: 'deactivate unknown person', method: 'POST', path: '/api/v1/people/p_doesnotexist/deactivate', auth: 'bearer', status: 404, code: 'not_found' },
    { name: 'end an unknown session', method: 'DELETE', path: '/api/v1/me/sessions/s_doesnotexist', auth: 'bearer', status: 404, code: 'not_found' },
    { name: 'unknown invitation', method: 'GET', path: '/api/v1/invitations/not-a-token', auth: 'none', status: 404, code: 'not_found' },
    { name: 'extra path segment', method: 'GET', path: `${PID}/extra`, auth: 'bearer', status: 404, code: 'not_found' },
    // ---- methods ------------------------------------------------------------------------------
    { name: 'PUT /people', method: 'PUT', path: P, auth: 'bearer', body: '{"name":"Put"}', status: 405, code: 'method_not_allowed' },
    { name: 'DELETE /people', method: 'DELETE', path: P, auth: 'bearer', status: 405, code: 'method_not_allowed' },
    { name: 'DELETE a person', method: 'DELETE', path: PID, auth: 'bearer', status: 405, code: 'method_not_allowed' },
    { name: 'PUT a person', method: 'PUT', path: PID, auth: 'bearer', body: '{"name":"Put"}', status: 405, code: 'method_not_allowed' },
    { name: 'PATCH /setup', method: 'PATCH', path: '/api/v1/setup', auth: 'none', body: '{}', status: 405, code: 'method_not_allowed' },
    { name: 'DELETE /organization', method: 'DELETE', path: '/api/v1/organization', auth: 'bearer', status: 405, code: 'method_not_allowed' },
    { name: 'PUT /me', method: 'PUT', path: '/api/v1/me', auth: 'bearer', body: '{}', status: 405, code: 'method_not_allowed' },
    { name: 'GET /auth/sign-in', method: 'GET', path: '/api/v1/auth/sign-in', auth: 'none', status: 405, code: 'method_not_allowed' },
    { name: 'GET deactivate', method: 'GET', path: `${PID}/deactivate`, auth: 'bearer', status: 405, code: 'method_not_allowed' },
    { name: 'POST /people/export', method: 'POST', path: `${P}/export`, auth: 'bearer', body: '{}', status: 405, code: 'method_not_allowed' },
    { name: 'DELETE /admin/audit', method: 'DELETE', path: '/api/v1/admin/audit', auth: 'bearer', status: 405, code: 'method_not_allowed' },
    { name: 'TRACE', method: 'TRACE', path: P, auth: 'bearer', status: 405, code: 'method_not_allowed' },
    { name: 'weird method FOO', method: 'FOO', path: P, auth: 'bearer', status: [400, 405, 501] },
    { name: 'lower-case method', method: 'get', path: P, auth: 'bearer', status: [400, 405, 501] },
  ];
  return rows;
}

describe('malformed requests', () => {
  let srv;
  let owner;
  let bearer;
  let webRoot;
  const ctx = {};

  async function snapshot() {
    const people = await listAll(owner, { status: 'all' });
    const org = expectOk(await owner.get('/api/v1/organization'));
    const vis = expectOk(await owner.get('/api/v1/admin/field-visibility'));
    const custom = expectOk(await owner.get('/api/v1/admin/custom-fields'));
    const audit = expectOk(await owner.get('/api/v1/admin/audit?limit=200')).items.map((e) => e.id);
    const me = expectOk(await owner.get('/api/v1/me')).user;
    return { people, org, vis, custom, audit, me };
  }

  before(async () => {
    webRoot = await makeTempDir('muster-web-');
    await mkdir(path.join(webRoot, 'web', 'assets'), { recursive: true });
    await writeFile(path.join(webRoot, 'web', 'index.html'), '<!doctype html><title>muster-test-index</title>');
    await writeFile(path.join(webRoot, 'web', 'assets', 'app.js'), 'console.log("muster-test-asset");');
    await writeFile(path.join(webRoot, 'secret.txt'), 'TOP-SECRET-OUTSIDE-WEB-ROOT');
    srv = await startServer({ args: ['--web', path.join(webRoot, 'web')] });
    ({ owner } = await setupOrg(srv.url));
    bearer = await bearerClient(srv.url, OWNER.email, OWNER.password, 'malformed-tests');
    const { person } = await createPerson(owner, { name: 'Target Person', email: 'target@example.com', employee_id: 'E42', job_title: 'Clerk' });
    Object.assign(ctx, {
      port: srv.port,
      token: bearer.bearer,
      cookie: owner.sessionCookie,
      csrf: owner.csrfToken,
      personId: person.id,
    });
  });
  after(async () => {
    await srv?.stop();
    if (webRoot) await rm(webRoot, { recursive: true, force: true });
  });

  test('control: well-formed versions of these requests work', async () => {
    // Content-Type with parameters is still JSON.
    const ok = await bearer.request('PATCH', `/api/v1/people/${ctx.personId}`, {
      body: '{"job_title":"Clerk"}',
      contentType: 'application/json; charset=utf-8',
    });
    expectOk(ok, 200, 'PATCH with application/json; charset=utf-8');
    const raw = await rawRequest(srv.url, buildRequest(ctx, { method: 'GET', path: `/api/v1/people/${ctx.personId}`, auth: 'bearer' }));
    assert.equal(raw.status, 200, 'raw GET with bearer works');
    assert.equal(raw.json?.id, ctx.personId);
    const cookieRaw = await rawRequest(srv.url, buildRequest(ctx, { method: 'PATCH', path: `/api/v1/people/${ctx.personId}`, auth: 'cookie', body: '{"job_title":"Clerk"}' }));
    assert.equal(cookieRaw.status, 200, `raw PATCH with cookie + CSRF works: ${cookieRaw.text}`);
  });

  test('every malformed request gets a 4xx with a JSON error, data unchanged, server alive', async () => {
    const before = await snapshot();
    const rows = table(ctx);
    assert.ok(rows.length >= 50, `table has ${rows.length} rows`);
    const failures = [];
    for (const e of rows) {
      let bytes = buildRequest(ctx, e);
      let res;
      if (e.noBody) {
        res = await rawRequest(srv.url, bytes, 3000);
      } else if (e.splitBody) {
        // Send the headers first so that a server that answers 413 from Content-Length alone can do so.
        const headEnd = bytes.indexOf('\r\n\r\n') + 4;
        res = await rawRequest(srv.url, [bytes.subarray(0, headEnd), bytes.subarray(headEnd)]);
      } else {
        res = await rawRequest(srv.url, bytes);
      }
      bytes = null;
      const problems = [];
      const wanted = e.status;
      if (res.status === 0) problems.push(`no HTTP response (${res.error})`);
      else if (wanted === '4xx') {
        if (res.status < 400 || res.status > 499) problems.push(`status ${res.status}, expected 4xx`);
      } else if (Array.isArray(wanted)) {
        if (!wanted.includes(res.status)) problems.push(`status ${res.status}, expected one of ${wanted.join('/')}`);
      } else if (res.status !== wanted) problems.push(`status ${res.status}, expected ${wanted}`);
      if (res.status >= 400 && e.json !== false) {
        const err = res.json?.error;
        if (!err || typeof err.code !== 'string' || typeof err.message !== 'string') {
          problems.push(`no JSON error body: ${JSON.stringify(res.text?.slice(0, 120))}`);
        } else if (e.code && err.code !== e.code) problems.push(`code ${err.code}, expected ${e.code}`);
      }
      if (e.noSecret && /root:.*:0:0:/.test(res.text ?? '')) problems.push('LEAKED /etc/passwd');
      if (problems.length) failures.push(`${e.method} ${e.path.slice(0, 80)} [${e.name}]: ${problems.join('; ')}`);
    }
    const health = await new Client(srv.url).get('/healthz');
    assert.equal(health.status, 200, 'server still answers /healthz');
    assert.deepEqual(health.body, { status: 'ok' });
    const after = await snapshot();
    assert.deepEqual(after.people, before.people, 'people list changed');
    assert.deepEqual(after.org, before.org, 'organization changed');
    assert.deepEqual(after.vis, before.vis, 'field visibility changed');
    assert.deepEqual(after.custom, before.custom, 'custom fields changed');
    assert.deepEqual(after.me, before.me, 'owner changed');
    assert.deepEqual(after.audit, before.audit, 'audit log gained entries from refused requests');
    assert.deepEqual(failures, [], `${failures.length} of ${rows.length} malformed requests were mishandled:\n  ${failures.join('\n  ')}`);
  });

  test('static files: the web app is served, and nothing outside the web root is', async () => {
    const index = await rawRequest(srv.url, buildRequest(ctx, { method: 'GET', path: '/people/some-id', auth: 'none' }));
    assert.equal(index.status, 200, 'a client-side route returns index.html');
    assert.match(index.text, /muster-test-index/);
    const asset = await rawRequest(srv.url, buildRequest(ctx, { method: 'GET', path: '/assets/app.js', auth: 'none' }));
    assert.equal(asset.status, 200);
    assert.match(asset.text, /muster-test-asset/);
    const attempts = [
      '/../secret.txt',
      '/../../../../../../etc/passwd',
      '/%2e%2e/secret.txt',
      '/%2e%2e%2fsecret.txt',
      '/..%2fsecret.txt',
      '/assets/..%2f..%2fsecret.txt',
      '/assets/%2e%2e/%2e%2e/secret.txt',
      '/assets/..\\..\\secret.txt',
      '/%252e%252e/secret.txt',
      '//etc/passwd',
      '/assets/%00../../secret.txt',
    ];
    for (const p of attempts) {
      const res = await rawRequest(srv.url, buildRequest(ctx, { method: 'GET', path: p, auth: 'none' }));
      assert.ok(res.status !== 0, `${p}: no response`);
      assert.ok(!/TOP-SECRET/.test(res.text ?? ''), `${p}: served a file outside the web root`);
      assert.ok(!/root:.*:0:0:/.test(res.text ?? ''), `${p}: served /etc/passwd`);
      assert.ok(res.status < 500, `${p}: server error ${res.status}`);
    }
  });
});
