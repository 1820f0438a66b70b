// Compliance (issue 14): the compliance officer capability, granted and revoked by admins (audited);
// officers read or export a conversation's or a person's messages for a date range with a reason —
// each read and export audited — and the export, encrypted to a recipient key, decrypts with
// `muster compliance open` to exactly the messages in range, including one a moderator removed
// while a legal hold covered it. Nobody else reaches any /compliance route.

import assert from 'node:assert/strict';
import { readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { expectError, expectOk } from './lib/fixtures.mjs';
import { createConversation, PNG_SMALL, sendMessage, sleep, startOrg, uploadAttachment } from './lib/messaging.mjs';
import { makeTempDir, runCli } from './lib/server.mjs';

const iso = (seconds) => new Date(seconds * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');

// Waits until the wall clock has entered a new second and returns that second.
async function nextSecond() {
  const s = Math.floor(Date.now() / 1000) + 1;
  await sleep(s * 1000 - Date.now() + 50);
  return s;
}

// The export's raw bytes: the JSON client decodes text, which would mangle them.
async function exportBytes(who, body) {
  const res = await fetch(`${who.client.baseUrl}/api/v1/compliance/export`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      cookie: who.client.cookieHeader(),
      'x-csrf-token': who.client.csrfToken,
    },
    body: JSON.stringify(body),
  });
  return { status: res.status, type: res.headers.get('content-type'), bytes: Buffer.from(await res.arrayBuffer()) };
}

async function auditOf(owner, action) {
  return expectOk(await owner.get(`/api/v1/admin/audit?${new URLSearchParams({ action, limit: '50' })}`)).items;
}

describe('compliance officers, reads and exports', () => {
  let org;
  let owner;
  let dir;
  let team;
  const msgs = {};
  let from;
  let to;
  before(async () => {
    org = await startOrg(['Alice', 'Bob', 'Carol']);
    owner = org.owner.client;
    dir = await makeTempDir('muster-compliance-');
    const { alice, bob } = org.people;
    team = await createConversation(bob.client, { kind: 'group', name: 'Deals', member_ids: [alice.id] });
    msgs.before = await sendMessage(bob.client, team.id, 'before the range');
    from = await nextSecond();
    const upload = expectOk(await uploadAttachment(bob.client, 'contract.png', PNG_SMALL, 'image/png'), 201);
    msgs.edited = await sendMessage(bob.client, team.id, 'first wording', { attachment_ids: [upload.id] });
    expectOk(await bob.client.patch(`/api/v1/messages/${msgs.edited.id}`, { text: 'second wording' }));
    msgs.attachment = upload;
    msgs.removed = await sendMessage(bob.client, team.id, 'the door code is 4711');
    expectOk(await owner.post('/api/v1/admin/legal-holds', { kind: 'conversation', target_id: team.id, reason: 'Case 12' }), 201);
    expectOk(await owner.request('DELETE', `/api/v1/messages/${msgs.removed.id}`, { json: { reason: 'shared a code' } }));
    msgs.alices = await sendMessage(alice.client, team.id, 'noted');
    to = await nextSecond();
    msgs.after = await sendMessage(bob.client, team.id, 'after the range');
  });
  after(async () => {
    await org?.srv.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  const scope = () => ({ conversation_id: team.id, from: iso(from), to: iso(to), reason: 'Investigation 12: contract leak' });

  test('a member and an admin without the capability get 403 on every compliance route', async () => {
    for (const who of [org.people.carol.client, owner]) {
      expectError(await who.get('/api/v1/compliance/status'), 403, 'permission_denied');
      expectError(await who.post('/api/v1/compliance/read', scope()), 403, 'permission_denied');
      expectError(await who.post('/api/v1/compliance/export', { ...scope(), recipient_public_key: 'x' }), 403, 'permission_denied');
      expectError(await who.post('/api/v1/compliance/read', {}), 403, 'permission_denied', 'refused before the body is read');
    }
    expectError(await org.people.carol.client.get('/api/v1/admin/compliance-officers'), 403, 'permission_denied');
    expectError(await org.people.carol.client.put(`/api/v1/admin/compliance-officers/${org.people.carol.id}`), 403, 'permission_denied');
  });

  test('admins grant and revoke the capability, audited and listed; the owner may grant it to themself', async () => {
    const { alice, carol } = org.people;
    assert.equal((await owner.put(`/api/v1/admin/compliance-officers/${alice.id}`)).status, 204);
    assert.equal((await owner.put(`/api/v1/admin/compliance-officers/${carol.id}`)).status, 204);
    assert.equal((await owner.request('DELETE', `/api/v1/admin/compliance-officers/${carol.id}`)).status, 204);
    const listed = expectOk(await owner.get('/api/v1/admin/compliance-officers')).items;
    assert.deepEqual(listed.map((o) => o.person_id), [alice.id]);
    assert.equal(listed[0].name, 'Alice');
    assert.equal(listed[0].granted_by, org.owner.id);

    const granted = await auditOf(owner, 'compliance_officer.granted');
    assert.deepEqual(granted.map((e) => e.target_id).sort(), [alice.id, carol.id].sort());
    assert.ok(granted.every((e) => e.actor_id === org.owner.id));
    const revoked = await auditOf(owner, 'compliance_officer.revoked');
    assert.deepEqual(revoked.map((e) => [e.actor_id, e.target_id]), [[org.owner.id, carol.id]]);

    expectOk(await alice.client.get('/api/v1/compliance/status'));
    expectError(await carol.client.get('/api/v1/compliance/status'), 403, 'permission_denied');
    expectError(await alice.client.put(`/api/v1/admin/compliance-officers/${carol.id}`), 403, 'permission_denied',
      'an officer is not an admin');
    assert.equal((await owner.put(`/api/v1/admin/compliance-officers/${org.owner.id}`)).status, 204);
    expectOk(await owner.get('/api/v1/compliance/status'));
    assert.equal((await owner.request('DELETE', `/api/v1/admin/compliance-officers/${org.owner.id}`)).status, 204);
  });

  test('a read needs a reason, shows the range with edits and held removed content, and is audited', async () => {
    const { alice } = org.people;
    expectError(await alice.client.post('/api/v1/compliance/read', { ...scope(), reason: '' }), 400, 'invalid_argument');
    expectError(await alice.client.post('/api/v1/compliance/read', { ...scope(), reason: 'x'.repeat(501) }), 400,
      'invalid_argument');
    expectError(await alice.client.post('/api/v1/compliance/read', { ...scope(), to: iso(from - 10) }), 400, 'invalid_argument');
    const read = expectOk(await alice.client.post('/api/v1/compliance/read', scope()));
    assert.deepEqual(read.messages.map((m) => m.id), [msgs.edited.id, msgs.removed.id, msgs.alices.id]);
    const [edited, removed] = read.messages;
    assert.equal(edited.text, 'second wording');
    assert.deepEqual(edited.edits.map((e) => e.text), ['first wording']);
    assert.deepEqual(edited.attachments.map((a) => [a.id, a.name]), [[msgs.attachment.id, 'contract.png']]);
    assert.equal(removed.state, 'removed');
    assert.equal(removed.text, 'the door code is 4711', 'kept under the legal hold');
    assert.equal(removed.kept_under_hold.reason, 'shared a code');

    const entries = await auditOf(owner, 'compliance.read');
    assert.equal(entries.length, 1);
    assert.equal(entries[0].actor_id, alice.id);
    assert.equal(entries[0].target_type, 'conversation');
    assert.equal(entries[0].target_id, team.id);
    assert.equal(entries[0].details.reason, 'Investigation 12: contract leak');
    assert.equal(entries[0].details.from, iso(from));
    assert.equal(entries[0].details.to, iso(to));

    const byPerson = expectOk(await alice.client.post('/api/v1/compliance/read', {
      person_id: org.people.bob.id, from: iso(from), to: iso(to), reason: 'Bob only' }));
    assert.deepEqual(byPerson.messages.map((m) => m.id), [msgs.edited.id, msgs.removed.id]);
  });

  test('an export decrypts with `muster compliance open` to exactly the range; a wrong key fails clearly', { timeout: 60_000 }, async () => {
    const { alice } = org.people;
    const prefix = path.join(dir, 'recipient');
    const gen = await runCli(['compliance', 'keygen', '--out', prefix]);
    assert.equal(gen.code, 0, gen.stderr);
    const publicKey = (await readFile(`${prefix}.pub`, 'utf8')).trim();
    expectError(await alice.client.post('/api/v1/compliance/export', { ...scope(), recipient_public_key: 'not-a-key' }), 400,
      'invalid_argument');

    const res = await exportBytes(alice, { ...scope(), recipient_public_key: publicKey });
    assert.equal(res.status, 200);
    assert.equal(res.type, 'application/octet-stream');
    assert.ok(!res.bytes.includes(Buffer.from('door code')), 'the file is encrypted');
    const file = path.join(dir, 'export.mcx');
    await writeFile(file, res.bytes);

    const out = path.join(dir, 'export.json');
    const opened = await runCli(['compliance', 'open', file, '--key', `${prefix}.key`, '--out', out]);
    assert.equal(opened.code, 0, opened.stderr);
    const doc = JSON.parse(await readFile(out, 'utf8'));
    assert.equal(doc.reason, 'Investigation 12: contract leak');
    assert.deepEqual(doc.messages.map((m) => m.id), [msgs.edited.id, msgs.removed.id, msgs.alices.id]);
    const removed = doc.messages.find((m) => m.id === msgs.removed.id);
    assert.equal(removed.state, 'removed');
    assert.equal(removed.text, 'the door code is 4711');
    assert.ok(removed.kept_under_hold);
    assert.deepEqual(doc.messages[0].edits.map((e) => e.text), ['first wording']);
    assert.equal(doc.messages[0].attachments[0].name, 'contract.png');

    const exported = await auditOf(owner, 'compliance.exported');
    assert.equal(exported.length, 1);
    assert.equal(exported[0].actor_id, alice.id);
    assert.equal(exported[0].details.reason, 'Investigation 12: contract leak');

    const other = path.join(dir, 'other');
    assert.equal((await runCli(['compliance', 'keygen', '--out', other])).code, 0);
    const wrong = await runCli(['compliance', 'open', file, '--key', `${other}.key`, '--out', path.join(dir, 'wrong.json')]);
    assert.notEqual(wrong.code, 0);
    assert.match(wrong.stderr, /does not open this export/);

    const damaged = Buffer.from(res.bytes);
    damaged[damaged.length - 5] ^= 1;
    await writeFile(path.join(dir, 'damaged.mcx'), damaged);
    const bad = await runCli(['compliance', 'open', path.join(dir, 'damaged.mcx'), '--key', `${prefix}.key`]);
    assert.notEqual(bad.code, 0);
    assert.match(bad.stderr, /damaged/);
    await writeFile(path.join(dir, 'short.mcx'), res.bytes.subarray(0, res.bytes.length - 20));
    const short = await runCli(['compliance', 'open', path.join(dir, 'short.mcx'), '--key', `${prefix}.key`]);
    assert.notEqual(short.code, 0);
    assert.match(short.stderr, /truncated/);
  });
});
