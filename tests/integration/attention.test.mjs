// Phone notifications against the real binary and a local Web Push service that checks every
// VAPID signature and decrypts every payload with the subscription's private key: who is told at
// once, who waits for a digest at the start of their working hours (the server's attention clock
// is moved through its test-only offset file, not by sleeping), urgency, mutes, reactions, expired
// subscriptions, and the rules on subscriptions themselves.

import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { addMember, expectError, expectOk, signIn } from './lib/fixtures.mjs';
import { createConversation, eventually, sendMessage, startOrg } from './lib/messaging.mjs';
import { makeTempDir } from './lib/server.mjs';
import { startPushService } from './lib/push_service.mjs';

// Sunday 3 January 2027, 20:00 in Riyadh (17:00 UTC): after hours for a Sunday-Thursday office.
const SUNDAY_EVENING = Date.parse('2027-01-03T17:00:00Z') / 1000;
// Monday 08:01 in Riyadh: the working day has begun.
const MONDAY_MORNING = Date.parse('2027-01-04T05:01:00Z') / 1000;
const OFFICE = {
  time_zone: 'Asia/Riyadh',
  weekly: Object.fromEntries(['sun', 'mon', 'tue', 'wed', 'thu'].map((d) => [d, [['08:00', '16:00']]])),
};

describe('attention: phone notifications', () => {
  let push, org, clockFile, group;
  let omar, sara, owner;
  const setClock = (at) => writeFileSync(clockFile, String(Math.max(0, Math.round(at - Date.now() / 1000))));

  before(async () => {
    push = await startPushService();
    clockFile = path.join(await makeTempDir('muster-clock-'), 'offset');
    setClock(SUNDAY_EVENING);
    org = await startOrg(['Omar', 'Sara'], {
      serverOptions: {
        args: ['--push-service', push.url, '--test-attention-clock-file', clockFile, '--scheduler-tick', '1'],
      },
    });
    ({ omar, sara } = org.people);
    owner = org.owner;
    const key = expectOk(await owner.client.get('/api/v1/push/key'), 200, 'GET /push/key').public_key;
    push.expectKey(key);
    for (const [who, name] of [[omar, 'omar'], [sara, 'sara']]) {
      const sub = push.subscribe(name);
      expectOk(await who.client.post('/api/v1/push/subscriptions', sub), 201, `${name} subscribes`);
    }
    expectOk(await omar.client.put('/api/v1/me/working-hours', OFFICE), 200, 'Omar sets his hours');
    group = await createConversation(owner.client, { kind: 'group', name: 'Dispatch', member_ids: [omar.id, sara.id] });
  });
  after(async () => {
    await org?.srv.stop();
    await push?.close();
  });

  test('someone at work is told at once, with the sender, the conversation and a preview', async () => {
    const m = await sendMessage(owner.client, group.id, 'Truck 4 is at gate B');
    const [got] = await push.waitFor('sara', 1);
    assert.equal(got.payload.kind, 'message');
    assert.equal(got.payload.conversation_id, group.id);
    assert.equal(got.payload.conversation_name, 'Dispatch');
    assert.equal(got.payload.message_id, m.id);
    assert.equal(got.payload.sender_name, owner.name);
    assert.equal(got.payload.preview, 'Truck 4 is at gate B');
    assert.equal(got.payload.reason, 'message');
    assert.equal(got.headers.urgency, 'normal');
    assert.equal(got.headers.topic, group.id);
    assert.ok(Number(got.headers.ttl) > 0);
    assert.deepEqual(push.errors, []);
  });

  test('someone off work is not told; a colleague sees until when, and urgent breaks through', async () => {
    const before = push.received('omar').length;
    await sendMessage(owner.client, group.id, 'Shift report is in');
    await push.waitFor('sara', 2);
    assert.equal(push.received('omar').length, before, 'Omar, off work, got no push');

    const availability = expectOk(await sara.client.get(`/api/v1/people/${omar.id}/availability`), 200);
    assert.equal(availability.working, false);
    assert.equal(availability.off_until.weekday, 'mon');
    assert.equal(availability.off_until.time, '08:00');

    const urgent = await sendMessage(owner.client, group.id, 'Fire alarm in warehouse 2', { urgency: 'urgent' });
    assert.equal(urgent.urgency, 'urgent');
    const got = await push.waitFor('omar', before + 1);
    const last = got[got.length - 1];
    assert.equal(last.payload.message_id, urgent.id);
    assert.equal(last.payload.urgency, 'urgent');
    assert.equal(last.payload.reason, 'urgent');
    assert.equal(last.headers.urgency, 'high');
  });

  test('only those the policy allows may send urgent messages', async () => {
    const res = await sara.client.post(`/api/v1/conversations/${group.id}/messages`, {
      client_id: `urgent-${Date.now()}`,
      text: 'everyone look',
      urgency: 'urgent',
    });
    expectError(res, 403, 'permission_denied');
    const bad = await sara.client.post(`/api/v1/conversations/${group.id}/messages`, {
      client_id: `bad-${Date.now()}`,
      text: 'x',
      urgency: 'very',
    });
    expectError(bad, 400, 'invalid_argument');
  });

  test('a reaction never pushes, and a muted conversation pushes only urgent messages', async () => {
    const m = await sendMessage(sara.client, group.id, 'Loaded and leaving');
    expectOk(await owner.client.put(`/api/v1/messages/${m.id}/reactions/${encodeURIComponent('👍')}`), 200);
    expectOk(await sara.client.patch(`/api/v1/conversations/${group.id}/settings`, { muted: true }), 200);
    try {
      const muted = await sendMessage(owner.client, group.id, 'Thanks all');
      const urgent = await sendMessage(owner.client, group.id, 'Road closed, hold the trucks', { urgency: 'urgent' });
      // Messages are considered in order: once the urgent one has arrived, the muted one was decided.
      await eventually(() => push.received('sara').some((p) => p.payload.message_id === urgent.id),
        { timeoutMs: 5000, what: 'the urgent push to Sara' });
      const pushed = push.received('sara').map((p) => p.payload.message_id);
      assert.ok(!pushed.includes(muted.id), 'no push for a message in a muted conversation');
      assert.ok(!pushed.includes(m.id), 'no push for her own message, nor for the reaction to it');
      assert.ok(push.received('sara').every((p) => p.payload.kind === 'message'), 'reactions are never pushed');
    } finally {
      expectOk(await sara.client.patch(`/api/v1/conversations/${group.id}/settings`, { muted: false }), 200);
    }
  });

  test('at the start of their hours, the one who was off gets one digest of what they missed', async () => {
    const digests = () => push.received('omar').filter((p) => p.payload.kind === 'digest');
    const held = expectOk(await omar.client.get('/api/v1/me/digest'), 200);
    assert.ok(held.since, 'a hold is open');
    assert.equal(held.sent_at, null);
    assert.equal(digests().length, 0);
    setClock(MONDAY_MORNING);
    await eventually(() => digests().length === 1, { timeoutMs: 10_000, what: "Omar's digest" });
    // Held: "Truck 4…", "Shift report…", "Loaded and leaving", "Thanks all"; the urgent ones went at once.
    assert.deepEqual(digests()[0].payload.digest, { messages: 4, conversations: 1, mentions: 0 });
    const view = expectOk(await omar.client.get('/api/v1/me/digest'), 200);
    assert.ok(view.sent_at);
    assert.equal(view.messages, 4);
    assert.deepEqual(view.conversations.map((c) => [c.name, c.messages]), [['Dispatch', 4]]);
    // At work now: the next message comes at once, and no second digest follows.
    const morning = await sendMessage(owner.client, group.id, 'Morning all');
    await eventually(() => push.received('omar').some((p) => p.payload.message_id === morning.id),
      { timeoutMs: 5000, what: "Omar's push for a message in his hours" });
    await new Promise((r) => setTimeout(r, 2500));
    assert.equal(digests().length, 1);
  });

  test('an expired subscription is dropped when its push service says it is gone', async () => {
    push.respond('sara', 410);
    await sendMessage(owner.client, group.id, 'Anyone for the late shift?');
    await eventually(async () => {
      const list = expectOk(await sara.client.get('/api/v1/push/subscriptions'), 200);
      return list.items.length === 0;
    }, { timeoutMs: 10_000, what: "Sara's gone subscription removed" });
  });
});

describe('attention: subscriptions', () => {
  let push, org;
  before(async () => {
    push = await startPushService();
    org = await startOrg(['Mona'], { serverOptions: { args: ['--push-service', push.url] } });
  });
  after(async () => {
    await org?.srv.stop();
    await push?.close();
  });

  test('a device sees its subscriptions, can remove them, and cannot touch anyone else\'s', async () => {
    const { mona } = org.people;
    const made = expectOk(await mona.client.post('/api/v1/push/subscriptions', push.subscribe('mona')), 201);
    assert.equal(made.current, true);
    const list = expectOk(await mona.client.get('/api/v1/push/subscriptions'), 200).items;
    assert.equal(list.length, 1);
    assert.equal(list[0].id, made.id);
    assert.equal(list[0].endpoint, undefined, 'endpoints and keys never leave the server');
    expectError(await org.owner.client.delete(`/api/v1/push/subscriptions/${made.id}`), 404, 'not_found');
    assert.equal(expectOk(await mona.client.get('/api/v1/push/subscriptions'), 200).items.length, 1);
    assert.equal((await mona.client.delete(`/api/v1/push/subscriptions/${made.id}`)).status, 204);
    assert.equal(expectOk(await mona.client.get('/api/v1/push/subscriptions'), 200).items.length, 0);
  });

  test('working hours: a null body goes back to the default; do-not-disturb takes JavaScript times', async () => {
    const { mona } = org.people;
    const own = { time_zone: 'Africa/Cairo', weekly: { sun: [['09:00', '17:00']] } };
    const set = expectOk(await mona.client.put('/api/v1/me/working-hours', own), 200);
    assert.equal(set.source, 'person');
    assert.equal(set.hours.time_zone, 'Africa/Cairo');
    const cleared = expectOk(await mona.client.put('/api/v1/me/working-hours', null), 200);
    assert.equal(cleared.hours, null);
    assert.equal(cleared.source, 'always_working');
    const until = new Date(Date.now() + 3600_000).toISOString();  // with milliseconds
    const paused = expectOk(await mona.client.put('/api/v1/me/do-not-disturb', { until }), 200);
    assert.equal(paused.working, false);
    assert.equal(paused.do_not_disturb_until, until.replace(/\.\d+Z$/, 'Z'));
    const bad = await mona.client.put('/api/v1/me/working-hours', { time_zone: 'Mars/Olympus' });
    assert.equal(expectError(bad, 400, 'invalid_argument').field, 'time_zone');
    expectOk(await mona.client.put('/api/v1/me/do-not-disturb', { until: null }), 200);
  });

  test('an external sees only their contacts\' availability, and only admins see others\' hours', async () => {
    const { mona } = org.people;
    const ext = await addMember(org.owner.client, { name: 'Sami Supplier', email: 'sami-attention@supplier.example',
      kind: 'external', company: 'Supplier Co' }, 'supplier-pass-1');
    expectError(await ext.client.get(`/api/v1/people/${mona.id}/availability`), 404, 'not_found');
    await createConversation(org.owner.client, { kind: 'direct', member_ids: [ext.person.id] });
    expectOk(await ext.client.get(`/api/v1/people/${org.owner.id}/availability`), 200);
    expectError(await mona.client.get(`/api/v1/people/${org.owner.id}/working-hours`), 403, 'permission_denied');
    expectOk(await org.owner.client.get(`/api/v1/people/${mona.id}/working-hours`), 200);
  });

  test('signing out ends the device\'s subscription', async () => {
    const { mona } = org.people;
    const phone = await signIn(org.url, mona.email, mona.password);
    expectOk(await phone.post('/api/v1/push/subscriptions', push.subscribe('mona-phone')), 201);
    assert.equal(expectOk(await mona.client.get('/api/v1/push/subscriptions'), 200).items.length, 1);
    await phone.post('/api/v1/auth/sign-out');
    assert.equal(expectOk(await mona.client.get('/api/v1/push/subscriptions'), 200).items.length, 0);
  });

  test('endpoints outside the known push services and bad keys are refused', async () => {
    const { mona } = org.people;
    const sub = push.subscribe('mona-bad');
    const inside = { ...sub, endpoint: 'http://10.0.0.5:8080/admin' };
    expectError(await mona.client.post('/api/v1/push/subscriptions', inside), 400, 'invalid_argument');
    const badKey = { ...sub, keys: { ...sub.keys, p256dh: Buffer.alloc(65, 4).toString('base64url') } };
    expectError(await mona.client.post('/api/v1/push/subscriptions', badKey), 400, 'invalid_argument');
    const shortAuth = { ...sub, keys: { ...sub.keys, auth: 'abc' } };
    expectError(await mona.client.post('/api/v1/push/subscriptions', shortAuth), 400, 'invalid_argument');
    expectError(await mona.client.post('/api/v1/push/subscriptions', { endpoint: sub.endpoint }), 400, 'invalid_argument');
  });
});
