// Who may see and do what in conversations (docs/api/messaging.md): a non-member learns nothing by
// any path (events, messages, conversation, search, receipts, edits, attachments); public channels
// are open to read and join, private ones are not; announcement and archived conversations refuse
// posts; removed members stop receiving events at once.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { expectError, expectOk } from './lib/fixtures.mjs';
import {
  createConversation,
  eventsAbout,
  expectDenied,
  getConversation,
  getMessages,
  listConversations,
  newClientId,
  openSocket,
  PNG_SMALL,
  postMessage,
  sendMessage,
  sleep,
  startOrg,
  uploadAttachment,
} from './lib/messaging.mjs';

const enc = encodeURIComponent;

describe('messaging authorization', () => {
  let org;
  let owner;
  let alice;
  let bob;
  let carol; // the outsider
  let dave;
  const sockets = [];
  const open = async (client) => {
    const s = await openSocket(org.url, client);
    sockets.push(s);
    return s;
  };
  before(async () => {
    org = await startOrg(['Alice', 'Bob', 'Carol', 'Dave']);
    ({ alice, bob, carol, dave } = org.people);
    owner = org.owner;
  });
  after(async () => {
    for (const s of sockets) s.close();
    await org?.srv.stop();
  });

  /**
   * Waits until `sock` received a message in a conversation its person belongs to, sent after the
   * action under test: events are delivered in order, so anything the action leaked would be before it.
   */
  async function sentinel(sock, who) {
    const res = await who.client.post('/api/v1/conversations', { kind: 'direct', member_ids: [dave.id] });
    assert.ok([200, 201].includes(res.status), `sentinel direct conversation: ${res.status} ${res.text.slice(0, 200)}`);
    const conv = res.body;
    const m = await sendMessage(dave.client, conv.id, `sentinel ${newClientId()}`);
    await sock.waitForMessage(m.id, 3000);
    await sleep(100);
  }

  test('a non-member of a private group learns nothing by any path', { timeout: 20_000 }, async () => {
    const carolSock = await open(carol.client);
    const secretWord = `zanzibar${Date.now()}`;
    const g = await createConversation(alice.client, { kind: 'group', name: 'Private plans', member_ids: [bob.id] });
    const m = await sendMessage(alice.client, g.id, `the ${secretWord} plan`);
    expectOk(await alice.client.patch(`/api/v1/messages/${m.id}`, { text: `the ${secretWord} plan, edited` }));
    expectOk(await bob.client.put(`/api/v1/messages/${m.id}/reactions/${enc('👍')}`));
    await bob.client.post(`/api/v1/conversations/${g.id}/read`, { seq: m.seq });
    const carolHttp = carol.client;

    // Events: nothing about the group reaches carol's socket.
    await sentinel(carolSock, carol);
    assert.deepEqual(eventsAbout(carolSock, g.id).map((f) => f.event.kind), [], 'carol’s socket saw no event of the group');
    assert.ok(!carolSock.frames.some((f) => JSON.stringify(f).includes(secretWord)), 'carol’s socket never carried the text');
    // Typing from a member does not reach her either.
    const aliceSock = await open(alice.client);
    aliceSock.send({ type: 'typing', conversation_id: g.id });
    await sentinel(carolSock, carol);
    assert.deepEqual(eventsAbout(carolSock, g.id).map((f) => f.event.kind), [], 'carol got no typing event of the group');
    // And carol cannot send typing into it to reach the members.
    const bobSock = await open(bob.client);
    carolSock.send({ type: 'typing', conversation_id: g.id });
    await sentinel(bobSock, bob);
    assert.ok(!bobSock.events('typing').some((f) => f.event.person_id === carol.id), 'a non-member’s typing is not relayed');

    // HTTP: every read path is refused, without revealing the content.
    const paths = [
      `/api/v1/conversations/${g.id}`,
      `/api/v1/conversations/${g.id}/messages`,
      `/api/v1/conversations/${g.id}/messages?thread=${m.id}`,
      `/api/v1/conversations/${g.id}/members`,
      `/api/v1/conversations/${g.id}/membership`,
      `/api/v1/conversations/${g.id}/pins`,
      `/api/v1/messages/${m.id}/edits`,
      `/api/v1/messages/${m.id}/receipts`,
    ];
    for (const p of paths) {
      const r = await carolHttp.get(p);
      expectDenied(r, `GET ${p} as a non-member`);
      assert.ok(!r.text.includes(secretWord), `GET ${p} leaks nothing`);
    }
    assert.ok(!(await listConversations(carolHttp)).some((c) => c.id === g.id), 'not in carol’s list');
    const s = expectOk(await carolHttp.get(`/api/v1/search/messages?q=${secretWord}`));
    assert.deepEqual(s.items, [], 'search finds nothing of the group');
    const s2 = await carolHttp.get(`/api/v1/search/messages?q=${secretWord}&conversation_id=${g.id}`);
    assert.ok(s2.status === 200 ? s2.body.items.length === 0 : [403, 404].includes(s2.status), `search scoped to the group: ${s2.status} ${s2.text.slice(0, 200)}`);
    const browse = expectOk(await carolHttp.get('/api/v1/channels?q=Private')).items;
    assert.ok(!browse.some((c) => c.id === g.id), 'not browsable');

    // Write paths are refused too, and change nothing.
    const writes = [
      ['POST', `/api/v1/conversations/${g.id}/messages`, { client_id: newClientId(), text: 'let me in' }],
      ['POST', `/api/v1/conversations/${g.id}/join`, undefined],
      ['POST', `/api/v1/conversations/${g.id}/read`, { seq: m.seq }],
      ['POST', `/api/v1/conversations/${g.id}/delivered`, { seq: m.seq }],
      ['POST', `/api/v1/conversations/${g.id}/members`, { person_ids: [carol.id] }],
      ['PATCH', `/api/v1/conversations/${g.id}`, { name: 'mine now' }],
      ['PATCH', `/api/v1/conversations/${g.id}/settings`, { pinned: true }],
      ['PATCH', `/api/v1/messages/${m.id}`, { text: 'defaced' }],
      ['DELETE', `/api/v1/messages/${m.id}`, undefined],
      ['PUT', `/api/v1/messages/${m.id}/reactions/${enc('👎')}`, undefined],
      ['PUT', `/api/v1/messages/${m.id}/pin`, undefined],
    ];
    for (const [method, p, json] of writes) {
      const r = await carolHttp.request(method, p, json === undefined ? {} : { json });
      expectDenied(r, `${method} ${p} as a non-member`);
    }
    const msgs = (await getMessages(bob.client, g.id)).items;
    assert.equal(msgs.length, 1, 'nothing was posted');
    assert.equal(msgs[0].text, `the ${secretWord} plan, edited`);
    assert.deepEqual(msgs[0].reactions.map((r) => r.emoji), ['👍']);
    assert.equal(msgs[0].pinned, false);
    assert.equal((await getConversation(bob.client, g.id)).member_count, 2);
    // The org owner is not a member either: being an admin is no way in.
    expectDenied(await owner.client.get(`/api/v1/conversations/${g.id}/messages`), 'org owner, non-member');
  });

  test('a non-member cannot fetch the attachments of a private group; members can', { timeout: 20_000 }, async () => {
    const g = await createConversation(alice.client, { kind: 'group', name: 'Private files', member_ids: [bob.id] });
    const att = expectOk(await uploadAttachment(alice.client, 'plan.png', PNG_SMALL, 'image/png'), 201, 'upload a png');
    assert.equal(att.content_type, 'image/png');
    assert.equal(att.size, PNG_SMALL.length);
    const m = await sendMessage(alice.client, g.id, 'see attached', { attachment_ids: [att.id] });
    assert.deepEqual(m.attachments.map((a) => a.id), [att.id]);
    for (const p of [`/api/v1/attachments/${att.id}`, `/api/v1/attachments/${att.id}/thumbnail`]) {
      expectDenied(await carol.client.get(p), `GET ${p} as a non-member`);
      expectDenied(await owner.client.get(p), `GET ${p} as the org owner, a non-member`);
    }
    const bytes = await fetch(`${org.url}/api/v1/attachments/${att.id}`, { headers: { cookie: `muster_session=${bob.client.sessionCookie}` } });
    assert.equal(bytes.status, 200, `a member downloads the attachment: ${bytes.status}`);
    assert.ok(Buffer.from(await bytes.arrayBuffer()).equals(PNG_SMALL), 'the same bytes come back');
    // A deleted message has no attachments: its file is no longer served to the members.
    expectOk(await alice.client.delete(`/api/v1/messages/${m.id}`));
    const afterDelete = await bob.client.get(`/api/v1/attachments/${att.id}`);
    assert.ok([403, 404, 410].includes(afterDelete.status), `a deleted message’s attachment is no longer served: ${afterDelete.status}`);
  });

  test('a direct conversation is private to its two people', { timeout: 20_000 }, async () => {
    const d = await createConversation(alice.client, { kind: 'direct', member_ids: [bob.id] });
    const m = await sendMessage(bob.client, d.id, 'between us');
    expectDenied(await carol.client.get(`/api/v1/conversations/${d.id}/messages`), 'outsider reads a direct');
    expectDenied(await carol.client.get(`/api/v1/messages/${m.id}/edits`), 'outsider reads edits of a direct');
    expectDenied(await postMessage(carol.client, d.id, { client_id: newClientId(), text: 'hi' }), 'outsider posts into a direct');
    const addRes = await alice.client.post(`/api/v1/conversations/${d.id}/members`, { person_ids: [carol.id] });
    assert.ok(addRes.status >= 400 && addRes.status < 500, `nobody can be added to a direct conversation: ${addRes.status}`);
  });

  test('an attachment is private to its uploader until posted', { timeout: 20_000 }, async () => {
    const up = expectOk(await uploadAttachment(alice.client, 'draft.png', PNG_SMALL, 'image/png'), 201);
    assert.equal((await alice.client.get(`/api/v1/attachments/${up.id}`)).status, 200, 'the uploader gets it back');
    expectDenied(await bob.client.get(`/api/v1/attachments/${up.id}`), 'someone else, before it is posted');
    // Nobody can post someone else's upload.
    const g = await createConversation(bob.client, { kind: 'group', name: 'steal', member_ids: [carol.id] });
    const r = await postMessage(bob.client, g.id, { client_id: newClientId(), text: 'mine now', attachment_ids: [up.id] });
    assert.ok(r.status >= 400 && r.status < 500, `posting another person’s upload is refused: ${r.status} ${r.text.slice(0, 200)}`);
    expectDenied(await carol.client.get(`/api/v1/attachments/${up.id}`), 'not reachable through the other conversation');
  });

  test('public channels: anyone reads and joins; private channels: nobody outside', { timeout: 20_000 }, async () => {
    const pub = await createConversation(alice.client, { kind: 'channel', name: 'open-authz', visibility: 'public', member_ids: [] });
    const priv = await createConversation(alice.client, { kind: 'channel', name: 'closed-authz', visibility: 'private', member_ids: [bob.id] });
    const pm = await sendMessage(alice.client, pub.id, 'public words');
    await sendMessage(alice.client, priv.id, 'private words');

    const preview = await getConversation(carol.client, pub.id);
    assert.equal(preview.my.role, null, 'a public channel preview: my.role null');
    const readable = await getMessages(carol.client, pub.id);
    assert.deepEqual(readable.items.map((x) => x.id), [pm.id], 'anyone reads a public channel');
    const carolSock = await open(carol.client);
    const joined = expectOk(await carol.client.post(`/api/v1/conversations/${pub.id}/join`), 200, 'join a public channel');
    assert.equal(joined.my.role, 'member');
    assert.equal(joined.member_count, 2);
    assert.ok((await listConversations(carol.client)).some((c) => c.id === pub.id), 'joined channel in the list');
    const after = await sendMessage(alice.client, pub.id, 'welcome carol');
    await carolSock.waitForMessage(after.id, 3000);
    const left = await carol.client.post(`/api/v1/conversations/${pub.id}/leave`);
    assert.equal(left.status, 204, `leave: ${left.status}`);
    assert.ok(!(await listConversations(carol.client)).some((c) => c.id === pub.id), 'left channel not in the list');

    for (const p of [`/api/v1/conversations/${priv.id}`, `/api/v1/conversations/${priv.id}/messages`, `/api/v1/conversations/${priv.id}/members`]) {
      expectDenied(await carol.client.get(p), `GET ${p} of a private channel`);
    }
    expectDenied(await carol.client.post(`/api/v1/conversations/${priv.id}/join`), 'join a private channel');
    assert.equal((await getConversation(alice.client, priv.id)).member_count, 2, 'the private channel still has 2 members');
  });

  test('announcement channels: 403 for non-posters, 201 for owners and posters', { timeout: 20_000 }, async () => {
    const a = await createConversation(alice.client, {
      kind: 'announcement',
      name: 'Announcements authz',
      member_ids: [bob.id, carol.id, dave.id],
      poster_ids: [bob.id],
    });
    expectError(await postMessage(carol.client, a.id, { client_id: newClientId(), text: 'can I?' }), 403, 'permission_denied', 'plain member posts');
    await sendMessage(alice.client, a.id, 'from the owner');
    await sendMessage(bob.client, a.id, 'from a poster');
    // A member promoted to moderator may post; a member granted can_post may post.
    expectOk(await alice.client.patch(`/api/v1/conversations/${a.id}/members/${dave.id}`, { role: 'moderator' }));
    await sendMessage(dave.client, a.id, 'from a moderator');
    const carolSocket = await open(carol.client);
    expectOk(await alice.client.patch(`/api/v1/conversations/${a.id}/members/${carol.id}`, { role: 'member', can_post: true }));
    // Carol's devices hear it at once (their composer opens without a reload).
    const granted = await carolSocket.waitForEvent((e) => e.kind === 'member.updated' && e.person_id === carol.id, 5000, 'member.updated');
    assert.deepEqual(granted.event, { kind: 'member.updated', conversation_id: a.id, person_id: carol.id, role: 'member', can_post: true });
    assert.equal((await getConversation(carol.client, a.id)).my.can_post, true);
    await sendMessage(carol.client, a.id, 'now I can');
    expectOk(await alice.client.patch(`/api/v1/conversations/${a.id}/members/${carol.id}`, { role: 'member', can_post: false }));
    expectError(await postMessage(carol.client, a.id, { client_id: newClientId(), text: 'again?' }), 403, 'permission_denied', 'can_post revoked');
    // Only the owner changes roles.
    expectError(
      await dave.client.patch(`/api/v1/conversations/${a.id}/members/${carol.id}`, { role: 'owner' }),
      403,
      'permission_denied',
      'a moderator makes someone owner',
    );
    const texts = (await getMessages(carol.client, a.id)).items.map((m) => m.text);
    assert.deepEqual(texts, ['from the owner', 'from a poster', 'from a moderator', 'now I can']);
  });

  test('archived conversations refuse posts', { timeout: 20_000 }, async () => {
    const g = await createConversation(alice.client, { kind: 'group', name: 'to archive', member_ids: [bob.id] });
    await sendMessage(bob.client, g.id, 'last words');
    expectError(await bob.client.patch(`/api/v1/conversations/${g.id}`, { archived: true }), 403, 'permission_denied', 'a plain member archives');
    const archived = expectOk(await alice.client.patch(`/api/v1/conversations/${g.id}`, { archived: true }));
    assert.equal(archived.archived, true);
    assert.equal((await getConversation(bob.client, g.id)).my.can_post, false, 'can_post is false in an archived conversation');
    for (const who of [alice, bob]) {
      expectError(await postMessage(who.client, g.id, { client_id: newClientId(), text: 'hello?' }), 403, 'permission_denied', `${who.name} posts to archived`);
    }
    assert.equal((await getMessages(bob.client, g.id)).items.length, 1, 'still readable, nothing added');
    expectOk(await alice.client.patch(`/api/v1/conversations/${g.id}`, { archived: false }));
    await sendMessage(bob.client, g.id, 'back again');
  });

  test('a removed member stops receiving events at once and can read nothing more', { timeout: 20_000 }, async () => {
    const g = await createConversation(alice.client, { kind: 'group', name: 'shrinking', member_ids: [bob.id, carol.id] });
    const carolSock = await open(carol.client);
    const bobSock = await open(bob.client);
    const m1 = await sendMessage(alice.client, g.id, 'carol still here');
    await carolSock.waitForMessage(m1.id);
    const del = await alice.client.delete(`/api/v1/conversations/${g.id}/members/${carol.id}`);
    assert.equal(del.status, 204, `remove carol: ${del.status} ${del.text.slice(0, 200)}`);
    // The very next message does not reach her.
    const m2 = await sendMessage(alice.client, g.id, 'carol is gone');
    await bobSock.waitForMessage(m2.id);
    await sentinel(carolSock, carol);
    assert.ok(!carolSock.events('message.created').some((f) => f.event.message.id === m2.id), 'the removed member’s socket did not get the next message');
    const leaked = eventsAbout(carolSock, g.id).filter((f) => !['member.removed', 'conversation.updated'].includes(f.event.kind) && f.event.message?.id !== m1.id);
    assert.deepEqual(leaked.map((f) => f.event.kind), [], 'no event of the group after removal besides her own removal');
    expectDenied(await carol.client.get(`/api/v1/conversations/${g.id}/messages`), 'removed member reads');
    expectDenied(await postMessage(carol.client, g.id, { client_id: newClientId(), text: 'still here?' }), 'removed member posts');
    assert.ok(!(await listConversations(carol.client)).some((c) => c.id === g.id), 'gone from her list');
    // Only owners/moderators remove.
    expectDenied(await bob.client.delete(`/api/v1/conversations/${g.id}/members/${alice.id}`), 'a plain member removes the owner');
  });

  test('moderators cannot remove owners or moderators; a conversation always keeps an owner', { timeout: 20_000 }, async () => {
    const g = await createConversation(alice.client, { kind: 'group', name: 'ranks', member_ids: [bob.id, carol.id, dave.id] });
    expectOk(await alice.client.patch(`/api/v1/conversations/${g.id}/members/${bob.id}`, { role: 'moderator' }));
    expectOk(await alice.client.patch(`/api/v1/conversations/${g.id}/members/${carol.id}`, { role: 'moderator' }));
    expectError(await bob.client.delete(`/api/v1/conversations/${g.id}/members/${alice.id}`), 403, 'permission_denied', 'a moderator removes the owner');
    expectError(await bob.client.delete(`/api/v1/conversations/${g.id}/members/${carol.id}`), 403, 'permission_denied', 'a moderator removes a moderator');
    const del = await bob.client.delete(`/api/v1/conversations/${g.id}/members/${dave.id}`);
    assert.equal(del.status, 204, 'a moderator removes a member');

    // The only owner can neither leave nor step down while others remain ...
    expectError(await alice.client.post(`/api/v1/conversations/${g.id}/leave`), 400, 'invalid_argument', 'the last owner leaves');
    expectError(await alice.client.patch(`/api/v1/conversations/${g.id}/members/${alice.id}`, { role: 'member' }), 400, 'invalid_argument', 'the last owner steps down');
    // ... but can once someone else is owner.
    expectOk(await alice.client.patch(`/api/v1/conversations/${g.id}/members/${bob.id}`, { role: 'owner' }));
    const left = await alice.client.post(`/api/v1/conversations/${g.id}/leave`);
    assert.ok(left.status === 204 || left.status === 200, `the former last owner leaves: ${left.status}`);
    const roles = Object.fromEntries(expectOk(await bob.client.get(`/api/v1/conversations/${g.id}/members`)).items.map((m) => [m.person_id, m.role]));
    assert.deepEqual(roles, { [bob.id]: 'owner', [carol.id]: 'moderator' });
  });
});
