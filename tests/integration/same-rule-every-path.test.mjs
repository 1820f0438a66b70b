// The same rule answered the same way on every path (issue 12): a field the server would ignore is
// refused with 400 on every route that changes something, and an archived conversation is
// read-only for sends, edits, reactions, pins and deletions alike — nothing of it changes until it
// is unarchived.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { runCli } from './lib/server.mjs';
import { allMessages, createConversation, sendMessage, startOrg } from './lib/messaging.mjs';

describe('the same rule on every path', () => {
  let org;
  let owner;
  let bob;
  before(async () => {
    org = await startOrg(['Bob']);
    owner = org.owner;
    ({ bob } = org.people);
  });
  after(async () => {
    await org?.srv.stop();
  });

  test('every route that changes something refuses a body field it does not know (400)', async () => {
    const group = await createConversation(owner.client, { kind: 'group', name: 'fields', member_ids: [bob.id] });
    const message = await sendMessage(owner.client, group.id, 'hello');
    const sessions = (await owner.client.get('/api/v1/me/sessions')).body.items;
    // The compliance routes check the capability before they read a body: the owner takes it.
    const granted = await owner.client.put(`/api/v1/admin/compliance-officers/${owner.id}`, {});
    assert.ok([200, 201, 204].includes(granted.status), granted.text);
    // Real ids, so each route reaches its handler instead of stopping at "not found".
    const fill = (pattern) =>
      pattern
        .replace('/conversations/{id}', `/conversations/${group.id}`)
        .replace('/messages/{id}', `/messages/${message.id}`)
        .replace('/people/{id}', `/people/${bob.id}`)
        .replace('/me/sessions/{id}', `/me/sessions/${sessions[0].id}`)
        .replace('{person_id}', bob.id)
        .replace('{emoji}', encodeURIComponent('👍'))
        .replace('{token}', 'no-such-token')
        .replace('{scope}', 'departments');
    const listed = await runCli(['routes']);
    const routes = listed.stdout
      .split('\n')
      .map((l) => l.trim().split(/\s+/))
      .filter(([method, path]) => path?.startsWith('/api/v1/') && !['GET', 'HEAD', 'OPTIONS'].includes(method));
    assert.ok(routes.length > 30, `found ${routes.length} routes`);
    const ignored = [];
    for (const [method, pattern] of routes) {
      const res = await owner.client.request(method, fill(pattern), { json: { unexpected_field: 1 } });
      // The CSV import and uploads take no JSON at all: refused for their type, never applied.
      const allowed = pattern.endsWith('/import') || pattern.endsWith('/attachments') ? [400, 415] : [400];
      if (!allowed.includes(res.status)) ignored.push(`${method} ${pattern}: ${res.status} ${JSON.stringify(res.body)?.slice(0, 120)}`);
    }
    assert.deepEqual(ignored, [], 'routes that accepted an unknown field');
    // Nothing above changed the message or the membership.
    const after = await allMessages(bob.client, group.id);
    assert.deepEqual(after.map((m) => [m.text, m.deleted, m.pinned]), [['hello', false, false]]);
  });

  test('a route without a body still takes none, {} or null', async () => {
    const group = await createConversation(owner.client, { kind: 'group', name: 'empty bodies', member_ids: [bob.id] });
    const m = await sendMessage(owner.client, group.id, 'pin me');
    assert.equal((await owner.client.request('PUT', `/api/v1/messages/${m.id}/pin`)).status, 200);
    assert.equal((await owner.client.request('DELETE', `/api/v1/messages/${m.id}/pin`, { json: {} })).status, 200);
    assert.equal((await owner.client.request('PUT', `/api/v1/messages/${m.id}/pin`, { body: 'null', contentType: 'application/json' })).status, 200);
    const refused = await owner.client.request('DELETE', `/api/v1/messages/${m.id}`, { json: { reason: 'spam' } });
    assert.equal(refused.status, 400);
    assert.equal(refused.body.error.code, 'invalid_argument');
    assert.equal(refused.body.error.field, 'reason');
  });

  test('an archived conversation is read-only on every path, and unarchiving finds everything as it was', async () => {
    const group = await createConversation(owner.client, { kind: 'group', name: 'archive me', member_ids: [bob.id] });
    const mine = [];
    for (let i = 0; i < 3; i++) mine.push(await sendMessage(owner.client, group.id, `owner ${i}`));
    const bobs = [];
    for (let i = 0; i < 3; i++) bobs.push(await sendMessage(bob.client, group.id, `bob ${i}`));
    const before = await allMessages(owner.client, group.id);
    assert.equal(before.length, 6);

    const archived = await owner.client.patch(`/api/v1/conversations/${group.id}`, { archived: true });
    assert.equal(archived.status, 200);

    const attempts = [
      ['bob reacts', bob.client, 'PUT', `/api/v1/messages/${mine[0].id}/reactions/${encodeURIComponent('👍')}`],
      ['owner pins', owner.client, 'PUT', `/api/v1/messages/${bobs[0].id}/pin`],
      ['bob deletes his own', bob.client, 'DELETE', `/api/v1/messages/${bobs[1].id}`],
      ['owner deletes bob’s', owner.client, 'DELETE', `/api/v1/messages/${bobs[2].id}`, { reason: 'off topic' }],
      ['owner deletes her own', owner.client, 'DELETE', `/api/v1/messages/${mine[1].id}`],
      ['owner edits', owner.client, 'PATCH', `/api/v1/messages/${mine[2].id}`, { text: 'changed' }],
      ['bob sends', bob.client, 'POST', `/api/v1/conversations/${group.id}/messages`, { client_id: 'after-archive', text: 'late' }],
      ['owner renames', owner.client, 'PATCH', `/api/v1/conversations/${group.id}`, { name: 'renamed' }],
    ];
    const answers = [];
    for (const [what, client, method, path, json] of attempts) {
      const res = await client.request(method, path, json ? { json } : {});
      answers.push([what, res.status, res.body?.error?.code, res.body?.error?.message]);
    }
    for (const a of answers) assert.deepEqual(a.slice(1), [403, 'permission_denied', 'This conversation is archived: it is read-only.'], a[0]);

    assert.equal((await owner.client.patch(`/api/v1/conversations/${group.id}`, { archived: false })).status, 200);
    const afterwards = await allMessages(owner.client, group.id);
    const shape = (ms) => ms.map((m) => [m.id, m.text, m.deleted, m.pinned, m.reactions.length]);
    assert.deepEqual(shape(afterwards), shape(before), 'all six messages are there, unchanged');
  });
});
