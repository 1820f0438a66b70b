// Conversations and messages over HTTP (docs/api/messaging.md): creating each kind, the list with
// unread and mention counts, idempotent sends, ordering, edits, deletes, reactions, pins, replies,
// mentions and read positions.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { expectError, expectOk } from './lib/fixtures.mjs';
import {
  allMessages,
  conversationInList,
  createConversation,
  getConversation,
  getMessages,
  listConversations,
  markRead,
  newClientId,
  postMessage,
  sendMessage,
  startOrg,
} from './lib/messaging.mjs';

const enc = encodeURIComponent;

describe('messaging core', () => {
  let org;
  let owner;
  let alice;
  let bob;
  let carol;
  let dave;
  before(async () => {
    org = await startOrg(['Alice', 'Bob', 'Carol', 'Dave']);
    ({ alice, bob, carol, dave } = org.people);
    owner = org.owner;
  });
  after(async () => {
    await org?.srv.stop();
  });

  /** A fresh group owned by alice with bob and carol (and optionally more). */
  const newGroup = (name, extra = []) =>
    createConversation(alice.client, { kind: 'group', name, member_ids: [bob.id, carol.id, ...extra] });

  describe('creating conversations', () => {
    test('direct: 201 first, then 200 with the same conversation — from either side', { timeout: 20_000 }, async () => {
      const first = await alice.client.post('/api/v1/conversations', { kind: 'direct', member_ids: [bob.id] });
      const c = expectOk(first, 201, 'first direct create');
      assert.match(c.id, /^c_/);
      assert.equal(c.kind, 'direct');
      assert.equal(c.visibility, 'private', 'directs are private');
      assert.equal(c.name, bob.name, 'a direct conversation is named after the other person');
      assert.equal(c.other_person_id, bob.id);
      assert.equal(c.member_count, 2);
      assert.equal(c.archived, false);
      assert.equal(c.created_by, alice.id);
      assert.equal(c.last_message, null);
      assert.ok(c.my && c.my.role, 'the creator is a member');

      const again = await alice.client.post('/api/v1/conversations', { kind: 'direct', member_ids: [bob.id] });
      assert.equal(again.status, 200, `second direct create: expected 200, got ${again.status} ${again.text.slice(0, 200)}`);
      assert.equal(again.body.id, c.id, 'the existing direct conversation is returned');

      const fromBob = await bob.client.post('/api/v1/conversations', { kind: 'direct', member_ids: [alice.id] });
      assert.equal(fromBob.status, 200, `direct create from the other side: expected 200, got ${fromBob.status}`);
      assert.equal(fromBob.body.id, c.id);
      assert.equal(fromBob.body.name, alice.name, 'bob sees the conversation named after alice');
      assert.equal(fromBob.body.other_person_id, alice.id);

      const bobList = await listConversations(bob.client);
      assert.equal(bobList.filter((x) => x.id === c.id).length, 1, 'bob has the direct conversation once in his list');
    });

    test('direct needs exactly one other member', { timeout: 20_000 }, async () => {
      expectError(await alice.client.post('/api/v1/conversations', { kind: 'direct', member_ids: [] }), 400, 'invalid_argument', 'no other member');
      expectError(
        await alice.client.post('/api/v1/conversations', { kind: 'direct', member_ids: [bob.id, carol.id] }),
        400,
        'invalid_argument',
        'two other members',
      );
    });

    test('group: private, the creator is owner, every member listed', { timeout: 20_000 }, async () => {
      const g = await newGroup('Riyadh store');
      assert.equal(g.kind, 'group');
      assert.equal(g.name, 'Riyadh store');
      assert.equal(g.visibility, 'private');
      assert.equal(g.member_count, 3);
      assert.equal(g.my.role, 'owner');
      assert.equal(g.my.can_post, true);
      assert.equal(g.my.unread_count, 0);
      assert.equal(g.my.mention_count, 0);
      const members = expectOk(await bob.client.get(`/api/v1/conversations/${g.id}/members`)).items;
      const roles = Object.fromEntries(members.map((m) => [m.person_id, m.role]));
      assert.deepEqual(roles, { [alice.id]: 'owner', [bob.id]: 'member', [carol.id]: 'member' });
      const bobView = await getConversation(bob.client, g.id);
      assert.equal(bobView.my.role, 'member');
      assert.ok(await conversationInList(carol.client, g.id), 'the group is in carol’s list');
      assert.equal(await conversationInList(dave.client, g.id), undefined, 'the group is not in dave’s list');
    });

    test('channel: public ones can be browsed, private ones cannot; a name of 1..80 characters is required', { timeout: 20_000 }, async () => {
      const pub = await createConversation(alice.client, { kind: 'channel', name: 'general-core', visibility: 'public', member_ids: [] });
      assert.equal(pub.kind, 'channel');
      assert.equal(pub.visibility, 'public');
      assert.equal(pub.my.role, 'owner');
      const priv = await createConversation(alice.client, { kind: 'channel', name: 'secret-core', visibility: 'private', member_ids: [bob.id] });
      assert.equal(priv.visibility, 'private');

      const browse = expectOk(await dave.client.get('/api/v1/channels?q=core')).items.map((c) => c.id);
      assert.ok(browse.includes(pub.id), 'the public channel is listed in /channels');
      assert.ok(!browse.includes(priv.id), 'the private channel is not listed in /channels');

      expectError(await alice.client.post('/api/v1/conversations', { kind: 'channel', visibility: 'public', member_ids: [] }), 400, 'invalid_argument', 'channel without name');
      expectError(await alice.client.post('/api/v1/conversations', { kind: 'channel', name: '', visibility: 'public', member_ids: [] }), 400, 'invalid_argument', 'empty name');
      expectError(
        await alice.client.post('/api/v1/conversations', { kind: 'channel', name: 'x'.repeat(81), visibility: 'public', member_ids: [] }),
        400,
        'invalid_argument',
        '81-character name',
      );
      const max = await createConversation(alice.client, { kind: 'channel', name: 'ي'.repeat(80), visibility: 'public', member_ids: [] });
      assert.equal(max.name, 'ي'.repeat(80), '80 characters (not bytes) are allowed');
    });

    test('announcement: owners and poster_ids may post, the others see can_post false', { timeout: 20_000 }, async () => {
      const a = await createConversation(alice.client, {
        kind: 'announcement',
        name: 'News',
        member_ids: [bob.id, carol.id],
        poster_ids: [bob.id],
      });
      assert.equal(a.kind, 'announcement');
      assert.equal(a.my.role, 'owner');
      assert.equal(a.my.can_post, true);
      assert.equal((await getConversation(bob.client, a.id)).my.can_post, true, 'a poster can post');
      assert.equal((await getConversation(carol.client, a.id)).my.can_post, false, 'a plain member cannot post');
      expectError(await alice.client.post('/api/v1/conversations', { kind: 'announcement', member_ids: [bob.id] }), 400, 'invalid_argument', 'announcement without name');
    });
  });

  describe('sending', () => {
    test('send with client_id -> 201 with the whole message; conversation last_seq/last_message follow', { timeout: 20_000 }, async () => {
      const g = await newGroup('send-basics');
      const clientId = newClientId();
      const res = await postMessage(alice.client, g.id, { client_id: clientId, text: '**hi** there' });
      const m = expectOk(res, 201, 'first send');
      assert.match(m.id, /^m_/);
      assert.equal(m.conversation_id, g.id);
      assert.equal(m.client_id, clientId);
      assert.equal(m.author_id, alice.id);
      assert.equal(m.author_name, alice.name);
      assert.equal(m.text, '**hi** there');
      assert.equal(m.deleted, false);
      assert.equal(m.edited_at, null);
      assert.equal(m.reply_to, null);
      assert.equal(m.reply_count, 0);
      assert.deepEqual(m.mentions, []);
      assert.equal(m.mentions_all, false);
      assert.deepEqual(m.reactions, []);
      assert.equal(m.pinned, false);
      assert.deepEqual(m.attachments, []);
      assert.ok(Number.isInteger(m.seq) && m.seq > g.last_seq, `seq ${m.seq} after ${g.last_seq}`);
      assert.ok(!Number.isNaN(Date.parse(m.created_at)));

      const seen = await getConversation(bob.client, g.id);
      assert.equal(seen.last_seq, m.seq);
      assert.equal(seen.last_message?.id, m.id);
    });

    test('a retry with the same client_id -> 200 with the same message; the conversation has exactly one copy', { timeout: 20_000 }, async () => {
      const g = await newGroup('retries');
      const body = { client_id: newClientId(), text: 'only once' };
      const first = expectOk(await postMessage(alice.client, g.id, body), 201, 'first send');
      const retry = await postMessage(alice.client, g.id, body);
      assert.equal(retry.status, 200, `retry: expected 200, got ${retry.status} ${retry.text.slice(0, 200)}`);
      assert.equal(retry.body.id, first.id, 'retry returns the stored message id');
      assert.equal(retry.body.seq, first.seq, 'retry returns the stored seq');

      // A retry storm in parallel (a flaky network): still one copy, one 201.
      const storm = { client_id: newClientId(), text: 'storm' };
      const answers = await Promise.all(Array.from({ length: 6 }, () => postMessage(alice.client, g.id, storm)));
      const statuses = answers.map((r) => r.status).sort();
      assert.deepEqual(statuses, [200, 200, 200, 200, 200, 201], `parallel retries: one 201 and the rest 200, got ${statuses}`);
      assert.equal(new Set(answers.map((r) => r.body?.id)).size, 1, 'every parallel retry returns the same id');

      const msgs = await allMessages(bob.client, g.id);
      assert.equal(msgs.filter((x) => x.client_id === body.client_id).length, 1, 'one copy of the retried message');
      assert.equal(msgs.filter((x) => x.client_id === storm.client_id).length, 1, 'one copy of the stormed message');
      assert.equal(msgs.length, 2);
      assert.equal((await getConversation(bob.client, g.id)).my.unread_count, 2, 'retries are not unread twice');
    });

    test('client_id is per author and per conversation', { timeout: 20_000 }, async () => {
      const g1 = await newGroup('cid-1');
      const g2 = await newGroup('cid-2');
      const cid = newClientId();
      const a = expectOk(await postMessage(alice.client, g1.id, { client_id: cid, text: 'a' }), 201);
      const b = expectOk(await postMessage(bob.client, g1.id, { client_id: cid, text: 'b' }), 201, 'same client_id, other author');
      const c = expectOk(await postMessage(alice.client, g2.id, { client_id: cid, text: 'c' }), 201, 'same client_id, other conversation');
      assert.equal(new Set([a.id, b.id, c.id]).size, 3);
      assert.equal(b.text, 'b');
    });

    test('invalid sends are refused: no client_id, empty text, wrong types, unknown fields', { timeout: 20_000 }, async () => {
      const g = await newGroup('invalid-sends');
      for (const [what, body] of [
        ['no client_id', { text: 'x' }],
        ['empty text and no attachment', { client_id: newClientId(), text: '' }],
        ['text is a number', { client_id: newClientId(), text: 5 }],
        ['unknown field', { client_id: newClientId(), text: 'x', colour: 'red' }],
      ]) {
        expectError(await postMessage(alice.client, g.id, body), 400, 'invalid_argument', what);
      }
      assert.equal((await allMessages(alice.client, g.id)).length, 0, 'nothing was stored');
    });

    test('ordering: seqs increase by one, also under parallel senders; the list is ascending', { timeout: 20_000 }, async () => {
      const g = await newGroup('ordering');
      const seqs = [];
      for (let i = 0; i < 5; i++) seqs.push((await sendMessage(alice.client, g.id, `serial ${i}`)).seq);
      for (let i = 1; i < seqs.length; i++) assert.equal(seqs[i], seqs[i - 1] + 1, `serial seqs ${seqs}`);
      const parallel = await Promise.all(
        Array.from({ length: 12 }, (_, i) => sendMessage([alice, bob, carol][i % 3].client, g.id, `parallel ${i}`)),
      );
      const all = [...seqs, ...parallel.map((m) => m.seq)].sort((x, y) => x - y);
      const first = all[0];
      assert.deepEqual(all, Array.from({ length: all.length }, (_, i) => first + i), 'no gaps, no duplicates');
      const listed = await allMessages(carol.client, g.id);
      assert.deepEqual(listed.map((m) => m.seq), all, 'GET messages lists every message in ascending seq');
      // Paging: before/after/limit.
      const page = await getMessages(carol.client, g.id, { limit: '5' });
      assert.deepEqual(page.items.map((m) => m.seq), all.slice(-5), 'default page is the newest, ascending');
      assert.equal(page.has_more, true);
      const older = await getMessages(carol.client, g.id, { before: String(all[all.length - 5]), limit: '5' });
      assert.deepEqual(older.items.map((m) => m.seq), all.slice(-10, -5));
      const newer = await getMessages(carol.client, g.id, { after: String(all[2]), limit: '3' });
      assert.deepEqual(newer.items.map((m) => m.seq), all.slice(3, 6));
    });
  });

  describe('one message', () => {
    test('GET /messages/{id} gives a member the message as listed, a tombstone once deleted, and 404 to others', { timeout: 20_000 }, async () => {
      const g = await newGroup('one message');
      const m = await sendMessage(alice.client, g.id, 'look me up');
      const got = expectOk(await bob.client.get(`/api/v1/messages/${m.id}`));
      const listed = (await allMessages(bob.client, g.id)).find((x) => x.id === m.id);
      assert.deepEqual(got, listed, 'the same shape as in the list');
      const outsider = await dave.client.get(`/api/v1/messages/${m.id}`);
      assert.equal(outsider.status, 404, 'a non-member learns nothing, not even that it exists');
      assert.equal((await bob.client.get('/api/v1/messages/m_doesnotexist')).status, 404);
      expectOk(await alice.client.delete(`/api/v1/messages/${m.id}`));
      const tomb = expectOk(await bob.client.get(`/api/v1/messages/${m.id}`));
      assert.equal(tomb.deleted, true);
      assert.equal(tomb.text, '');
    });
  });

  describe('changing messages', () => {
    test('edit: the author changes the text, edited_at is set, /edits keeps the history; others cannot edit', { timeout: 20_000 }, async () => {
      const g = await newGroup('edits');
      const m = await sendMessage(alice.client, g.id, 'first version');
      const edited = expectOk(await alice.client.patch(`/api/v1/messages/${m.id}`, { text: 'second version' }));
      assert.equal(edited.id, m.id);
      assert.equal(edited.seq, m.seq, 'editing keeps the seq');
      assert.equal(edited.text, 'second version');
      assert.ok(edited.edited_at && !Number.isNaN(Date.parse(edited.edited_at)), 'edited_at is a timestamp');
      expectOk(await alice.client.patch(`/api/v1/messages/${m.id}`, { text: 'third version' }));

      const history = expectOk(await bob.client.get(`/api/v1/messages/${m.id}/edits`)).items;
      const texts = history.map((h) => h.text);
      assert.ok(texts.includes('first version'), `the original text is in the history: ${JSON.stringify(texts)}`);
      assert.ok(texts.includes('second version'), `the intermediate text is in the history: ${JSON.stringify(texts)}`);
      for (const h of history) assert.ok(typeof h.edited_at === 'string', 'each edit has edited_at');

      const listed = (await allMessages(carol.client, g.id)).find((x) => x.id === m.id);
      assert.equal(listed.text, 'third version');
      assert.ok(listed.edited_at);

      const denied = await bob.client.patch(`/api/v1/messages/${m.id}`, { text: 'bob was here' });
      expectError(denied, 403, 'permission_denied', 'non-author edit');
      const owned = await owner.client.patch(`/api/v1/messages/${m.id}`, { text: 'not a member' });
      assert.ok([403, 404].includes(owned.status), `a non-member org owner cannot edit: ${owned.status}`);
      assert.equal((await allMessages(alice.client, g.id)).find((x) => x.id === m.id).text, 'third version');
      // Edits are not new messages: nothing unread appears.
      assert.equal((await getConversation(bob.client, g.id)).my.unread_count, 1);
    });

    test('delete: a tombstone (deleted, empty text) that keeps id, seq, author and stays in the list', { timeout: 20_000 }, async () => {
      const g = await newGroup('deletes');
      const m = await sendMessage(alice.client, g.id, 'regrettable');
      const keep = await sendMessage(bob.client, g.id, 'kept');
      expectError(await carol.client.delete(`/api/v1/messages/${m.id}`), 403, 'permission_denied', 'a plain member deleting another’s message');

      const del = await alice.client.delete(`/api/v1/messages/${m.id}`);
      const t = expectOk(del, 200, 'author deletes');
      assert.equal(t.id, m.id);
      assert.equal(t.seq, m.seq);
      assert.equal(t.author_id, alice.id);
      assert.equal(t.created_at, m.created_at);
      assert.equal(t.deleted, true);
      assert.equal(t.text, '');
      assert.deepEqual(t.attachments, []);

      const listed = await allMessages(carol.client, g.id);
      assert.deepEqual(listed.map((x) => x.id), [m.id, keep.id], 'the tombstone stays in place');
      assert.equal(listed[0].deleted, true);
      assert.equal(listed[0].text, '');
      assert.equal(listed[1].deleted, false);

      // The conversation owner (here alice) may remove others' messages, saying why; the text is gone from history too.
      const noReason = await alice.client.delete(`/api/v1/messages/${keep.id}`);
      assert.equal(noReason.status, 400, 'a moderator’s removal needs a reason');
      assert.equal(noReason.body.error.field, 'reason');
      const byOwner = expectOk(await alice.client.request('DELETE', `/api/v1/messages/${keep.id}`, { json: { reason: 'off topic' } }), 200, 'owner removes another’s message');
      assert.equal(byOwner.deleted, true);
      assert.equal(byOwner.deleted_by, 'moderator');
      const edits = await bob.client.get(`/api/v1/messages/${m.id}/edits`);
      if (edits.status === 200) {
        assert.ok(!JSON.stringify(edits.body).includes('regrettable'), 'a deleted message leaves no text in its edit history');
      }
    });

    test('reactions toggle per person and never count as unread or mentions', { timeout: 20_000 }, async () => {
      const g = await newGroup('reactions');
      const m = await sendMessage(alice.client, g.id, 'react to me');
      await markRead(bob.client, g.id, m.seq);
      await markRead(carol.client, g.id, m.seq);
      const before = await getConversation(alice.client, g.id);
      const thumbs = enc('👍');

      // person_ids says who reacted; `mine` is from the caller's point of view.
      const pick = (rs) => rs.map(({ emoji, count, mine }) => ({ emoji, count, mine }));
      let r = expectOk(await bob.client.put(`/api/v1/messages/${m.id}/reactions/${thumbs}`), 200, 'bob 👍');
      assert.deepEqual(r.reactions[0].person_ids, [bob.id]);
      assert.deepEqual(pick(r.reactions), [{ emoji: '👍', count: 1, mine: true }]);
      r = expectOk(await bob.client.put(`/api/v1/messages/${m.id}/reactions/${thumbs}`), 200, 'bob 👍 again');
      assert.deepEqual(pick(r.reactions), [{ emoji: '👍', count: 1, mine: true }], 'PUT twice still counts one');
      r = expectOk(await carol.client.put(`/api/v1/messages/${m.id}/reactions/${thumbs}`), 200, 'carol 👍');
      assert.deepEqual(pick(r.reactions), [{ emoji: '👍', count: 2, mine: true }]);
      r = expectOk(await carol.client.put(`/api/v1/messages/${m.id}/reactions/${enc('🎉')}`), 200, 'carol 🎉');
      const seenByAlice = (await allMessages(alice.client, g.id)).find((x) => x.id === m.id);
      const byEmoji = Object.fromEntries(pick(seenByAlice.reactions).map((x) => [x.emoji, x]));
      assert.deepEqual(byEmoji['👍'], { emoji: '👍', count: 2, mine: false });
      assert.deepEqual(byEmoji['🎉'], { emoji: '🎉', count: 1, mine: false });

      r = expectOk(await bob.client.delete(`/api/v1/messages/${m.id}/reactions/${thumbs}`), 200, 'bob removes 👍');
      const mine = Object.fromEntries(pick(r.reactions).map((x) => [x.emoji, x]));
      assert.deepEqual(mine['👍'], { emoji: '👍', count: 1, mine: false });

      const after = await getConversation(alice.client, g.id);
      assert.equal(after.last_seq, before.last_seq, 'reactions do not add messages');
      assert.equal(after.my.unread_count, 0, 'reactions are not unread for the author');
      assert.equal(after.my.mention_count, 0, 'reactions are not mentions');
      for (const who of [bob, carol]) {
        const c = await getConversation(who.client, g.id);
        assert.equal(c.my.unread_count, 0, `${who.name}: reactions are not unread`);
        assert.equal(c.my.mention_count, 0, `${who.name}: reactions are not mentions`);
      }
      expectError(await bob.client.put(`/api/v1/messages/${m.id}/reactions/${enc('not an emoji at all, too long')}`), 400, 'invalid_argument', 'not one emoji');
    });

    test('pins: any member in a group; only owner/moderator in a channel; GET pins lists them', { timeout: 20_000 }, async () => {
      const g = await newGroup('pins');
      const m = await sendMessage(alice.client, g.id, 'pin me');
      const other = await sendMessage(alice.client, g.id, 'not pinned');
      const p = expectOk(await bob.client.put(`/api/v1/messages/${m.id}/pin`), 200, 'member pins in a group');
      assert.equal(p.pinned, true);
      let pins = expectOk(await carol.client.get(`/api/v1/conversations/${g.id}/pins`)).items;
      assert.deepEqual(pins.map((x) => x.id), [m.id]);
      assert.equal((await allMessages(carol.client, g.id)).find((x) => x.id === other.id).pinned, false);
      const u = expectOk(await carol.client.delete(`/api/v1/messages/${m.id}/pin`), 200, 'member unpins in a group');
      assert.equal(u.pinned, false);
      pins = expectOk(await carol.client.get(`/api/v1/conversations/${g.id}/pins`)).items;
      assert.deepEqual(pins, []);

      const ch = await createConversation(alice.client, { kind: 'channel', name: 'pins-channel', visibility: 'private', member_ids: [bob.id] });
      const cm = await sendMessage(bob.client, ch.id, 'channel message');
      expectError(await bob.client.put(`/api/v1/messages/${cm.id}/pin`), 403, 'permission_denied', 'plain member pins in a channel');
      assert.equal(expectOk(await alice.client.put(`/api/v1/messages/${cm.id}/pin`)).pinned, true, 'the channel owner pins');
    });

    test('replies: reply_to is kept, the parent counts its replies, thread= lists the thread', { timeout: 20_000 }, async () => {
      const g = await newGroup('replies');
      const parent = await sendMessage(alice.client, g.id, 'question?');
      const r1 = await sendMessage(bob.client, g.id, 'answer 1', { reply_to: parent.id });
      const r2 = await sendMessage(carol.client, g.id, 'answer 2', { reply_to: parent.id });
      await sendMessage(alice.client, g.id, 'unrelated');
      assert.equal(r1.reply_to, parent.id);
      const listed = await allMessages(alice.client, g.id);
      assert.equal(listed.find((x) => x.id === parent.id).reply_count, 2, 'the parent counts 2 replies');
      assert.equal(listed.find((x) => x.id === r2.id).reply_to, parent.id, 'replies are in the main list too');
      const thread = (await getMessages(alice.client, g.id, { thread: parent.id })).items.map((x) => x.id);
      assert.ok(thread.includes(r1.id) && thread.includes(r2.id), `the thread lists both replies: ${thread}`);
      assert.ok(thread.indexOf(r1.id) < thread.indexOf(r2.id), 'in order');
      assert.equal(thread.filter((id) => id !== parent.id).length, 2, `only the thread: ${thread}`);

      const elsewhere = await newGroup('replies-elsewhere');
      const bad = await postMessage(bob.client, elsewhere.id, { client_id: newClientId(), text: 'x', reply_to: parent.id });
      assert.ok([400, 404].includes(bad.status), `reply_to a message of another conversation is refused: ${bad.status}`);
    });
  });

  describe('membership history', () => {
    test('who joined, was added, left or was removed, role and posting changes: who did it and when, newest first, in pages', { timeout: 20_000 }, async () => {
      const g = await newGroup('history');
      expectOk(await alice.client.post(`/api/v1/conversations/${g.id}/members`, { person_ids: [dave.id] }));
      expectOk(await alice.client.patch(`/api/v1/conversations/${g.id}/members/${bob.id}`, { role: 'moderator' }));
      expectOk(await alice.client.patch(`/api/v1/conversations/${g.id}/members/${bob.id}`, { role: 'moderator', can_post: false }));
      expectOk(await alice.client.patch(`/api/v1/conversations/${g.id}/members/${bob.id}`, { role: 'moderator' })); // no change: nothing logged
      assert.equal((await bob.client.delete(`/api/v1/conversations/${g.id}/members/${carol.id}`)).status, 204);
      assert.equal((await dave.client.post(`/api/v1/conversations/${g.id}/leave`)).status, 204);

      const page = expectOk(await bob.client.get(`/api/v1/conversations/${g.id}/membership`));
      const lines = page.items.map((e) => `${e.by_name}: ${e.change} ${e.person_name}`);
      assert.deepEqual(lines.slice(0, 5), [
        'Dave: left Dave',
        'Bob: removed Carol',
        'Alice: posting:off Bob',
        'Alice: role:moderator Bob',
        'Alice: added Dave',
      ]);
      // the group's creation: its creator first, then the people added with it (in no particular order)
      assert.deepEqual(lines.slice(5, 7).sort(), ['Alice: added Bob', 'Alice: added Carol']);
      assert.equal(lines[7], 'Alice: joined Alice');
      assert.equal(lines.length, 8);
      assert.equal(page.has_more, false);
      for (const e of page.items) assert.ok(Math.abs(Date.parse(e.at) - Date.now()) < 60_000, `a recent time: ${e.at}`);
      assert.equal(page.items[0].person_id, dave.id);
      assert.equal(page.items[0].by_id, dave.id);

      const first = expectOk(await bob.client.get(`/api/v1/conversations/${g.id}/membership?limit=3`));
      assert.equal(first.items.length, 3);
      assert.equal(first.has_more, true);
      const rest = expectOk(await bob.client.get(`/api/v1/conversations/${g.id}/membership?limit=10&before=${first.items[2].id}`));
      assert.deepEqual([...first.items, ...rest.items].map((e) => e.id), page.items.map((e) => e.id));

      expectError(await bob.client.get(`/api/v1/conversations/${g.id}/membership?before=x`), 400, 'invalid_argument', 'a bad cursor');
      expectError(await bob.client.get(`/api/v1/conversations/${g.id}/membership?limit=0`), 400, 'invalid_argument', 'a bad limit');
      // carol was removed and dave left: the history of a private group is no longer theirs to read
      assert.equal((await carol.client.get(`/api/v1/conversations/${g.id}/membership`)).status, 404);
      assert.equal((await dave.client.get(`/api/v1/conversations/${g.id}/membership`)).status, 404);
    });
  });

  describe('unread, mentions and read positions', () => {
    test('mentions: @[Name](p_id) raises that person’s mention_count only; @all raises everyone’s', { timeout: 20_000 }, async () => {
      const g = await newGroup('mentions', [dave.id]);
      const m = await sendMessage(alice.client, g.id, `hello @[${bob.name}](${bob.id}) please check`);
      assert.deepEqual(m.mentions, [bob.id]);
      assert.equal(m.mentions_all, false);
      const counts = async (who) => (await conversationInList(who.client, g.id)).my;
      let b = await counts(bob);
      let c = await counts(carol);
      assert.equal(b.mention_count, 1, 'bob was mentioned');
      assert.equal(b.unread_count, 1);
      assert.equal(c.mention_count, 0, 'carol was not mentioned');
      assert.equal(c.unread_count, 1);
      assert.equal((await counts(alice)).unread_count, 0, 'own messages are not unread');
      assert.equal((await counts(alice)).mention_count, 0);

      const all = await sendMessage(bob.client, g.id, 'meeting at 10 @all');
      assert.equal(all.mentions_all, true);
      b = await counts(bob);
      c = await counts(carol);
      const a = await counts(alice);
      const d = await counts(dave);
      assert.equal(c.mention_count, 1, '@all mentions carol');
      assert.equal(d.mention_count, 1, '@all mentions dave');
      assert.equal(a.mention_count, 1, '@all mentions alice');
      assert.ok(b.mention_count <= 1, `bob’s own @all does not add a mention for bob (mention_count ${b.mention_count})`);
      assert.equal(c.unread_count, 2);

      // A mention of someone who is not a member raises nobody's count.
      await sendMessage(alice.client, g.id, `cc @[${owner.name}](${owner.id})`);
      assert.equal((await counts(carol)).mention_count, 1);

      await markRead(carol.client, g.id, all.seq);
      c = await counts(carol);
      assert.equal(c.mention_count, 0, 'reading clears mentions up to the read position');
      assert.equal(c.unread_count, 1, 'the later message is still unread');
    });

    test('read position moves forward only; unread count drops after reading', { timeout: 20_000 }, async () => {
      const g = await newGroup('read-position');
      const sent = [];
      for (let i = 0; i < 6; i++) sent.push(await sendMessage(alice.client, g.id, `m${i}`));
      let bobView = await getConversation(bob.client, g.id);
      assert.equal(bobView.my.unread_count, 6);
      await markRead(bob.client, g.id, sent[3].seq);
      bobView = await getConversation(bob.client, g.id);
      assert.equal(bobView.my.last_read_seq, sent[3].seq);
      assert.equal(bobView.my.unread_count, 2);
      await markRead(bob.client, g.id, sent[1].seq); // backwards: ignored, still 204
      bobView = await getConversation(bob.client, g.id);
      assert.equal(bobView.my.last_read_seq, sent[3].seq, 'the read position does not move back');
      assert.equal(bobView.my.unread_count, 2);
      await markRead(bob.client, g.id, sent[5].seq);
      bobView = await conversationInList(bob.client, g.id);
      assert.equal(bobView.my.unread_count, 0, 'all read');
      assert.equal(bobView.my.last_read_seq, sent[5].seq);
      assert.equal((await getConversation(carol.client, g.id)).my.unread_count, 6, 'carol’s count is her own');
      // A bob message after that is not unread for bob but is for alice.
      await sendMessage(bob.client, g.id, 'mine');
      assert.equal((await getConversation(bob.client, g.id)).my.unread_count, 0);
      assert.equal((await getConversation(alice.client, g.id)).my.unread_count, 1);
      expectError(
        await bob.client.post(`/api/v1/conversations/${g.id}/read`, { seq: 'ten' }),
        400,
        'invalid_argument',
        'seq is not a number',
      );
    });

    test('the list is mine only, pinned first, then newest activity first', { timeout: 20_000 }, async () => {
      const g1 = await newGroup('order-1');
      const g2 = await newGroup('order-2');
      const g3 = await newGroup('order-3');
      await sendMessage(alice.client, g1.id, 'one');
      await sendMessage(alice.client, g3.id, 'three');
      await sendMessage(alice.client, g2.id, 'two');
      let ids = (await listConversations(bob.client)).map((c) => c.id);
      assert.ok(ids.indexOf(g2.id) < ids.indexOf(g3.id) && ids.indexOf(g3.id) < ids.indexOf(g1.id), 'newest activity first');
      const pinned = expectOk(await bob.client.patch(`/api/v1/conversations/${g1.id}/settings`, { pinned: true }));
      assert.equal(pinned.my.pinned, true);
      ids = (await listConversations(bob.client)).map((c) => c.id);
      assert.equal(ids[0], g1.id, 'the pinned conversation comes first');
      ids = (await listConversations(carol.client)).map((c) => c.id);
      assert.notEqual(ids[0], g1.id, 'pinning is per person');
      for (const c of await listConversations(dave.client)) {
        assert.ok(c.my && c.my.role, `dave’s list holds only his conversations (${c.id} has my.role ${c.my?.role})`);
      }
    });
  });
});
