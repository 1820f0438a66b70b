// Message search (docs/api/messaging.md): Arabic-aware matching, filters by conversation, author
// and date, newest first with cursors, and never a message from a conversation the person cannot see.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { expectError, expectOk } from './lib/fixtures.mjs';
import { createConversation, sendMessage, sleep, startOrg } from './lib/messaging.mjs';

describe('messaging search', () => {
  let org;
  let alice;
  let bob;
  let carol;
  let dave;
  let team; // alice, bob, carol
  let side; // alice, bob
  before(async () => {
    org = await startOrg(['Alice', 'Bob', 'Carol', 'Dave']);
    ({ alice, bob, carol, dave } = org.people);
    team = await createConversation(alice.client, { kind: 'group', name: 'Team', member_ids: [bob.id, carol.id] });
    side = await createConversation(alice.client, { kind: 'group', name: 'Side', member_ids: [bob.id] });
  });
  after(async () => {
    await org?.srv.stop();
  });

  async function search(client, params) {
    const qs = new URLSearchParams(params).toString();
    const body = expectOk(await client.get(`/api/v1/search/messages?${qs}`), 200, `GET /api/v1/search/messages?${qs}`);
    assert.ok(Array.isArray(body.items), 'items');
    assert.ok('next_cursor' in body, 'next_cursor is present');
    return body;
  }
  const idsOf = (body) => body.items.map((m) => m.id);

  test('Arabic normalization: hamza forms of alef and taa marbuta match either way', { timeout: 20_000 }, async () => {
    const m1 = await sendMessage(alice.client, team.id, 'اجتماع مع أحمد في المدرسة غدا');
    const m2 = await sendMessage(bob.client, team.id, 'سلم على احمد من الادارة');
    for (const q of ['أحمد', 'احمد', 'إحمد', 'آحمد']) {
      const got = idsOf(await search(carol.client, { q }));
      assert.ok(got.includes(m1.id) && got.includes(m2.id), `"${q}" finds both spellings of Ahmed: ${got}`);
    }
    for (const q of ['المدرسة', 'المدرسه', 'مدرسه']) {
      const got = idsOf(await search(carol.client, { q }));
      assert.deepEqual(got, [m1.id], `"${q}" finds the school message (ة/ه)`);
    }
    const diacritics = idsOf(await search(carol.client, { q: 'أَحْمَد' }));
    assert.ok(diacritics.includes(m1.id), `a query with diacritics matches: ${diacritics}`);
    const found = (await search(carol.client, { q: 'المدرسه' })).items[0];
    assert.equal(found.text, 'اجتماع مع أحمد في المدرسة غدا', 'the result is the message as written');
    assert.equal(found.conversation_id, team.id);
  });

  test('short terms are matched as text: "%" and "_" are not wildcards', { timeout: 20_000 }, async () => {
    const side2 = await createConversation(alice.client, { kind: 'group', name: 'Wildcards', member_ids: [bob.id] });
    const pct = await sendMessage(alice.client, side2.id, 'price cut 50% today');
    const under = await sendMessage(alice.client, side2.id, 'file_name.txt attached');
    await sendMessage(alice.client, side2.id, 'nothing special here');
    let answered = 0;
    for (const [q, want] of [['%', [pct.id]], ['_', [under.id]], ['0%', [pct.id]]]) {
      const res = await bob.client.get(`/api/v1/search/messages?${new URLSearchParams({ q, conversation_id: side2.id })}`);
      if (res.status === 400) continue; // a term the normalization empties is refused, which is fine too
      assert.deepEqual(idsOf(expectOk(res)), want, `"${q}" finds only the messages containing it`);
      answered++;
    }
    assert.ok(answered > 0, 'at least one wildcard character was searched for');
  });

  test('mentions are found by the name people read, not by the markup or the id', { timeout: 20_000 }, async () => {
    const g = await createConversation(alice.client, { kind: 'group', name: 'Mentions', member_ids: [bob.id] });
    const m = await sendMessage(alice.client, g.id, `please check @[${bob.name}](${bob.id}) today`);
    const byName = idsOf(await search(bob.client, { q: `@${bob.name}`, conversation_id: g.id }));
    assert.deepEqual(byName, [m.id], 'the mentioned name finds the message');
    const byId = idsOf(await search(bob.client, { q: bob.id, conversation_id: g.id }));
    assert.deepEqual(byId, [], 'the person id inside the markup finds nothing');
  });

  test('results are newest first; filters by conversation and author; limit and cursor page through', { timeout: 20_000 }, async () => {
    const word = 'quokkaword';
    const made = [];
    made.push(await sendMessage(alice.client, team.id, `${word} one`));
    made.push(await sendMessage(bob.client, team.id, `${word} two`));
    made.push(await sendMessage(alice.client, side.id, `${word} three`));
    made.push(await sendMessage(bob.client, side.id, `the ${word.toUpperCase()} four`));
    made.push(await sendMessage(alice.client, team.id, `${word} five`));
    const all = await search(bob.client, { q: word });
    assert.deepEqual(idsOf(all), made.map((m) => m.id).reverse(), 'all five, newest first (case-insensitive)');
    assert.equal(all.next_cursor, null);

    assert.deepEqual(idsOf(await search(bob.client, { q: word, conversation_id: side.id })), [made[3].id, made[2].id], 'conversation filter');
    assert.deepEqual(idsOf(await search(bob.client, { q: word, author_id: alice.id })), [made[4].id, made[2].id, made[0].id], 'author filter');
    assert.deepEqual(
      idsOf(await search(bob.client, { q: word, author_id: bob.id, conversation_id: team.id })),
      [made[1].id],
      'both filters',
    );

    const pages = [];
    let cursor = null;
    for (let i = 0; i < 5; i++) {
      const page = await search(bob.client, cursor ? { q: word, limit: '2', cursor } : { q: word, limit: '2' });
      assert.ok(page.items.length <= 2);
      pages.push(...idsOf(page));
      cursor = page.next_cursor;
      if (!cursor) break;
    }
    assert.deepEqual(pages, made.map((m) => m.id).reverse(), 'cursor pages cover every result once, in order');
    expectError(await bob.client.get(`/api/v1/search/messages?q=${word}&limit=0`), 400, 'invalid_argument', 'limit=0');
    expectError(await bob.client.get(`/api/v1/search/messages?q=${word}&since=yesterday`), 400, 'invalid_argument', 'since is not a timestamp');
  });

  test('date filters: since and until', { timeout: 20_000 }, async () => {
    const word = 'wombatword';
    const t0 = new Date(Date.now() - 2000);
    const m = await sendMessage(carol.client, team.id, `${word} dated`);
    await sleep(10);
    const iso = (d) => d.toISOString().replace(/\.\d{3}Z$/, 'Z');
    const hourAgo = iso(new Date(Date.now() - 3600_000));
    const inAnHour = iso(new Date(Date.now() + 3600_000));
    assert.deepEqual(idsOf(await search(alice.client, { q: word, since: iso(t0) })), [m.id], 'since before it');
    assert.deepEqual(idsOf(await search(alice.client, { q: word, since: inAnHour })), [], 'since after it');
    assert.deepEqual(idsOf(await search(alice.client, { q: word, until: inAnHour })), [m.id], 'until after it');
    assert.deepEqual(idsOf(await search(alice.client, { q: word, until: hourAgo })), [], 'until before it');
    assert.deepEqual(idsOf(await search(alice.client, { q: word, since: hourAgo, until: inAnHour })), [m.id], 'a window around it');
  });

  test('never a message from a conversation the person cannot see; public channels are searchable', { timeout: 20_000 }, async () => {
    const word = 'narwhalword';
    const priv = await createConversation(alice.client, { kind: 'group', name: 'No Dave', member_ids: [bob.id] });
    const privChannel = await createConversation(alice.client, { kind: 'channel', name: 'hidden-channel', visibility: 'private', member_ids: [bob.id] });
    const pubChannel = await createConversation(alice.client, { kind: 'channel', name: 'open-channel', visibility: 'public', member_ids: [] });
    const direct = await createConversation(alice.client, { kind: 'direct', member_ids: [bob.id] });
    const inPriv = await sendMessage(alice.client, priv.id, `${word} group`);
    const inPrivChannel = await sendMessage(alice.client, privChannel.id, `${word} private channel`);
    const inPub = await sendMessage(alice.client, pubChannel.id, `${word} public channel`);
    const inDirect = await sendMessage(bob.client, direct.id, `${word} direct`);

    assert.deepEqual(idsOf(await search(bob.client, { q: word })).sort(), [inPriv.id, inPrivChannel.id, inPub.id, inDirect.id].sort(), 'a member finds all four');
    assert.deepEqual(idsOf(await search(dave.client, { q: word })), [inPub.id], 'an outsider finds only the public channel message');
    for (const c of [priv, privChannel, direct]) {
      const r = await dave.client.get(`/api/v1/search/messages?q=${word}&conversation_id=${c.id}`);
      assert.ok(r.status === 200 ? r.body.items.length === 0 : [403, 404].includes(r.status), `scoped to a hidden conversation: ${r.status} ${r.text.slice(0, 200)}`);
    }
    assert.deepEqual(idsOf(await search(dave.client, { q: word, author_id: alice.id })), [inPub.id], 'author filter does not widen it');

    // Removed from the group: its messages disappear from the person's search.
    const rm = await alice.client.delete(`/api/v1/conversations/${priv.id}/members/${bob.id}`);
    assert.equal(rm.status, 204, `remove bob: ${rm.status}`);
    assert.ok(!idsOf(await search(bob.client, { q: word })).includes(inPriv.id), 'a removed member no longer finds the group’s messages');
  });

  test('deleted messages are not found by their old text; edited ones by their new text', { timeout: 20_000 }, async () => {
    const gone = await sendMessage(alice.client, team.id, 'platypusword to be deleted');
    expectOk(await alice.client.delete(`/api/v1/messages/${gone.id}`));
    const found = idsOf(await search(bob.client, { q: 'platypusword' }));
    assert.ok(!found.includes(gone.id), 'a deleted message is not found by its old text');

    const ed = await sendMessage(alice.client, team.id, 'axolotlword first');
    expectOk(await alice.client.patch(`/api/v1/messages/${ed.id}`, { text: 'capybaraword second' }));
    assert.deepEqual(idsOf(await search(bob.client, { q: 'capybaraword' })), [ed.id], 'found by the new text');
    assert.deepEqual(idsOf(await search(bob.client, { q: 'axolotlword' })), [], 'not by the replaced text');
  });
});
