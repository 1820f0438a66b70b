// docs/api/messaging.md, docs/api/openapi.yaml and the server agree on the messaging routes, and the
// objects the server returns (Conversation, Message, Member, Receipts, Attachment, events) have the
// documented keys.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { parse } from 'yaml';
import { expectOk } from './lib/fixtures.mjs';
import { createConversation, markRead, openSocket, PNG_SMALL, sendMessage, startOrg, uploadAttachment } from './lib/messaging.mjs';
import { REPO_ROOT, runCli } from './lib/server.mjs';

const doc = parse(readFileSync(path.join(REPO_ROOT, 'docs', 'api', 'openapi.yaml'), 'utf8'));
const messagingMd = readFileSync(path.join(REPO_ROOT, 'docs', 'api', 'messaging.md'), 'utf8');
const METHODS = ['get', 'put', 'post', 'delete', 'patch'];
const norm = (method, p) => `${method.toUpperCase()} ${p.replace(/\{[^}]*\}/g, '{}').replace(/\/+$/, '') || '/'}`;

/** Routes named in messaging.md (`GET /api/v1/...`, and `DELETE ...` meaning the previous path). */
function contractRoutes() {
  const out = new Set();
  for (const line of messagingMd.split('\n')) {
    let last = null;
    for (const m of line.matchAll(/`(GET|POST|PUT|PATCH|DELETE) (\/[^\s`?]*|\.\.\.)/g)) {
      if (m[2] === '...') {
        if (last) out.add(norm(m[1], last));
      } else {
        last = m[2];
        if (m[2] !== '/api/v1/ws') out.add(norm(m[1], m[2]));
      }
    }
  }
  return out;
}

function documented() {
  const out = new Set();
  for (const [p, item] of Object.entries(doc.paths)) for (const m of METHODS) if (item[m]) out.add(norm(m, p));
  return out;
}

function resolveRef(ref) {
  let node = doc;
  for (const part of ref.slice(2).split('/')) node = node?.[part];
  return node;
}
function propertiesOf(s) {
  if (s.$ref) return propertiesOf(resolveRef(s.$ref));
  const props = new Set(Object.keys(s.properties ?? {}));
  for (const part of s.allOf ?? []) for (const p of propertiesOf(part)) props.add(p);
  return props;
}
function requiredOf(s) {
  if (s.$ref) return requiredOf(resolveRef(s.$ref));
  return new Set(s.required ?? []);
}
function checkShape(problems, obj, name, what) {
  const s = doc.components.schemas[name];
  if (!s) return problems.push(`schema ${name} is missing`);
  const allowed = propertiesOf(s);
  for (const k of Object.keys(obj)) if (!allowed.has(k)) problems.push(`${what}: key "${k}" is not in schema ${name}`);
  for (const k of requiredOf(s)) if (!(k in obj)) problems.push(`${what}: required key "${k}" of ${name} is missing`);
}

describe('messaging OpenAPI', () => {
  test('messaging.md and openapi.yaml name the same messaging routes', () => {
    const fromContract = contractRoutes();
    assert.ok(fromContract.size >= 25, `found ${fromContract.size} routes in messaging.md`);
    const docd = documented();
    assert.deepEqual([...fromContract].filter((r) => !docd.has(r)), [], 'routes in messaging.md but not in openapi.yaml');
  });

  test('`muster routes` has every messaging route', { timeout: 30_000 }, async () => {
    const r = await runCli(['routes']);
    assert.equal(r.code, 0, r.stderr);
    const have = new Set(
      r.stdout
        .split('\n')
        .map((l) => /^([A-Z]+)\s+(\/\S*)$/.exec(l.trim()))
        .filter(Boolean)
        .map((m) => norm(m[1], m[2])),
    );
    const missing = [...contractRoutes()].filter((x) => !have.has(x)).sort();
    assert.deepEqual(missing, [], 'messaging routes the server does not register yet');
  });

  describe('responses have the documented shapes', () => {
    let org;
    before(async () => {
      org = await startOrg(['Alice', 'Bob']);
    });
    after(async () => {
      await org?.srv.stop();
    });

    test('Conversation, Message, Member, Attachment, Receipts, MessageEdit, WsHello, WsEvent', { timeout: 30_000 }, async () => {
      const { alice, bob } = org.people;
      const problems = [];
      const sock = await openSocket(org.url, bob.client);
      checkShape(problems, sock.hello, 'WsHello', 'hello');
      const direct = await createConversation(alice.client, { kind: 'direct', member_ids: [bob.id] });
      checkShape(problems, direct, 'Conversation', 'direct');
      checkShape(problems, direct.my, 'ConversationMy', 'direct.my');
      const ch = await createConversation(alice.client, { kind: 'channel', name: 'shape', visibility: 'public', member_ids: [] });
      checkShape(problems, ch, 'Conversation', 'channel');
      const up = await uploadAttachment(alice.client, 'dot.png', PNG_SMALL, 'image/png');
      if (up.status === 201) checkShape(problems, up.body, 'Attachment', 'attachment');
      else problems.push(`POST /api/v1/attachments answered ${up.status}, so Attachment was not checked`);
      const extra = up.status === 201 ? { attachment_ids: [up.body.id] } : {};
      const m = await sendMessage(alice.client, direct.id, `hi @[${bob.name}](${bob.id})`, extra);
      checkShape(problems, m, 'Message', 'message');
      for (const a of m.attachments ?? []) checkShape(problems, a, 'Attachment', 'message.attachments[]');
      const reacted = expectOk(await bob.client.put(`/api/v1/messages/${m.id}/reactions/${encodeURIComponent('👍')}`));
      for (const x of reacted.reactions) checkShape(problems, x, 'Reaction', 'reaction');
      expectOk(await alice.client.patch(`/api/v1/messages/${m.id}`, { text: 'edited' }));
      for (const e of expectOk(await bob.client.get(`/api/v1/messages/${m.id}/edits`)).items) checkShape(problems, e, 'MessageEdit', 'edit');
      for (const x of expectOk(await bob.client.get(`/api/v1/conversations/${direct.id}/members`)).items) checkShape(problems, x, 'Member', 'member');
      await markRead(bob.client, direct.id, m.seq);
      const receipts = expectOk(await alice.client.get(`/api/v1/messages/${m.id}/receipts`));
      checkShape(problems, receipts, 'Receipts', 'receipts');
      for (const x of [...receipts.read, ...receipts.delivered, ...receipts.not_delivered]) checkShape(problems, x, 'ReceiptPerson', 'receipt person');
      const conv = (await bob.client.get('/api/v1/conversations')).body.items.find((c) => c.id === direct.id);
      checkShape(problems, conv, 'Conversation', 'listed conversation');
      if (conv.last_message) checkShape(problems, conv.last_message, 'Message', 'last_message');
      await sock.waitForMessage(m.id);
      for (const f of sock.events()) {
        checkShape(problems, f, 'WsEvent', `event frame ${f.event.kind}`);
        if (f.event.message) checkShape(problems, f.event.message, 'Message', `${f.event.kind}.message`);
      }
      sock.close();
      assert.deepEqual([...new Set(problems)], [], 'server responses differ from the documented schemas');
    });
  });
});
