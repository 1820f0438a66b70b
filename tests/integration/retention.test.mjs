// Retention and legal hold (issue 13): policies (organization default and per conversation) delete
// old messages for real — text, edit history, reactions, search entries, attachment files and
// thumbnails on disk — on demand and on schedule; legal holds on a person or a conversation keep
// their content. Scheduled end dates deactivate people through the admin's path.
//
// "Older than N days" without waiting days: the servers run with --test-retention-clock-offset,
// which makes retention see every message ten days older than it is.

import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { expectError, expectOk } from './lib/fixtures.mjs';
import {
  createConversation,
  eventually,
  getMessages,
  openSocket,
  PNG_SMALL,
  sendMessage,
  sleep,
  startOrg,
  storedFiles,
  uploadAttachment,
} from './lib/messaging.mjs';

const TEN_DAYS = String(10 * 86400);

async function searchIds(client, q) {
  const body = expectOk(await client.get(`/api/v1/search/messages?${new URLSearchParams({ q })}`));
  return body.items.map((m) => m.id);
}

async function auditOf(owner, action) {
  return expectOk(await owner.get(`/api/v1/admin/audit?${new URLSearchParams({ action, limit: '50' })}`)).items;
}

describe('retention: on demand, with and without legal hold', () => {
  let org;
  let owner;
  before(async () => {
    org = await startOrg(['Alice', 'Bob'], {
      serverOptions: { args: ['--test-retention-clock-offset', TEN_DAYS, '--retention-interval', '3600'] },
    });
    owner = org.owner.client;
  });
  after(async () => org?.srv.stop());

  test('only administrators manage retention and holds', async () => {
    const { alice } = org.people;
    expectError(await alice.client.get('/api/v1/admin/retention'), 403, 'permission_denied');
    expectError(await alice.client.put('/api/v1/admin/retention', { keep_days: 1 }), 403, 'permission_denied');
    expectError(await alice.client.post('/api/v1/admin/retention/run'), 403, 'permission_denied');
    expectError(await alice.client.get('/api/v1/admin/legal-holds'), 403, 'permission_denied');
    expectError(await owner.put('/api/v1/admin/retention', { keep_days: 0 }), 400, 'invalid_argument');
    expectError(await owner.put('/api/v1/admin/retention', { days: 3 }), 400, 'invalid_argument');
    expectError(await owner.post('/api/v1/admin/legal-holds', { kind: 'person', target_id: alice.id }), 400, 'invalid_argument');
  });

  test('old messages go for real; a person hold and a conversation hold keep theirs', { timeout: 30_000 }, async () => {
    const { alice, bob } = org.people;
    const team = await createConversation(alice.client, { kind: 'group', name: 'Team', member_ids: [bob.id] });
    const vault = await createConversation(alice.client, { kind: 'group', name: 'Vault', member_ids: [bob.id] });

    const upload = expectOk(await uploadAttachment(alice.client, 'photo.png', PNG_SMALL, 'image/png'), 201);
    const photo = await sendMessage(alice.client, team.id, 'zebraquartz first draft', { attachment_ids: [upload.id] });
    expectOk(await alice.client.patch(`/api/v1/messages/${photo.id}`, { text: 'zebraquartz with a photo' }));
    expectOk(await bob.client.put(`/api/v1/messages/${photo.id}/reactions/${encodeURIComponent('👍')}`));
    const second = await sendMessage(alice.client, team.id, 'alpacaverse second');
    const bobs = await sendMessage(bob.client, team.id, 'bobkeepsake words');
    const vaulted = await sendMessage(alice.client, vault.id, 'vaultedlynx words');

    const fileNames = async () => (await storedFiles(org.srv)).map((f) => path.basename(f));
    const before = await fileNames();
    assert.ok(before.includes(upload.id) && before.includes(`${upload.id}.thumb`), 'the file and its thumbnail are on disk');
    assert.deepEqual(await searchIds(bob.client, 'zebraquartz'), [photo.id]);

    const personHold = expectOk(
      await owner.post('/api/v1/admin/legal-holds', { kind: 'person', target_id: bob.id, reason: 'Case 7: Bob' }),
      201,
    ).hold;
    const convHold = expectOk(
      await owner.post('/api/v1/admin/legal-holds', { kind: 'conversation', target_id: vault.id, reason: 'Case 8' }),
      201,
    ).hold;
    assert.equal(personHold.set_by, org.owner.id);
    assert.equal(personHold.target_name, 'Bob');
    assert.equal(personHold.reason, 'Case 7: Bob');
    assert.equal(personHold.released_at, null);

    const settings = expectOk(await owner.put('/api/v1/admin/retention', { keep_days: 5 }));
    assert.equal(settings.default_keep_days, 5);
    const run = expectOk(await owner.post('/api/v1/admin/retention/run'));
    assert.equal(run.messages, 2, "Alice's two messages in Team");
    assert.equal(run.edits, 1);
    assert.equal(run.reactions, 1);
    assert.equal(run.attachments, 1);

    const left = (await getMessages(bob.client, team.id)).items;
    assert.deepEqual(left.map((m) => m.id), [bobs.id], 'history simply no longer has them');
    expectError(await bob.client.get(`/api/v1/messages/${photo.id}/edits`), 404, 'not_found');
    expectError(await bob.client.get(`/api/v1/attachments/${upload.id}`), 404, 'not_found');
    const after = await fileNames();
    assert.ok(!after.includes(upload.id), 'the file is gone from disk');
    assert.ok(!after.includes(`${upload.id}.thumb`), 'the thumbnail is gone from disk');
    assert.deepEqual(await searchIds(bob.client, 'zebraquartz'), [], 'search no longer finds the text');
    assert.deepEqual(await searchIds(bob.client, 'alpacaverse'), []);
    assert.deepEqual(await searchIds(bob.client, 'bobkeepsake'), [bobs.id], 'the held person\'s message stays');
    assert.deepEqual((await getMessages(bob.client, vault.id)).items.map((m) => m.id), [vaulted.id], 'the held conversation stays');
    assert.ok(second.id);

    const audits = await auditOf(owner, 'retention.run');
    assert.equal(audits[0].details.messages, 2);
    assert.equal(audits[0].details.trigger, 'admin');
    assert.ok(!JSON.stringify(audits[0]).includes('zebraquartz'), 'counts, not content');
    assert.equal((await auditOf(owner, 'legal_hold.set')).length, 2);

    // Released, Bob's message goes too: the conversation's newest is emptied, so seq numbers and
    // last activity stay.
    const released = expectOk(await owner.post(`/api/v1/admin/legal-holds/${personHold.id}/release`)).hold;
    assert.equal(released.released_by, org.owner.id);
    assert.ok(released.released_at);
    const listed = expectOk(await owner.get('/api/v1/admin/legal-holds')).items;
    assert.deepEqual(listed.map((h) => h.id), [convHold.id], 'only holds in force, unless asked');
    const all = expectOk(await owner.get('/api/v1/admin/legal-holds?include_released=true')).items;
    assert.equal(all.length, 2);
    const run2 = expectOk(await owner.post('/api/v1/admin/retention/run'));
    assert.equal(run2.messages, 1);
    const emptied = (await getMessages(bob.client, team.id)).items;
    assert.equal(emptied.length, 1);
    assert.equal(emptied[0].text, '');
    assert.deepEqual(await searchIds(bob.client, 'bobkeepsake'), []);
    const next = await sendMessage(bob.client, team.id, 'a new day');
    assert.ok(next.seq > bobs.seq, 'seq numbers never go back');
    expectOk(await owner.post(`/api/v1/admin/legal-holds/${convHold.id}/release`));
    expectError(await owner.post(`/api/v1/admin/legal-holds/${convHold.id}/release`), 404, 'not_found');
    expectOk(await owner.put('/api/v1/admin/retention', { keep_days: null }));
  });

  test('a conversation override beats the default, and removing it follows the default again', { timeout: 20_000 }, async () => {
    const { alice, bob } = org.people;
    const keep = await createConversation(alice.client, { kind: 'group', name: 'Keep', member_ids: [bob.id] });
    const old = await sendMessage(alice.client, keep.id, 'kept by override');
    await sendMessage(alice.client, keep.id, 'newest stays as a row');
    expectOk(await owner.put('/api/v1/admin/retention', { keep_days: 3 }));
    const s = expectOk(await owner.put(`/api/v1/admin/retention/conversations/${keep.id}`, { keep_days: null }));
    assert.deepEqual(
      s.conversations.map((c) => [c.conversation_id, c.name, c.keep_days]),
      [[keep.id, 'Keep', null]],
    );
    expectOk(await owner.post('/api/v1/admin/retention/run'));
    assert.ok((await getMessages(bob.client, keep.id)).items.some((m) => m.id === old.id), 'keep forever');
    const cleared = expectOk(await owner.delete(`/api/v1/admin/retention/conversations/${keep.id}`));
    assert.deepEqual(cleared.conversations, []);
    expectOk(await owner.post('/api/v1/admin/retention/run'));
    assert.ok(!(await getMessages(bob.client, keep.id)).items.some((m) => m.id === old.id), 'the default applies again');
    const changes = await auditOf(owner, 'retention.conversation');
    assert.equal(changes.length, 2);
    expectOk(await owner.put('/api/v1/admin/retention', { keep_days: null }));
  });
});

describe('scheduler: scheduled retention and end dates', () => {
  let org;
  let owner;
  before(async () => {
    org = await startOrg(['Carol', 'Dave', 'Erin'], {
      serverOptions: {
        args: ['--scheduler-tick', '1', '--retention-interval', '1', '--test-retention-clock-offset', TEN_DAYS],
      },
    });
    owner = org.owner.client;
  });
  after(async () => org?.srv.stop());

  test('retention runs on its own schedule', { timeout: 20_000 }, async () => {
    const { carol, dave } = org.people;
    const g = await createConversation(carol.client, { kind: 'group', name: 'Sched', member_ids: [dave.id] });
    const first = await sendMessage(carol.client, g.id, 'scheduled away');
    await sendMessage(carol.client, g.id, 'newest');
    expectOk(await owner.put('/api/v1/admin/retention', { keep_days: 2 }));
    await eventually(
      async () => !(await getMessages(dave.client, g.id)).items.some((m) => m.id === first.id),
      { timeoutMs: 8000, what: 'the scheduled run deleted the old message' },
    );
    // The run's audit entry is written when the run ends, a moment after its deletions.
    await eventually(
      async () => (await auditOf(owner, 'retention.run')).some((r) => r.details.trigger === 'schedule' && r.actor_name === 'system'),
      { timeoutMs: 5000, what: 'the scheduled run is in the audit log, by system' },
    );
    expectOk(await owner.put('/api/v1/admin/retention', { keep_days: null }));
  });

  test('an end date deactivates the person when it passes; cleared or moved, it does not', { timeout: 30_000 }, async () => {
    const { carol, dave, erin } = org.people;
    const g = await createConversation(owner, { kind: 'group', name: 'Leavers', member_ids: [carol.id, dave.id, erin.id] });
    const sock = await openSocket(org.url, carol.client);
    const soon = new Date(Date.now() + 3000).toISOString().replace(/\.\d+Z$/, 'Z');
    const later = new Date(Date.now() + 3600_000).toISOString().replace(/\.\d+Z$/, 'Z');
    const set = expectOk(await owner.patch(`/api/v1/people/${carol.id}`, { end_at: soon })).person;
    assert.equal(set.end_at, soon);
    assert.equal(expectOk(await owner.get(`/api/v1/people/${carol.id}`)).end_at, soon);
    assert.equal(expectOk(await dave.client.get(`/api/v1/people/${carol.id}`)).end_at, undefined, 'admins only');
    expectOk(await owner.patch(`/api/v1/people/${dave.id}`, { end_at: soon }));
    expectOk(await owner.patch(`/api/v1/people/${dave.id}`, { end_at: null }));
    expectOk(await owner.patch(`/api/v1/people/${erin.id}`, { end_at: soon }));
    expectOk(await owner.patch(`/api/v1/people/${erin.id}`, { end_at: later }));
    expectError(await owner.patch(`/api/v1/people/${dave.id}`, { end_at: 'tomorrow' }), 400, 'invalid_argument');

    const closed = await Promise.race([sock.closed, sleep(9000).then(() => null)]);
    assert.ok(closed, 'the open socket closed once the end date passed');
    expectError(await carol.client.get('/api/v1/conversations'), 401, 'unauthenticated');
    const members = expectOk(await owner.get(`/api/v1/conversations/${g.id}/members`)).items.map((m) => m.person_id);
    assert.ok(!members.includes(carol.id), 'memberships ended');
    assert.ok(members.includes(dave.id) && members.includes(erin.id), 'cleared and moved end dates did nothing');
    assert.equal(expectOk(await owner.get(`/api/v1/people/${carol.id}`)).status, 'deactivated');
    assert.equal(expectOk(await owner.get(`/api/v1/people/${dave.id}`)).status, 'active');
    assert.equal(expectOk(await owner.get(`/api/v1/people/${erin.id}`)).status, 'active');
    const history = expectOk(await owner.get(`/api/v1/conversations/${g.id}/membership`)).items;
    assert.equal(history.find((e) => e.person_id === carol.id && e.change === 'removed').reason, 'deactivated');
    const audit = (await auditOf(owner, 'person.deactivate')).find((e) => e.target_id === carol.id);
    assert.equal(audit.actor_name, 'system');
    assert.equal(audit.details.reason, 'end date');
    assert.equal((await auditOf(owner, 'person.end_date')).length, 5);
  });
});

describe('end dates from the CSV import', () => {
  let org;
  let owner;
  before(async () => {
    org = await startOrg(['Gina']);
    owner = org.owner.client;
  });
  after(async () => org?.srv.stop());

  test('an end_date column sets, reports and clears end dates', { timeout: 20_000 }, async () => {
    const { gina } = org.people;
    const importCsv = (csv, mode) =>
      owner.request('POST', `/api/v1/people/import?mode=${mode}`, { body: csv, contentType: 'text/csv' });
    const csv = (end) => `email,name,end_date\n${gina.email},Gina,${end}\nnew.hire@example.com,New Hire,2031-01-31\n`;
    const dry = expectOk(await importCsv(csv('2030-06-30'), 'dry-run'));
    assert.deepEqual(dry.updated.map((u) => [u.name, u.changes]), [['Gina', ['end_date']]]);
    assert.equal(dry.created.length, 1);
    assert.equal(expectOk(await owner.get(`/api/v1/people/${gina.id}`)).end_at, undefined, 'a dry run writes nothing');
    const applied = expectOk(await importCsv(csv('2030-06-30'), 'apply'));
    assert.equal(applied.applied, true);
    assert.equal(expectOk(await owner.get(`/api/v1/people/${gina.id}`)).end_at, '2030-06-30T00:00:00Z');
    const hire = applied.created[0];
    const found = expectOk(await owner.get(`/api/v1/people?${new URLSearchParams({ q: 'New Hire' })}`)).items[0];
    assert.equal(expectOk(await owner.get(`/api/v1/people/${found.id}`)).end_at, '2031-01-31T00:00:00Z', hire.name);
    expectOk(await importCsv(`email,name,end_date\n${gina.email},Gina,\n`, 'apply'));
    assert.equal(expectOk(await owner.get(`/api/v1/people/${gina.id}`)).end_at, undefined, 'an empty cell clears it');
    const bad = expectOk(await importCsv(`email,name,end_date\n${gina.email},Gina,next week\n`, 'dry-run'));
    assert.equal(bad.errors[0].field, 'end_date');
  });
});
