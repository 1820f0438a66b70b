// Moderation: removing a message with a reason (audited; members see "removed by a moderator"),
// reports and the moderation queue (the reporter's identity reaches moderators only), warnings,
// posting suspensions, and content rules (block, flag, pathological patterns). Organization
// policies are in policies.test.mjs.

import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { expectError, expectOk } from './lib/fixtures.mjs';
import { allMessages, createConversation, openSocket, sendMessage, postMessage, newClientId, startOrg, storedFiles, uploadAttachment, PNG_SMALL } from './lib/messaging.mjs';

describe('moderation', () => {
  let org;
  let owner; // an organization admin
  let alice, bob, carol; // alice owns the group; bob writes; carol reports
  let group;
  before(async () => {
    org = await startOrg(['Alice', 'Bob', 'Carol']);
    owner = org.owner.client;
    ({ alice, bob, carol } = org.people);
    group = await createConversation(alice.client, { kind: 'group', name: 'Warehouse', member_ids: [bob.id, carol.id] });
  });
  after(async () => org?.srv.stop());

  test('an owner removes a message with a reason: text gone for everyone, "moderator" shown, audited with the reason', async () => {
    const m = await sendMessage(bob.client, group.id, 'the night code is 4471');
    expectError(await alice.client.request('DELETE', `/api/v1/messages/${m.id}`), 400, 'invalid_argument');
    expectError(await carol.client.request('DELETE', `/api/v1/messages/${m.id}`, { json: { reason: 'x' } }), 403, 'permission_denied');
    const removed = expectOk(await alice.client.request('DELETE', `/api/v1/messages/${m.id}`, { json: { reason: 'door code shared' } }));
    assert.equal(removed.deleted, true);
    assert.equal(removed.deleted_by, 'moderator');
    assert.equal(removed.text, '');
    const seen = (await allMessages(carol.client, group.id)).find((x) => x.id === m.id);
    assert.deepEqual([seen.deleted, seen.deleted_by, seen.text], [true, 'moderator', '']);
    const hits = expectOk(await carol.client.get('/api/v1/search/messages?q=4471')).items;
    assert.deepEqual(hits, []);
    const audit = expectOk(await owner.get('/api/v1/admin/audit?action=message.removed')).items;
    const entry = audit.find((e) => e.target_id === m.id);
    assert.ok(entry, 'the removal is in the audit log');
    assert.equal(entry.details.reason, 'door code shared');
    assert.equal(entry.actor_id, alice.id);
    // an author deleting their own message gives no reason, and it shows as theirs
    const own = await sendMessage(bob.client, group.id, 'typo');
    expectError(await bob.client.request('DELETE', `/api/v1/messages/${own.id}`, { json: { reason: 'mine' } }), 400, 'invalid_argument');
    assert.equal(expectOk(await bob.client.request('DELETE', `/api/v1/messages/${own.id}`)).deleted_by, 'author');
  });

  test('a removal takes the files off disk; under a legal hold the content is kept aside, readable by no member', async () => {
    const onDisk = async (id) => (await storedFiles(org.srv)).some((f) => path.basename(f).includes(id));
    const send = async (text) => {
      const up = expectOk(await uploadAttachment(bob.client, 'shelf.png', PNG_SMALL, 'image/png'), 201);
      const id = (up.attachment ?? up).id;
      const m = expectOk(await postMessage(bob.client, group.id, { client_id: newClientId(), text, attachment_ids: [id] }), 201);
      return { m: m.message ?? m, id };
    };
    const free = await send('photo one');
    assert.ok(await onDisk(free.id));
    expectOk(await alice.client.request('DELETE', `/api/v1/messages/${free.m.id}`, { json: { reason: 'not for here' } }));
    assert.ok(!(await onDisk(free.id)), 'the file is gone from disk');

    const hold = expectOk(await owner.post('/api/v1/admin/legal-holds', { kind: 'person', target_id: bob.id, reason: 'Case 12' }), 201).hold;
    try {
      const held = await send('photo two, under hold');
      expectOk(await alice.client.request('DELETE', `/api/v1/messages/${held.m.id}`, { json: { reason: 'inappropriate' } }));
      const seen = (await allMessages(carol.client, group.id)).find((x) => x.id === held.m.id);
      assert.deepEqual([seen.deleted_by, seen.text, seen.attachments], ['moderator', '', []]);
      for (const who of [carol, bob, alice])
        expectError(await who.client.get(`/api/v1/attachments/${held.id}`), 404, 'not_found');
      assert.ok(await onDisk(held.id), 'kept on disk under the hold');
      // nor can its author post the kept file again
      const again = await postMessage(bob.client, group.id, { client_id: newClientId(), text: 'again', attachment_ids: [held.id] });
      assert.equal(again.status, 400);
    } finally {
      expectOk(await owner.post(`/api/v1/admin/legal-holds/${hold.id}/release`));
    }
  });

  test('an organization admin removes a message in a private group they are not in', async () => {
    const m = await sendMessage(bob.client, group.id, 'something harmful');
    expectError(await owner.get(`/api/v1/messages/${m.id}`), 404, 'not_found');
    const removed = expectOk(await owner.request('DELETE', `/api/v1/messages/${m.id}`, { json: { reason: 'harassment' } }));
    assert.equal(removed.deleted_by, 'moderator');
  });

  test('a report reaches the queue; the reporter is told the outcome; the author never learns who reported', async () => {
    const m = await sendMessage(bob.client, group.id, 'you are all useless');
    expectError(await carol.client.post(`/api/v1/messages/${m.id}/reports`, { category: 'rude' }), 400, 'invalid_argument');
    expectError(await bob.client.post(`/api/v1/messages/${m.id}/reports`, { category: 'spam' }), 400, 'invalid_argument');
    expectError(await carol.client.post(`/api/v1/messages/${m.id}/reports`, { category: 'spam', extra: 1 }), 400, 'invalid_argument');
    const made = expectOk(await carol.client.post(`/api/v1/messages/${m.id}/reports`, { category: 'harassment', comment: 'insulting the team' }), 201);
    assert.equal(made.status, 'open');
    // reporting again is the same report
    assert.equal(expectOk(await carol.client.post(`/api/v1/messages/${m.id}/reports`, { category: 'harassment' }), 200).id, made.id);
    // someone outside the conversation cannot report it (nor learn it exists)
    const outsider = org.owner.client;
    const dmOutsider = await createConversation(outsider, { kind: 'group', name: 'other', member_ids: [carol.id] });
    assert.ok(dmOutsider.id);

    // the queue: the group's owner and admins see it with the reporter; members do not
    expectError(await carol.client.get('/api/v1/moderation/reports'), 403, 'permission_denied');
    const queue = expectOk(await alice.client.get('/api/v1/moderation/reports')).items;
    const item = queue.find((r) => r.id === made.id);
    assert.ok(item, 'the owner sees the report');
    assert.deepEqual([item.reporter.id, item.author.id, item.category, item.comment, item.message.text],
      [carol.id, bob.id, 'harassment', 'insulting the team', 'you are all useless']);
    assert.ok(expectOk(await owner.get('/api/v1/moderation/reports')).items.some((r) => r.id === made.id));

    const bobSock = await openSocket(org.url, bob.client);
    const carolSock = await openSocket(org.url, carol.client);
    try {
      expectOk(await alice.client.post(`/api/v1/moderation/reports/${made.id}/resolve`, { action: 'warn', note: 'keep it civil' }));
      expectError(await alice.client.post(`/api/v1/moderation/reports/${made.id}/resolve`, { action: 'dismiss' }), 409, 'conflict');
      const warning = await bobSock.waitFor((f) => f.type === 'event' && f.event?.kind === 'notice');
      assert.equal(warning.event.notice.kind, 'warning');
      const outcome = await carolSock.waitFor((f) => f.type === 'event' && f.event?.kind === 'notice');
      assert.deepEqual([outcome.event.notice.kind, outcome.event.notice.body.outcome], ['report_outcome', 'action_taken']);
    } finally {
      bobSock.close();
      carolSock.close();
    }
    const bobNotices = expectOk(await bob.client.get('/api/v1/me/notices')).items;
    assert.equal(bobNotices[0].kind, 'warning');
    assert.equal(bobNotices[0].body.note, 'keep it civil');
    // nothing the author can reach names the reporter
    const everythingBobSees = JSON.stringify([
      bobNotices,
      await allMessages(bob.client, group.id),
      expectOk(await bob.client.get(`/api/v1/messages/${m.id}`)),
    ]);
    assert.ok(!everythingBobSees.includes(carol.id), 'the reporter id reaches the author');
    assert.ok(!everythingBobSees.includes('insulting the team'), 'the report comment reaches the author');
    expectError(await bob.client.get('/api/v1/moderation/reports'), 403, 'permission_denied');
    // the audit log records the report without its reporter
    const reported = expectOk(await owner.get('/api/v1/admin/audit?action=message.reported')).items.find((e) => e.target_id === m.id);
    assert.ok(reported);
    assert.ok(!JSON.stringify(reported).includes(carol.id));
  });

  test('a report resolved by removal takes the message away and tells the reporter', async () => {
    const m = await sendMessage(bob.client, group.id, 'leaked salary list');
    const made = expectOk(await carol.client.post(`/api/v1/messages/${m.id}/reports`, { category: 'confidential' }), 201);
    expectError(await alice.client.post(`/api/v1/moderation/reports/${made.id}/resolve`, { action: 'remove' }), 400, 'invalid_argument');
    expectOk(await alice.client.post(`/api/v1/moderation/reports/${made.id}/resolve`, { action: 'remove', note: 'confidential' }));
    const seen = (await allMessages(carol.client, group.id)).find((x) => x.id === m.id);
    assert.deepEqual([seen.deleted_by, seen.text], ['moderator', '']);
    const notices = expectOk(await carol.client.get('/api/v1/me/notices')).items;
    assert.equal(notices[0].body.outcome, 'removed');
  });

  test('a suspension stops posting in the conversation for its time; everywhere only by admins', async () => {
    const m = await sendMessage(bob.client, group.id, 'spam spam spam');
    const made = expectOk(await carol.client.post(`/api/v1/messages/${m.id}/reports`, { category: 'spam' }), 201);
    expectError(await alice.client.post(`/api/v1/moderation/reports/${made.id}/resolve`, { action: 'suspend', scope: 'everywhere', hours: 2 }), 403, 'permission_denied');
    expectError(await alice.client.post(`/api/v1/moderation/reports/${made.id}/resolve`, { action: 'suspend', hours: 0 }), 400, 'invalid_argument');
    expectOk(await alice.client.post(`/api/v1/moderation/reports/${made.id}/resolve`, { action: 'suspend', hours: 2, note: 'cool off' }));
    const refused = await postMessage(bob.client, group.id, { client_id: newClientId(), text: 'more spam' });
    expectError(refused, 403, 'permission_denied');
    assert.match(refused.body.error.message, /suspended/);
    // elsewhere bob still posts
    const elsewhere = await createConversation(bob.client, { kind: 'group', name: 'bob elsewhere', member_ids: [carol.id] });
    await sendMessage(bob.client, elsewhere.id, 'still here');
    // over the socket too
    const sock = await openSocket(org.url, bob.client);
    try {
      const clientId = newClientId();
      sock.send({ type: 'send', conversation_id: group.id, message: { client_id: clientId, text: 'via socket' } });
      const answer = await sock.waitFor((f) => (f.type === 'sent' || f.type === 'send_failed') && f.client_id === clientId);
      assert.equal(answer.type, 'send_failed');
      assert.equal(answer.error.code, 'permission_denied');
    } finally {
      sock.close();
    }
    assert.equal(expectOk(await bob.client.get('/api/v1/me/notices')).items[0].kind, 'suspended');
  });

  test('content rules: a blocking rule refuses with its name, a flagging rule sends and queues; a pathological pattern is refused', async () => {
    const g = await createConversation(alice.client, { kind: 'group', name: 'Rules', member_ids: [bob.id, carol.id] });
    expectError(await alice.client.get('/api/v1/admin/content-rules'), 403, 'permission_denied');
    expectError(await owner.post('/api/v1/admin/content-rules', { name: 'bad', kind: 'regex', action: 'block', pattern: '(a' }), 400, 'invalid_argument');
    expectError(await owner.post('/api/v1/admin/content-rules', { name: 'backref', kind: 'regex', action: 'block', pattern: '(a+)\\1' }), 400, 'invalid_argument');
    expectError(await owner.post('/api/v1/admin/content-rules', { name: 'huge', kind: 'regex', action: 'block', pattern: '((a{100}){100}){100}' }), 400, 'invalid_argument');
    expectError(await owner.post('/api/v1/admin/content-rules', { name: 'x', kind: 'words', action: 'ban', words: ['a'] }), 400, 'invalid_argument');
    const cards = expectOk(await owner.post('/api/v1/admin/content-rules', { name: 'Card numbers', kind: 'card_number', action: 'block' }), 201);
    const words = expectOk(await owner.post('/api/v1/admin/content-rules', { name: 'Rude words', kind: 'words', action: 'flag', words: ['غبي', 'idiot'] }), 201);
    // a regex that backtracking engines take exponential time on runs in linear time here
    expectOk(await owner.post('/api/v1/admin/content-rules', { name: 'Slow for others', kind: 'regex', action: 'flag', pattern: '(x+x+)+y' }), 201);

    const blocked = await postMessage(bob.client, g.id, { client_id: newClientId(), text: 'pay with 4111 1111 1111 1111 please' });
    expectError(blocked, 400, 'invalid_argument');
    assert.match(blocked.body.error.message, /Card numbers/);
    assert.ok(!(await allMessages(alice.client, g.id)).some((m) => m.text.includes('4111')), 'nothing stored');

    const started = Date.now();
    await sendMessage(bob.client, g.id, 'x'.repeat(3000));
    assert.ok(Date.now() - started < 2000, 'the pathological pattern did not stall sending');

    // Arabic normalization: a spelling variant with tatweel still matches
    const flagged = await sendMessage(bob.client, g.id, 'انت غـبي جدا');
    const queue = expectOk(await alice.client.get('/api/v1/moderation/reports')).items;
    const item = queue.find((r) => r.message_id === flagged.id);
    assert.ok(item, 'the flagged message is in the queue');
    assert.deepEqual([item.category, item.comment, item.reporter], ['content_rule', 'Rude words', null]);

    // an edit is checked too
    const innocent = await sendMessage(bob.client, g.id, 'my card');
    expectError(await bob.client.patch(`/api/v1/messages/${innocent.id}`, { text: 'my card 4111111111111111' }), 400, 'invalid_argument');

    // turned off, then deleted: the rule no longer applies
    expectOk(await owner.put(`/api/v1/admin/content-rules/${cards.id}`, { name: 'Card numbers', kind: 'card_number', action: 'block', enabled: false }));
    await sendMessage(bob.client, g.id, 'test card 4111 1111 1111 1111');
    expectOk(await owner.request('DELETE', `/api/v1/admin/content-rules/${words.id}`), 204);
    await sendMessage(bob.client, g.id, 'idiot');
    const rules = expectOk(await owner.get('/api/v1/admin/content-rules')).items.map((r) => [r.name, r.enabled]);
    assert.deepEqual(rules, [['Card numbers', false], ['Slow for others', true]]);
    const audit = expectOk(await owner.get('/api/v1/admin/audit?action=content_rule.created')).items;
    assert.equal(audit.length, 3);
  });
});
