// Externals (suppliers, contractors) see only the conversations they were added to, and in the
// directory only the people who share a conversation with them — on every path (people, profiles,
// facets, channels, history, search, direct conversations). Everyone sees them as external, with
// their company, and a conversation that contains one says so.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { addMember, expectError, expectOk } from './lib/fixtures.mjs';
import { createConversation, sendMessage, startOrg } from './lib/messaging.mjs';

describe('externals', () => {
  let org;
  let owner;
  let ext; // { person, client }
  let channel;
  let group;
  const word = `quartzite${Date.now()}`;
  before(async () => {
    org = await startOrg(['Alice', 'Bob', 'Carol']);
    owner = org.owner.client;
    ext = await addMember(owner, { name: 'Sami Supplier', email: 'sami@supplier.example', kind: 'external', company: 'Supplier Co' }, 'supplier-pass-1');
    channel = await createConversation(org.people.alice.client, { kind: 'channel', name: 'Company news', visibility: 'public', member_ids: [] });
    await sendMessage(org.people.alice.client, channel.id, `the ${word} numbers are in`);
    group = await createConversation(org.people.alice.client, { kind: 'group', name: 'Orders', member_ids: [ext.person.id, org.people.bob.id] });
    await sendMessage(ext.client, group.id, `order for ${word} confirmed`);
  });
  after(async () => org?.srv.stop());

  test('the directory shows them only themselves and the people they share a conversation with', async () => {
    const names = expectOk(await ext.client.get('/api/v1/people?limit=200')).items.map((p) => p.name).sort();
    assert.deepEqual(names, ['Alice', 'Bob', 'Sami Supplier']);
    const searched = expectOk(await ext.client.get('/api/v1/people?q=carol')).items;
    assert.deepEqual(searched, []);
    expectError(await ext.client.get(`/api/v1/people/${org.people.carol.id}`), 404, 'not_found');
    expectOk(await ext.client.get(`/api/v1/people/${org.people.bob.id}`));
    const facets = expectOk(await ext.client.get('/api/v1/directory/facets'));
    assert.deepEqual(facets, { departments: [], locations: [] });
    // employees still see the whole directory
    assert.ok(expectOk(await org.people.carol.client.get('/api/v1/people?limit=200')).items.length >= 5);
  });

  test('public channels are closed to them on every path', async () => {
    expectError(await ext.client.get(`/api/v1/conversations/${channel.id}`), 404, 'not_found');
    expectError(await ext.client.get(`/api/v1/conversations/${channel.id}/messages`), 404, 'not_found');
    expectError(await ext.client.get(`/api/v1/conversations/${channel.id}/pins`), 404, 'not_found');
    expectError(await ext.client.get(`/api/v1/conversations/${channel.id}/members`), 404, 'not_found');
    expectError(await ext.client.post(`/api/v1/conversations/${channel.id}/join`), 404, 'not_found');
    assert.deepEqual(expectOk(await ext.client.get('/api/v1/channels')).items, []);
    const hits = expectOk(await ext.client.get(`/api/v1/search/messages?q=${word}`)).items;
    assert.deepEqual(hits.map((m) => m.conversation_id), [group.id], 'search finds only their own conversation');
    // an employee's search still finds the channel
    const alice = expectOk(await org.people.carol.client.get(`/api/v1/search/messages?q=${word}`)).items;
    assert.ok(alice.some((m) => m.conversation_id === channel.id));
  });

  test('they start direct conversations only with people they already work with', async () => {
    expectError(await ext.client.post('/api/v1/conversations', { kind: 'direct', member_ids: [org.people.carol.id] }), 400, 'invalid_argument');
    const dm = await createConversation(ext.client, { kind: 'direct', member_ids: [org.people.bob.id] });
    assert.equal(dm.kind, 'direct');
    expectError(await ext.client.post('/api/v1/conversations', { kind: 'group', name: 'x', member_ids: [org.people.bob.id] }), 403, 'permission_denied');
  });

  test('everyone sees them as external, with their company, and the conversation says so', async () => {
    const conv = expectOk(await org.people.bob.client.get(`/api/v1/conversations/${group.id}`));
    assert.equal(conv.external_count, 1);
    const channelView = expectOk(await org.people.bob.client.get(`/api/v1/conversations/${channel.id}`));
    assert.equal(channelView.external_count, 0);
    const members = expectOk(await org.people.bob.client.get(`/api/v1/conversations/${group.id}/members`)).items;
    const sami = members.find((m) => m.person_id === ext.person.id);
    assert.equal(sami.external, true);
    assert.equal(sami.company, 'Supplier Co');
    assert.equal(members.find((m) => m.person_id === org.people.bob.id).external, false);
    const page = expectOk(await org.people.bob.client.get(`/api/v1/conversations/${group.id}/messages`));
    const fromSami = page.items.find((m) => m.author_id === ext.person.id);
    assert.equal(fromSami.author_company, 'Supplier Co');
    const profile = expectOk(await org.people.bob.client.get(`/api/v1/people/${ext.person.id}`));
    assert.equal(profile.kind, 'external');
    assert.equal(profile.company, 'Supplier Co');
  });
});
