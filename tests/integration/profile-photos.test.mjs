// Profile photos (issue 16): anyone sets and removes their own, admins anyone's; the server crops
// the square, scales it and re-encodes it without the upload's metadata; versioned URLs are cached
// for good; whoever may see a person sees their photo, and no one else (externals).

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { addMember, expectError, expectOk } from './lib/fixtures.mjs';
import { createConversation, makePng, startOrg } from './lib/messaging.mjs';

/** Width and height from a baseline or progressive JPEG's SOF segment. */
function jpegSize(buf) {
  assert.equal(buf.readUInt16BE(0), 0xffd8, 'a JPEG');
  for (let at = 2; at + 9 < buf.length; ) {
    const marker = buf.readUInt16BE(at);
    if (marker === 0xffc0 || marker === 0xffc2) return { width: buf.readUInt16BE(at + 7), height: buf.readUInt16BE(at + 5) };
    at += 2 + buf.readUInt16BE(at + 2);
  }
  throw new Error('no SOF segment');
}

/** GET a photo as bytes (the test client reads text). */
async function fetchPhoto(client, personId, query = '') {
  const res = await fetch(`${client.baseUrl}/api/v1/people/${personId}/photo${query}`, { headers: { cookie: client.cookieHeader() } });
  return { status: res.status, headers: res.headers, bytes: Buffer.from(await res.arrayBuffer()) };
}

const putPhoto = (client, path, bytes, query = '') => client.request('PUT', `${path}${query}`, { body: bytes, contentType: 'image/png' });

describe('profile photos', () => {
  let org;
  let owner;
  let alice;
  let bob;
  before(async () => {
    org = await startOrg(['Alice', 'Bob']);
    owner = org.owner.client;
    alice = org.people.alice;
    bob = org.people.bob;
  });
  after(async () => org?.srv.stop());

  test('my own photo: the square I picked, scaled, without the upload’s metadata, seen by colleagues', async () => {
    const upload = makePng(800, 600, { comment: 'GPS 24.7136,46.6753 home' });
    const { person } = expectOk(await putPhoto(alice.client, '/api/v1/me/photo', upload, '?x=100&y=50&side=400'));
    assert.match(person.photo_version, /^ph_/);
    assert.equal(expectOk(await alice.client.get('/api/v1/me')).user.photo_version, person.photo_version);
    assert.equal(expectOk(await bob.client.get(`/api/v1/people/${alice.id}`)).photo_version, person.photo_version);

    const v = `?v=${person.photo_version}`;
    const large = await fetchPhoto(bob.client, alice.id, v);
    assert.equal(large.status, 200);
    assert.equal(large.headers.get('content-type'), 'image/jpeg');
    assert.match(large.headers.get('cache-control'), /private.*immutable/);
    assert.deepEqual(jpegSize(large.bytes), { width: 400, height: 400 }, 'the picked square, never enlarged');
    assert.ok(!large.bytes.includes('GPS'), 'the upload’s metadata is not passed on');
    const small = await fetchPhoto(bob.client, alice.id, `${v}&size=small`);
    assert.deepEqual(jpegSize(small.bytes), { width: 128, height: 128 });

    const { photos } = expectOk(await bob.client.get('/api/v1/people/photos'));
    assert.deepEqual(photos, { [alice.id]: person.photo_version });
  });

  test('without a crop the centred square is taken and scaled down to 512', async () => {
    const { person } = expectOk(await putPhoto(bob.client, '/api/v1/me/photo', makePng(1200, 900)));
    const photo = await fetchPhoto(alice.client, bob.id, `?v=${person.photo_version}`);
    assert.deepEqual(jpegSize(photo.bytes), { width: 512, height: 512 });
    // the current photo without a version: served, but not cached for good
    const current = await fetchPhoto(alice.client, bob.id);
    assert.equal(current.status, 200);
    assert.match(current.headers.get('cache-control'), /no-cache/);
  });

  test('a new photo is a new URL; bad uploads are refused and lose nothing', async () => {
    const first = expectOk(await putPhoto(alice.client, '/api/v1/me/photo', makePng(300, 300))).person.photo_version;
    const second = expectOk(await putPhoto(alice.client, '/api/v1/me/photo', makePng(320, 320))).person.photo_version;
    assert.notEqual(first, second);
    assert.equal((await fetchPhoto(bob.client, alice.id, `?v=${first}`)).status, 404, 'the old version is gone');

    let err = expectError(await putPhoto(alice.client, '/api/v1/me/photo', Buffer.from('PK\u0003\u0004 not a photo at all')), 400, 'invalid_argument');
    assert.equal(err.reason, 'photo_unreadable');
    err = expectError(await putPhoto(alice.client, '/api/v1/me/photo', Buffer.alloc(0)), 400, 'invalid_argument');
    assert.equal(err.reason, 'photo_unreadable');
    err = expectError(await putPhoto(alice.client, '/api/v1/me/photo', makePng(50, 50), '?x=1&y=2'), 400, 'invalid_argument');
    assert.equal(err.field, 'side');
    expectError(await putPhoto(alice.client, '/api/v1/me/photo', makePng(50, 50), '?x=-1&y=0&side=10'), 400, 'invalid_argument');
    expectError(await putPhoto(alice.client, '/api/v1/me/photo', Buffer.alloc(10 * 1024 * 1024 + 1, 1)), 413, 'payload_too_large');
    expectError(await alice.client.get(`/api/v1/people/${alice.id}/photo?size=huge`), 400, 'invalid_argument');

    assert.equal(expectOk(await alice.client.get('/api/v1/me')).user.photo_version, second, 'the photo is still the last good one');
    assert.equal((await fetchPhoto(bob.client, alice.id, `?v=${second}`)).status, 200);
  });

  test('only the person or an admin changes a photo, and each change is audited', async () => {
    const carol = await addMember(owner, { name: 'Carol Admin-less', email: 'carol@example.com' }, 'carol-password-1');
    expectError(await putPhoto(bob.client, `/api/v1/people/${carol.person.id}/photo`, makePng(100, 100)), 403, 'permission_denied');
    expectError(await bob.client.delete(`/api/v1/people/${alice.id}/photo`), 403, 'permission_denied');

    const { person } = expectOk(await putPhoto(owner, `/api/v1/people/${carol.person.id}/photo`, makePng(200, 200)));
    assert.ok(person.photo_version, 'an admin sets a photo for someone');
    assert.equal(expectOk(await carol.client.get('/api/v1/me')).user.photo_version, person.photo_version);

    const removed = expectOk(await carol.client.delete('/api/v1/me/photo')).person;
    assert.equal(removed.photo_version, null);
    assert.equal((await fetchPhoto(bob.client, carol.person.id)).status, 404);
    assert.ok(!(carol.person.id in expectOk(await bob.client.get('/api/v1/people/photos')).photos));

    const entries = expectOk(await owner.get('/api/v1/admin/audit?action=person.photo&limit=200')).items.filter((e) => e.target_id === carol.person.id);
    assert.deepEqual(
      entries.map((e) => [e.actor_id, e.details.removed, e.details.by ?? null]).reverse(),
      [
        [org.owner.id, false, null],
        [carol.person.id, true, 'self'],
      ],
    );
  });

  test('externals see the photos of the people they share a conversation with, and no others', async () => {
    const ext = await addMember(owner, { name: 'Sami Supplier', email: 'sami@supplier.example', kind: 'external', company: 'Supplier Co' }, 'supplier-pass-1');
    const version = expectOk(await alice.client.get('/api/v1/me')).user.photo_version;
    assert.equal((await fetchPhoto(ext.client, alice.id, `?v=${version}`)).status, 404);
    assert.deepEqual(expectOk(await ext.client.get('/api/v1/people/photos')).photos, {});

    await createConversation(alice.client, { kind: 'group', name: 'Orders', member_ids: [ext.person.id] });
    assert.equal((await fetchPhoto(ext.client, alice.id, `?v=${version}`)).status, 200);
    assert.deepEqual(Object.keys(expectOk(await ext.client.get('/api/v1/people/photos')).photos), [alice.id]);
    assert.equal((await fetchPhoto({ baseUrl: org.url, cookieHeader: () => '' }, alice.id, `?v=${version}`)).status, 401);
  });
});
