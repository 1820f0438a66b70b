// Request bodies sent with Transfer-Encoding: chunked (issue 12) get a proper HTTP answer, exactly
// as the same body with a Content-Length would: JSON routes read them within the same 64 KiB limit,
// a larger one is refused with 413 and the error body, never a closed connection without a status.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { rawRequest } from './lib/client.mjs';
import { allMessages, createConversation, startOrg } from './lib/messaging.mjs';

const chunked = (text, size = 7) => {
  const bytes = Buffer.from(text);
  let out = '';
  for (let i = 0; i < bytes.length; i += size) {
    const part = bytes.subarray(i, i + size);
    out += `${part.length.toString(16)}\r\n${part.toString('latin1')}\r\n`;
  }
  return `${out}0\r\n\r\n`;
};

describe('chunked request bodies', () => {
  let org;
  let group;
  let token;
  before(async () => {
    org = await startOrg(['Bob']);
    group = await createConversation(org.owner.client, { kind: 'group', name: 'chunks', member_ids: [org.people.bob.id] });
    const res = await fetch(`${org.url}/api/v1/auth/tokens`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ login: org.owner.email, password: org.owner.password, device: 'chunked' }),
    });
    token = (await res.json()).token;
  });
  after(async () => {
    await org?.srv.stop();
  });

  const post = (path, body, extra = '') =>
    rawRequest(
      org.url,
      `POST ${path} HTTP/1.1\r\nHost: 127.0.0.1:${org.srv.port}\r\nAuthorization: Bearer ${token}\r\n` +
        `Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n${extra}Connection: close\r\n\r\n${body}`,
    );

  test('a chunked JSON body is read like any other', async () => {
    const res = await post(`/api/v1/conversations/${group.id}/messages`, chunked(JSON.stringify({ client_id: 'chunky-1', text: 'in pieces' })));
    assert.equal(res.status, 201, res.text);
    assert.equal(res.json.text, 'in pieces');
    const stored = await allMessages(org.people.bob.client, group.id);
    assert.deepEqual(stored.map((m) => m.text), ['in pieces']);
  });

  test('a chunked body that breaks the rules gets the same answer as with a length', async () => {
    const unknown = await post(`/api/v1/conversations/${group.id}/read`, chunked(JSON.stringify({ seq: 1, extra: true })));
    assert.equal(unknown.status, 400);
    assert.equal(unknown.json.error.field, 'extra');
  });

  test('a chunked body over 64 KiB is refused with 413 and the error body', async () => {
    const big = JSON.stringify({ client_id: 'chunky-2', text: 'x'.repeat(70 * 1024) });
    const res = await post(`/api/v1/conversations/${group.id}/messages`, chunked(big, 4096));
    assert.equal(res.status, 413, `status ${res.status}: ${res.error ?? res.text?.slice(0, 200)}`);
    assert.equal(res.json.error.code, 'payload_too_large');
  });

  test('a malformed chunk is a 400, not a silent hang-up', async () => {
    const res = await post(`/api/v1/conversations/${group.id}/messages`, 'zz\r\n{}\r\n0\r\n\r\n');
    assert.equal(res.status, 400);
    assert.equal(res.json.error.code, 'invalid_argument');
  });
});
