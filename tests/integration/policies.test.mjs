// Organization policies on every path: who creates which conversations, who starts a direct
// conversation with an external, who mentions everyone, which files may be shared, and how long
// members may edit and delete their own messages.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { addMember, expectError, expectOk } from './lib/fixtures.mjs';
import { createConversation, newClientId, openSocket, postMessage, sendMessage, startOrg, uploadAttachment, PNG_SMALL } from './lib/messaging.mjs';

describe('organization policies', () => {
  let org;
  let owner;
  let alice, bob; // alice is a manager, bob a member
  before(async () => {
    org = await startOrg(['Alice', 'Bob']);
    owner = org.owner.client;
    ({ alice, bob } = org.people);
    expectOk(await owner.patch(`/api/v1/people/${alice.id}`, { role: 'manager' }));
  });
  after(async () => org?.srv.stop());

  test('everyone reads the policies; only admins change them; bad values and unknown fields are refused', async () => {
    const p = expectOk(await bob.client.get('/api/v1/policies'));
    assert.equal(p.create_private_group, 'everyone');
    assert.equal(p.mention_all, 'members');
    expectError(await bob.client.patch('/api/v1/policies', { create_private_group: 'admins' }), 403, 'permission_denied');
    const bad = [
      [{ create_private_group: 'nobody' }, 'create_private_group'],
      [{ edit_window_minutes: -1 }, 'edit_window_minutes'],
      [{ attachment_kinds: ['exe'] }, 'attachment_kinds'],
      [{ colour: 'red' }, 'colour'],
    ];
    for (const [body, field] of bad) {
      const res = await owner.patch('/api/v1/policies', body);
      expectError(res, 400, 'invalid_argument', JSON.stringify(body));
      assert.equal(res.body.error.field, field);
    }
    assert.equal(expectOk(await bob.client.get('/api/v1/policies')).create_private_group, 'everyone', 'nothing changed');
  });

  test('who may create public channels, private groups and announcement channels', async () => {
    expectOk(await owner.patch('/api/v1/policies', { create_public_channel: 'managers', create_private_group: 'managers', create_announcement: 'admins' }));
    try {
      const refused = await bob.client.post('/api/v1/conversations', { kind: 'group', name: 'side chat', member_ids: [alice.id] });
      expectError(refused, 403, 'permission_denied');
      assert.match(refused.body.error.message, /managers and admins may create private groups/);
      expectError(await bob.client.post('/api/v1/conversations', { kind: 'channel', name: 'open', visibility: 'public', member_ids: [] }), 403, 'permission_denied');
      await createConversation(alice.client, { kind: 'group', name: 'managers ok', member_ids: [bob.id] });
      expectError(await alice.client.post('/api/v1/conversations', { kind: 'announcement', name: 'news', visibility: 'private', member_ids: [bob.id] }), 403, 'permission_denied');
      await createConversation(owner, { kind: 'announcement', name: 'news', visibility: 'private', member_ids: [bob.id] });
      // direct conversations are not governed by these
      await createConversation(bob.client, { kind: 'direct', member_ids: [alice.id] });
      // a private channel made public counts as creating a public one
      expectOk(await owner.patch('/api/v1/policies', { create_private_group: 'everyone', create_public_channel: 'admins' }));
      const priv = await createConversation(alice.client, { kind: 'channel', name: 'private first', visibility: 'private', member_ids: [] });
      expectError(await alice.client.patch(`/api/v1/conversations/${priv.id}`, { visibility: 'public' }), 403, 'permission_denied');
    } finally {
      expectOk(await owner.patch('/api/v1/policies', { create_public_channel: 'everyone', create_private_group: 'everyone', create_announcement: 'everyone' }));
    }
  });

  test('who may start a direct conversation with an external', async () => {
    const ext = await addMember(owner, { name: 'Vendor Vic', email: 'vic@vendor.example', kind: 'external', company: 'Vendor Ltd' }, 'vendor-pass-1');
    expectOk(await owner.patch('/api/v1/policies', { direct_with_external: 'managers' }));
    expectError(await bob.client.post('/api/v1/conversations', { kind: 'direct', member_ids: [ext.person.id] }), 403, 'permission_denied');
    await createConversation(alice.client, { kind: 'direct', member_ids: [ext.person.id] });
    expectOk(await owner.patch('/api/v1/policies', { direct_with_external: 'everyone' }));
  });

  test('who may mention everyone, over HTTP and the socket', async () => {
    const group = await createConversation(alice.client, { kind: 'group', name: 'floor', member_ids: [bob.id] });
    expectOk(await owner.patch('/api/v1/policies', { mention_all: 'moderators' }));
    try {
      expectError(await postMessage(bob.client, group.id, { client_id: newClientId(), text: '@all lunch is here' }), 403, 'permission_denied');
      const sock = await openSocket(org.url, bob.client);
      try {
        const clientId = newClientId();
        sock.send({ type: 'send', conversation_id: group.id, message: { client_id: clientId, text: '@all lunch' } });
        const reply = await sock.waitFor((f) => (f.type === 'sent' || f.type === 'send_failed') && f.client_id === clientId);
        assert.equal(reply.type, 'send_failed');
      } finally {
        sock.close();
      }
      const fine = await sendMessage(alice.client, group.id, '@all meeting at 3'); // alice owns the group
      assert.equal(fine.mentions_all, true);
      await sendMessage(bob.client, group.id, 'no mention, fine');
    } finally {
      expectOk(await owner.patch('/api/v1/policies', { mention_all: 'members' }));
    }
  });

  test('attachment size and kinds', async () => {
    expectOk(await owner.patch('/api/v1/policies', { attachment_kinds: ['pdf'] }));
    try {
      expectError(await uploadAttachment(bob.client, 'photo.png', PNG_SMALL, 'image/png'), 415, 'unsupported_media_type');
      expectOk(await owner.patch('/api/v1/policies', { attachment_kinds: ['image'], max_attachment_bytes: 100 }));
      expectError(await uploadAttachment(bob.client, 'photo.png', PNG_SMALL, 'image/png'), 413, 'payload_too_large');
      expectOk(await owner.patch('/api/v1/policies', { max_attachment_bytes: 0 }));
      expectOk(await uploadAttachment(bob.client, 'photo.png', PNG_SMALL, 'image/png'), 201);
    } finally {
      expectOk(await owner.patch('/api/v1/policies', { attachment_kinds: ['image', 'pdf', 'text', 'office', 'zip'], max_attachment_bytes: 0 }));
    }
  });

  test('editing and deleting one’s own messages: off, or within a window', async () => {
    const group = await createConversation(alice.client, { kind: 'group', name: 'edits', member_ids: [bob.id] });
    const m = await sendMessage(bob.client, group.id, 'first');
    expectOk(await owner.patch('/api/v1/policies', { edit_own: false, delete_own: false }));
    try {
      expectError(await bob.client.patch(`/api/v1/messages/${m.id}`, { text: 'changed' }), 403, 'permission_denied');
      expectError(await bob.client.request('DELETE', `/api/v1/messages/${m.id}`), 403, 'permission_denied');
      // a moderator still removes it, with a reason
      expectOk(await owner.patch('/api/v1/policies', { edit_own: true, delete_own: true, edit_window_minutes: 1 }));
      expectOk(await bob.client.patch(`/api/v1/messages/${m.id}`, { text: 'changed within the minute' }));
      const audit = expectOk(await owner.get('/api/v1/admin/audit?action=policies.changed')).items;
      assert.ok(audit.length >= 3);
    } finally {
      expectOk(await owner.patch('/api/v1/policies', { edit_own: true, delete_own: true, edit_window_minutes: 0 }));
    }
  });
});
