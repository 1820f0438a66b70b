// History visibility (issue 13, docs/api/messaging.md): per conversation its owners choose whether a
// newcomer reads the whole history ("full") or only what came after they joined ("since_joined",
// the default for private groups). The server enforces it on every read path: history pages,
// message by id, edits, threads, pins, search, attachments and thumbnails, receipts, reactions,
// replies, the socket (live events and resume), unread counts and the last-message preview.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { expectError, expectOk } from './lib/fixtures.mjs';
import {
  PNG_SMALL,
  conversationInList,
  createConversation,
  getMessages,
  openSocket,
  postMessage,
  newClientId,
  sendMessage,
  sleep,
  startOrg,
  uploadAttachment,
} from './lib/messaging.mjs';

const enc = encodeURIComponent;

describe('history visibility: a newcomer to a since_joined group', () => {
  let org;
  let alice; // owner
  let bob; // member from the start
  let nora; // the newcomer
  let conv;
  let old; // messages from before Nora joined
  let fresh; // after
  let file;
  const sockets = [];

  before(async () => {
    org = await startOrg(['Alice', 'Bob', 'Nora']);
    ({ alice, bob, nora } = org.people);
    conv = await createConversation(alice.client, { kind: 'group', name: 'Board', member_ids: [bob.id] });
    const up = expectOk(await uploadAttachment(alice.client, 'plan.png', PNG_SMALL, 'image/png'), 201);
    file = up.id;
    const root = await sendMessage(alice.client, conv.id, 'the secret merger plan', { attachment_ids: [up.id] });
    const reply = await sendMessage(bob.client, conv.id, 'merger reply in the thread', { reply_to: root.id });
    expectOk(await alice.client.put(`/api/v1/messages/${root.id}/pin`));
    expectOk(await bob.client.put(`/api/v1/messages/${enc(root.id)}/reactions/${enc('👍')}`));
    old = { root, reply };
  });
  after(async () => {
    for (const s of sockets) s.close();
    await org?.srv.stop();
  });

  const messagesOf = async (who, query = {}) => (await getMessages(who.client, conv.id, query)).items.map((m) => m.text);

  test('private groups default to since_joined; owners may choose at creation; direct conversations cannot', async () => {
    assert.equal(conv.history, 'since_joined');
    const channel = await createConversation(alice.client, { kind: 'channel', name: 'News', visibility: 'public' });
    assert.equal(channel.history, 'full');
    const ann = await createConversation(alice.client, { kind: 'announcement', name: 'Ann', visibility: 'private' });
    assert.equal(ann.history, 'full');
    const open = await createConversation(alice.client, { kind: 'group', name: 'Open', member_ids: [bob.id], history: 'full' });
    assert.equal(open.history, 'full');
    const dm = await createConversation(alice.client, { kind: 'direct', member_ids: [bob.id] });
    assert.equal(dm.history, 'full');
    expectError(await alice.client.post('/api/v1/conversations', { kind: 'direct', member_ids: [nora.id], history: 'since_joined' }),
      400, 'invalid_argument');
    expectError(await alice.client.post('/api/v1/conversations', { kind: 'group', member_ids: [bob.id], history: 'some' }),
      400, 'invalid_argument');
  });

  test('after being added, the newcomer reads nothing from before by any path', { timeout: 20_000 }, async () => {
    const early = await openSocket(org.url, nora.client); // connected before and through the add
    sockets.push(early);
    expectOk(await alice.client.post(`/api/v1/conversations/${conv.id}/members`, { person_ids: [nora.id] }));
    // The chat list: no preview of an older message, nothing unread.
    const listed = await conversationInList(nora.client, conv.id);
    assert.equal(listed.last_message, null, 'no preview of a message from before the join');
    assert.equal(listed.my.unread_count, 0);
    assert.equal(listed.my.visible_after_seq, old.reply.seq);
    assert.equal((await conversationInList(bob.client, conv.id)).last_message.id, old.reply.id, 'Bob still sees it');

    // Changes to old messages after the join reach members who may read them, not Nora.
    expectOk(await alice.client.patch(`/api/v1/messages/${old.root.id}`, { text: 'the secret merger plan, v2' }));
    expectOk(await bob.client.put(`/api/v1/messages/${enc(old.reply.id)}/reactions/${enc('🎉')}`));
    fresh = await sendMessage(alice.client, conv.id, 'welcome Nora');
    await early.waitForMessage(fresh.id);
    await sleep(200);
    const leaked = early.frames.filter((f) => JSON.stringify(f).includes('merger'));
    assert.deepEqual(leaked, [], 'no event about an older message reached the newcomer');

    // History pages, both directions, stop at the join.
    assert.deepEqual(await messagesOf(nora), ['welcome Nora']);
    assert.equal((await getMessages(nora.client, conv.id)).has_more, false);
    assert.deepEqual(await messagesOf(nora, { after: '0' }), ['welcome Nora']);
    assert.deepEqual(await messagesOf(nora, { before: String(fresh.seq) }), []);
    assert.equal((await messagesOf(bob)).length, 3);

    // By id, its edits, its thread, its reactions, a reply to it.
    expectError(await nora.client.get(`/api/v1/messages/${old.root.id}`), 404, 'not_found');
    expectError(await nora.client.get(`/api/v1/messages/${old.reply.id}`), 404, 'not_found');
    expectError(await nora.client.get(`/api/v1/messages/${old.root.id}/edits`), 404, 'not_found');
    expectError(await nora.client.get(`/api/v1/conversations/${conv.id}/messages?thread=${old.root.id}`), 404, 'not_found');
    expectError(await nora.client.put(`/api/v1/messages/${enc(old.root.id)}/reactions/${enc('👀')}`), 404, 'not_found');
    expectError(await postMessage(nora.client, conv.id, { client_id: newClientId(), text: 'hm', reply_to: old.root.id }),
      400, 'invalid_argument');

    // Pins, search, the attachment and its thumbnail.
    const pins = expectOk(await nora.client.get(`/api/v1/conversations/${conv.id}/pins`)).items;
    assert.deepEqual(pins, []);
    assert.equal(expectOk(await bob.client.get(`/api/v1/conversations/${conv.id}/pins`)).items.length, 1);
    const found = expectOk(await nora.client.get('/api/v1/search/messages?q=merger')).items;
    assert.deepEqual(found, []);
    assert.equal(expectOk(await bob.client.get('/api/v1/search/messages?q=merger')).items.length, 2);
    assert.equal((await nora.client.get(`/api/v1/attachments/${file}`)).status, 404);
    assert.equal((await nora.client.get(`/api/v1/attachments/${file}/thumbnail`)).status, 404);
    assert.equal((await bob.client.get(`/api/v1/attachments/${file}`)).status, 200);

    // Receipts: not hers to ask, and she is neither "read" nor "not delivered" on the old message.
    expectError(await nora.client.get(`/api/v1/messages/${old.root.id}/receipts`), 404, 'not_found');
    const receipts = expectOk(await alice.client.get(`/api/v1/messages/${old.root.id}/receipts`));
    assert.equal(receipts.member_count, 1, 'only Bob could ever read it');
    const named = [...receipts.read, ...receipts.delivered, ...receipts.not_delivered].map((p) => p.person_id);
    assert.ok(!named.includes(nora.id));
    const newer = expectOk(await alice.client.get(`/api/v1/messages/${fresh.id}/receipts`));
    assert.equal(newer.member_count, 2, 'Bob and Nora for the message after the join');

    // Resuming the socket replays nothing from before the join either.
    const later = await openSocket(org.url, nora.client);
    sockets.push(later);
    const mark = later.frames.length;
    later.send({ type: 'resume', after: early.hello.seq });
    await later.waitFor((f) => f.type === 'event' && f.event.kind === 'message.created' && f.event.message.id === fresh.id, 3000, 'the replayed new message');
    await sleep(200);
    assert.ok(!later.frames.slice(mark).some((f) => JSON.stringify(f).includes('merger')), 'resume replays nothing older');
  });

  test('only owners (and admins) choose; a moderator cannot; the change is audited', async () => {
    expectOk(await alice.client.patch(`/api/v1/conversations/${conv.id}/members/${bob.id}`, { role: 'moderator' }));
    expectError(await bob.client.patch(`/api/v1/conversations/${conv.id}`, { history: 'full' }), 403, 'permission_denied');
    expectError(await alice.client.patch(`/api/v1/conversations/${conv.id}`, { history: 'all' }), 400, 'invalid_argument');
    const dm = await createConversation(alice.client, { kind: 'direct', member_ids: [nora.id] });
    expectError(await alice.client.patch(`/api/v1/conversations/${dm.id}`, { history: 'since_joined' }), 400, 'invalid_argument');
  });

  test('turning to full shows current members what came before they joined, on every path', async () => {
    const socket = await openSocket(org.url, nora.client);
    sockets.push(socket);
    const changed = expectOk(await alice.client.patch(`/api/v1/conversations/${conv.id}`, { history: 'full' }));
    assert.equal(changed.history, 'full');
    const ev = await socket.waitForEvent((e) => e.kind === 'conversation.updated' && e.conversation.id === conv.id);
    assert.equal(ev.event.conversation.history, 'full');
    const audit = expectOk(await org.owner.client.get('/api/v1/admin/audit?limit=200')).items;
    const entry = audit.find((e) => e.action === 'conversation.history' && e.target_id === conv.id);
    assert.ok(entry, 'the change is in the audit log');

    assert.equal((await messagesOf(nora)).length, 3);
    assert.equal(expectOk(await nora.client.get(`/api/v1/messages/${old.root.id}`)).text, 'the secret merger plan, v2');
    expectOk(await nora.client.get(`/api/v1/conversations/${conv.id}/messages?thread=${old.root.id}`));
    assert.equal(expectOk(await nora.client.get(`/api/v1/conversations/${conv.id}/pins`)).items.length, 1);
    assert.equal(expectOk(await nora.client.get('/api/v1/search/messages?q=merger')).items.length, 2);
    assert.equal((await nora.client.get(`/api/v1/attachments/${file}`)).status, 200);
    assert.equal((await nora.client.get(`/api/v1/attachments/${file}/thumbnail`)).status, 200);
    const receipts = expectOk(await alice.client.get(`/api/v1/messages/${old.root.id}/receipts`));
    assert.equal(receipts.member_count, 2);
    assert.equal((await conversationInList(nora.client, conv.id)).my.visible_after_seq, 0);

    // And back: she again reads only from her join.
    expectOk(await alice.client.patch(`/api/v1/conversations/${conv.id}`, { history: 'since_joined' }));
    assert.deepEqual(await messagesOf(nora), ['welcome Nora']);
  });

  test('a person re-added after leaving reads from the re-add', async () => {
    expectOk(await nora.client.post(`/api/v1/conversations/${conv.id}/leave`), 204);
    const gone = await sendMessage(alice.client, conv.id, 'said while Nora was away');
    expectOk(await alice.client.post(`/api/v1/conversations/${conv.id}/members`, { person_ids: [nora.id] }));
    const back = await sendMessage(alice.client, conv.id, 'welcome back');
    assert.deepEqual(await messagesOf(nora), ['welcome back']);
    expectError(await nora.client.get(`/api/v1/messages/${gone.id}`), 404, 'not_found');
    expectError(await nora.client.get(`/api/v1/messages/${fresh.id}`), 404, 'not_found', 'her earlier membership ended');
    assert.ok(back.seq > gone.seq);
  });
});

describe('history visibility: public channels', () => {
  let org;
  before(async () => {
    org = await startOrg(['Pat', 'Quinn']);
  });
  after(async () => org?.srv.stop());

  test('full by default: someone who has not joined reads and finds it; since_joined: nothing until they join', async () => {
    const { pat, quinn } = org.people;
    const c = await createConversation(pat.client, { kind: 'channel', name: 'Town hall', visibility: 'public' });
    const m = await sendMessage(pat.client, c.id, 'quarterly townhall notes');
    assert.deepEqual((await getMessages(quinn.client, c.id)).items.map((x) => x.id), [m.id]);
    assert.equal(expectOk(await quinn.client.get('/api/v1/search/messages?q=townhall')).items.length, 1);

    expectOk(await pat.client.patch(`/api/v1/conversations/${c.id}`, { history: 'since_joined' }));
    assert.deepEqual((await getMessages(quinn.client, c.id)).items, []);
    expectError(await quinn.client.get(`/api/v1/messages/${m.id}`), 404, 'not_found');
    assert.deepEqual(expectOk(await quinn.client.get('/api/v1/search/messages?q=townhall')).items, []);
    const preview = expectOk(await quinn.client.get(`/api/v1/conversations/${c.id}`));
    assert.equal(preview.last_message, null);

    expectOk(await quinn.client.post(`/api/v1/conversations/${c.id}/join`));
    const after = await sendMessage(pat.client, c.id, 'townhall follow-up');
    assert.deepEqual((await getMessages(quinn.client, c.id)).items.map((x) => x.id), [after.id]);
    assert.deepEqual(expectOk(await quinn.client.get('/api/v1/search/messages?q=townhall')).items.map((x) => x.id), [after.id]);
  });
});
