// Attachments (docs/api/messaging.md): upload checked by content, size limits, who may download,
// thumbnails, attachments in messages and in message.created events, deletion with the message.

import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { rawRequest } from './lib/client.mjs';
import { expectError, expectOk } from './lib/fixtures.mjs';
import {
  createConversation,
  getMessages,
  makePng,
  newClientId,
  openSocket,
  postMessage,
  sendMessage,
  startOrg,
  storedFiles,
  uploadAttachment,
} from './lib/messaging.mjs';

const MAX_UPLOAD = 300_000;

/** Width and height of a PNG (IHDR) or a JPEG (SOFn marker). */
function imageSize(buf) {
  if (buf.subarray(0, 4).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47]))) return { width: buf.readUInt32BE(16), height: buf.readUInt32BE(20) };
  assert.ok(buf[0] === 0xff && buf[1] === 0xd8, 'a PNG or a JPEG');
  let i = 2;
  while (i + 9 < buf.length) {
    assert.equal(buf[i], 0xff, 'JPEG marker');
    const marker = buf[i + 1];
    const len = buf.readUInt16BE(i + 2);
    if (marker >= 0xc0 && marker <= 0xcf && ![0xc4, 0xc8, 0xcc].includes(marker)) {
      return { height: buf.readUInt16BE(i + 5), width: buf.readUInt16BE(i + 7) };
    }
    i += 2 + len;
  }
  throw new Error('no SOF marker in the JPEG');
}

/** GET with the client's session, bytes kept as a Buffer. */
async function download(url, client, p, headers = {}) {
  const res = await fetch(url + p, { headers: { cookie: `muster_session=${client.sessionCookie}`, ...headers } });
  return { status: res.status, headers: res.headers, bytes: Buffer.from(await res.arrayBuffer()) };
}

const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n', 'latin1');
const EXE = Buffer.concat([Buffer.from('MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00', 'latin1'), Buffer.alloc(200, 0)]);
const ZIP = Buffer.concat([Buffer.from('PK\x03\x04\x14\x00\x00\x00', 'latin1'), Buffer.alloc(40, 1)]);

describe('attachments', () => {
  let org;
  let alice;
  let bob;
  let carol;
  before(async () => {
    org = await startOrg(['Alice', 'Bob', 'Carol'], { serverOptions: { env: { MUSTER_MAX_UPLOAD: String(MAX_UPLOAD) } } });
    ({ alice, bob, carol } = org.people);
  });
  after(async () => {
    await org?.srv.stop();
  });

  test('a voice note is served in parts, as media players and iPhone Safari ask for it', async () => {
    // An Ogg page header and some body: enough for the type check, and for ranges to cut.
    const ogg = Buffer.concat([Buffer.from('OggS\x00\x02', 'latin1'), Buffer.alloc(994, 7)]);
    const up = expectOk(await uploadAttachment(alice.client, 'voice-2026-12-06-1030.ogg', ogg, 'audio/ogg'), 201);
    assert.equal(up.content_type, 'audio/ogg');
    const path = `/api/v1/attachments/${up.id}`;
    const whole = await download(org.url, alice.client, path);
    assert.equal(whole.status, 200);
    assert.equal(whole.headers.get('accept-ranges'), 'bytes');
    let part = await download(org.url, alice.client, path, { range: 'bytes=0-1' });
    assert.equal(part.status, 206);
    assert.equal(part.headers.get('content-range'), 'bytes 0-1/1000');
    assert.ok(part.bytes.equals(ogg.subarray(0, 2)));
    part = await download(org.url, alice.client, path, { range: 'bytes=990-' });
    assert.equal(part.status, 206);
    assert.ok(part.bytes.equals(ogg.subarray(990)));
    assert.equal(part.headers.get('content-type'), 'audio/ogg');
    const beyond = await download(org.url, alice.client, path, { range: 'bytes=5000-' });
    assert.equal(beyond.status, 416);
    assert.equal(beyond.headers.get('content-range'), 'bytes */1000');
    // Someone who may not read the file gets no part of it either.
    const stranger = await download(org.url, bob.client, path, { range: 'bytes=0-1' });
    assert.equal(stranger.status, 404);
  });

  test('a voice note recorded in Chromium (Opus in WebM) gets an MP3 copy for iPhone Safari, for members only', async () => {
    // Recorded by Chromium's MediaRecorder: 1.5 s of a 440 Hz tone (fixtures/README.md).
    const webm = await readFile(new URL('./fixtures/voice-chromium.webm', import.meta.url));
    const up = expectOk(await uploadAttachment(alice.client, 'voice-2026-12-07-0900.webm', webm, 'audio/webm'), 201);
    assert.equal(up.content_type, 'audio/webm');
    assert.equal(up.has_voice_copy, true);
    assert.ok(up.duration_ms > 1300 && up.duration_ms < 1700, `measured ${up.duration_ms} ms`);
    const copyPath = `/api/v1/attachments/${up.id}/voice-copy`;
    // private until posted, like the file
    expectError(await bob.client.get(copyPath), 404, 'not_found', 'an unposted copy');
    const dm = await createConversation(alice.client, { kind: 'direct', member_ids: [bob.id] });
    const m = await sendMessage(alice.client, dm.id, '', { attachment_ids: [up.id] });
    const listed = (await getMessages(bob.client, dm.id)).items.find((x) => x.id === m.id).attachments[0];
    assert.equal(listed.has_voice_copy, true);
    assert.equal(listed.duration_ms, up.duration_ms);

    const copy = await download(org.url, bob.client, copyPath);
    assert.equal(copy.status, 200);
    assert.equal(copy.headers.get('content-type'), 'audio/mpeg');
    assert.match(copy.headers.get('content-disposition'), /voice-2026-12-07-0900\.mp3/);
    assert.equal(copy.bytes[0], 0xff, 'an MPEG audio frame first');
    assert.equal(copy.bytes[1] & 0xe0, 0xe0);
    assert.ok(copy.bytes.subarray(0, 200).includes(Buffer.from('Info')), 'the Info frame that gives players its length');
    // Safari asks for media in parts
    const part = await download(org.url, bob.client, copyPath, { range: 'bytes=0-1' });
    assert.equal(part.status, 206);
    assert.equal(part.headers.get('content-range'), `bytes 0-1/${copy.bytes.length}`);
    // someone outside the conversation gets nothing
    expectError(await carol.client.get(copyPath), 404, 'not_found', 'a stranger');
    // audio that is not Opus needs no copy: a WAV plays everywhere
    const wav = Buffer.concat([Buffer.from('RIFF\x24\x00\x00\x00WAVEfmt ', 'latin1'), Buffer.alloc(200, 0)]);
    const plain = expectOk(await uploadAttachment(alice.client, 'note.wav', wav, 'audio/wav'), 201);
    assert.equal(plain.has_voice_copy, false);
    expectError(await alice.client.get(`/api/v1/attachments/${plain.id}/voice-copy`), 404, 'not_found', 'no copy');

    // deleting the message removes the copy with the file
    const onDisk = async () => (await storedFiles(org.srv)).filter((f) => path.basename(f).startsWith(up.id));
    assert.equal((await onDisk()).length, 2, 'the recording and its copy are on disk');
    expectOk(await alice.client.delete(`/api/v1/messages/${m.id}`));
    expectError(await bob.client.get(copyPath), 404, 'not_found', 'after delete');
    assert.deepEqual(await onDisk(), []);
  });

  test('png, jpeg, pdf, text, csv and office files are accepted by their content', async () => {
    const png = makePng(64, 48);
    const a = expectOk(await uploadAttachment(alice.client, 'dot.png', png, 'image/png'), 201, 'png');
    assert.match(a.id, /^a_/);
    assert.deepEqual(
      { name: a.name, content_type: a.content_type, size: a.size, width: a.width, height: a.height, has_thumbnail: a.has_thumbnail },
      { name: 'dot.png', content_type: 'image/png', size: png.length, width: 64, height: 48, has_thumbnail: true },
    );
    // A real JPEG: the thumbnail of an opaque PNG is one.
    const thumb = await download(org.url, alice.client, `/api/v1/attachments/${a.id}/thumbnail`);
    assert.equal(thumb.status, 200);
    assert.equal(thumb.headers.get('content-type'), 'image/jpeg');
    const jpeg = expectOk(await uploadAttachment(alice.client, 'photo.jpg', thumb.bytes, 'image/jpeg'), 201, 'jpeg');
    assert.equal(jpeg.content_type, 'image/jpeg');
    assert.equal(jpeg.width, 64);
    assert.equal(jpeg.height, 48);
    assert.equal(jpeg.has_thumbnail, true);

    const cases = [
      ['plan.pdf', PDF, 'application/pdf', 'application/pdf'],
      ['notes.txt', Buffer.from('Meeting notes\nملاحظات الاجتماع\n'), 'text/plain', 'text/plain'],
      ['people.csv', Buffer.from('name,email\nSara,sara@example.com\n'), 'text/csv', 'text/csv'],
      ['Report.docx', ZIP, 'application/octet-stream', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'],
      ['numbers.xlsx', ZIP, '', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
      ['bundle.zip', ZIP, 'application/zip', 'application/zip'],
      // The declared type and the name do not decide: a PDF sent as image/png named .png is a PDF.
      ['sneaky.png', PDF, 'image/png', 'application/pdf'],
    ];
    for (const [name, bytes, declared, want] of cases) {
      const up = expectOk(await uploadAttachment(alice.client, name, bytes, declared || undefined), 201, name);
      assert.equal(up.content_type, want, name);
      assert.equal(up.size, bytes.length, name);
      assert.equal(up.has_thumbnail, false, name);
      assert.equal(up.width, undefined, name);
      const back = await download(org.url, alice.client, `/api/v1/attachments/${up.id}`);
      assert.equal(back.status, 200, name);
      assert.ok(back.bytes.equals(bytes), `${name}: the same bytes come back`);
      assert.equal(back.headers.get('content-type').split(';')[0], want, name);
      assert.match(back.headers.get('content-disposition'), /^attachment; /, `${name} downloads, never renders inline`);
      assert.equal(back.headers.get('x-content-type-options'), 'nosniff');
      assert.match(back.headers.get('cache-control'), /^private, max-age=\d+$/);
      expectError(await alice.client.get(`/api/v1/attachments/${up.id}/thumbnail`), 404, 'not_found', `${name} has no thumbnail`);
    }
  });

  test('names are cleaned: separators and control characters removed, trimmed, at most 200 characters', async () => {
    const up = expectOk(await uploadAttachment(alice.client, '  ../../etc/pa\u202Esswd.txt  ', Buffer.from('x'), 'text/plain'), 201);
    assert.equal(up.name, '....etcpasswd.txt');
    const long = expectOk(await uploadAttachment(alice.client, `${'ت'.repeat(300)}.pdf`, PDF, 'application/pdf'), 201);
    assert.equal([...long.name].length, 200);
    assert.ok(long.name.endsWith('.pdf'), 'the extension is kept');
    const ar = expectOk(await uploadAttachment(alice.client, 'تقرير.pdf', PDF, 'application/pdf'), 201);
    const res = await download(org.url, alice.client, `/api/v1/attachments/${ar.id}`);
    assert.equal(res.headers.get('content-disposition'), `attachment; filename="_____.pdf"; filename*=UTF-8''${encodeURIComponent('تقرير.pdf')}`);
    expectError(await uploadAttachment(alice.client, ' / ', Buffer.from('x'), 'text/plain'), 400, 'invalid_argument', 'nothing left of the name');
    expectError(await alice.client.request('POST', '/api/v1/attachments', { body: Buffer.from('x'), contentType: 'text/plain' }), 400, 'invalid_argument', 'no name');
  });

  test('anything outside the allow-list is refused with 415, whatever its name or declared type', async () => {
    for (const [name, bytes, declared] of [
      ['installer.png', EXE, 'image/png'],
      ['installer.exe', EXE, 'application/x-msdownload'],
      ['tool.txt', Buffer.concat([Buffer.from('\x7fELF\x02\x01\x01', 'latin1'), Buffer.alloc(64, 0)]), 'text/plain'],
      ['latin1.txt', Buffer.from('caf\xe9 cr\xe8me', 'latin1'), 'text/plain'],
      ['video.webp', Buffer.from('RIFF\x24\x00\x00\x00AVI LIST', 'latin1'), 'image/webp'],
      ['voice.m4a', Buffer.from('not really a recording'), 'audio/mp4'],
    ]) {
      const err = expectError(await uploadAttachment(alice.client, name, bytes, declared), 415, 'unsupported_media_type', name);
      assert.match(err.message, /PNG.*JPEG.*PDF.*ZIP/s, `${name}: the message says what is allowed: ${err.message}`);
    }
  });

  test('size: empty is 400, over --max-upload is 413 (refused from Content-Length, before the body)', async () => {
    expectError(await uploadAttachment(alice.client, 'empty.txt', Buffer.alloc(0), 'text/plain'), 400, 'invalid_argument', 'empty');
    const exact = expectOk(await uploadAttachment(alice.client, 'max.txt', Buffer.alloc(MAX_UPLOAD, 'a'), 'text/plain'), 201, 'exactly the limit');
    assert.equal(exact.size, MAX_UPLOAD);
    const over = await uploadAttachment(alice.client, 'big.txt', Buffer.alloc(MAX_UPLOAD + 1, 'a'), 'text/plain');
    expectError(over, 413, 'payload_too_large', 'one byte over');
    // Only the header is sent: the server answers 413 without waiting for the body.
    const early = await rawRequest(
      org.url,
      `POST /api/v1/attachments?name=huge.bin HTTP/1.1\r\nHost: x\r\nContent-Type: application/octet-stream\r\nContent-Length: ${50 * 1024 * 1024}\r\n\r\n`,
      3000,
    );
    assert.equal(early.status, 413, `early refusal: ${early.status} ${early.error ?? ''}`);
    assert.equal(early.json?.error?.code, 'payload_too_large');
  });

  test('private until posted; then members (and only members) can download; a WebSocket event carries it', async () => {
    const g = await createConversation(alice.client, { kind: 'group', name: 'Files', member_ids: [bob.id] });
    const png = makePng(64, 48);
    const up = expectOk(await uploadAttachment(alice.client, 'chart.png', png, 'image/png'), 201);
    assert.equal((await download(org.url, alice.client, `/api/v1/attachments/${up.id}`)).status, 200, 'the uploader, before posting');
    for (const who of [bob, carol, org.owner]) {
      expectError(await who.client.get(`/api/v1/attachments/${up.id}`), 404, 'not_found', 'before posting');
      expectError(await who.client.get(`/api/v1/attachments/${up.id}/thumbnail`), 404, 'not_found', 'thumbnail before posting');
    }
    const sock = await openSocket(org.url, bob.client);
    try {
      const m = await sendMessage(alice.client, g.id, '', { attachment_ids: [up.id] });
      assert.equal(m.text, '', 'attachments alone make a message');
      assert.deepEqual(m.attachments, [up]);
      const ev = await sock.waitForMessage(m.id);
      assert.deepEqual(ev.event.message.attachments, [up], 'message.created carries the attachments');
    } finally {
      sock.close();
    }
    const listed = (await getMessages(bob.client, g.id)).items;
    assert.deepEqual(listed.at(-1).attachments, [up], 'history lists the attachments');

    const got = await download(org.url, bob.client, `/api/v1/attachments/${up.id}`);
    assert.equal(got.status, 200, 'a member downloads');
    assert.ok(got.bytes.equals(png));
    assert.equal(got.headers.get('content-type'), 'image/png');
    assert.equal(got.headers.get('content-disposition'), `inline; filename="chart.png"; filename*=UTF-8''chart.png`);
    assert.equal(got.headers.get('x-content-type-options'), 'nosniff');
    assert.match(got.headers.get('cache-control'), /^private, max-age=\d+$/);
    assert.equal((await download(org.url, bob.client, `/api/v1/attachments/${up.id}/thumbnail`)).status, 200);
    for (const who of [carol, org.owner]) {
      const r = await who.client.get(`/api/v1/attachments/${up.id}`);
      expectError(r, 404, 'not_found', 'a non-member');
      expectError(await who.client.get(`/api/v1/attachments/${up.id}/thumbnail`), 404, 'not_found', 'a non-member, thumbnail');
    }
    expectError(await carol.client.get('/api/v1/attachments/a_doesnotexist'), 404, 'not_found', 'no such id: same answer');
  });

  test('a public channel’s attachments are readable by anyone who may read the channel', async () => {
    const pub = await createConversation(alice.client, { kind: 'channel', name: 'open-files', visibility: 'public', member_ids: [] });
    const up = expectOk(await uploadAttachment(alice.client, 'agenda.pdf', PDF, 'application/pdf'), 201);
    await sendMessage(alice.client, pub.id, 'agenda', { attachment_ids: [up.id] });
    assert.equal((await download(org.url, carol.client, `/api/v1/attachments/${up.id}`)).status, 200, 'a non-member of a public channel');
  });

  test('thumbnails fit in 320 x 320 and keep the aspect ratio', async () => {
    for (const [name, bytes, type, w, h] of [
      ['wide.png', makePng(640, 400), 'image/jpeg', 320, 200],
      ['tall.png', makePng(300, 900, { alpha: true }), 'image/png', 107, 320],
    ]) {
      const up = expectOk(await uploadAttachment(alice.client, name, bytes, 'image/png'), 201, name);
      assert.equal(up.has_thumbnail, true, name);
      const t = await download(org.url, alice.client, `/api/v1/attachments/${up.id}/thumbnail`);
      assert.equal(t.status, 200, name);
      assert.equal(t.headers.get('content-type'), type, name);
      const size = imageSize(t.bytes);
      assert.ok(size.width <= 320 && size.height <= 320, `${name}: ${size.width}x${size.height}`);
      assert.deepEqual(size, { width: w, height: h }, name);
    }
  });

  test('a malformed image is stored without a thumbnail; the server keeps working', async () => {
    const png = makePng(64, 48);
    const broken = Buffer.concat([png.subarray(0, 40), Buffer.alloc(100, 0xaa)]);
    const up = expectOk(await uploadAttachment(alice.client, 'broken.png', broken, 'image/png'), 201);
    assert.equal(up.content_type, 'image/png');
    assert.equal(up.has_thumbnail, false);
    // A header claiming 50000 x 50000 pixels is never decoded.
    const bomb = Buffer.from(png);
    bomb.writeUInt32BE(50000, 16);
    bomb.writeUInt32BE(50000, 20);
    const b = expectOk(await uploadAttachment(alice.client, 'bomb.png', bomb, 'image/png'), 201);
    assert.equal(b.has_thumbnail, false);
    const webp = Buffer.concat([Buffer.from('RIFF\x30\x00\x00\x00WEBPVP8X\x0a\x00\x00\x00\x00\x00\x00\x00\x1f\x03\x00\x57\x02\x00', 'latin1'), Buffer.alloc(16)]);
    const w = expectOk(await uploadAttachment(alice.client, 'pic.webp', webp, 'image/webp'), 201);
    assert.deepEqual([w.content_type, w.width, w.height, w.has_thumbnail], ['image/webp', 800, 600, false]);
    expectOk(await alice.client.get('/api/v1/me'), 200, 'still alive');
  });

  test('posting rules: own unposted uploads only, at most 10, no repeats', async () => {
    const g = await createConversation(alice.client, { kind: 'group', name: 'Rules', member_ids: [bob.id] });
    const mine = expectOk(await uploadAttachment(alice.client, 'a.txt', Buffer.from('a'), 'text/plain'), 201);
    const bobs = expectOk(await uploadAttachment(bob.client, 'b.txt', Buffer.from('b'), 'text/plain'), 201);
    const refuse = async (ids, what) => {
      const r = await postMessage(alice.client, g.id, { client_id: newClientId(), text: 'x', attachment_ids: ids });
      expectError(r, 400, 'invalid_argument', what);
      assert.equal(r.body.error.field, 'attachment_ids', what);
    };
    await refuse([bobs.id], 'someone else’s upload');
    await refuse(['a_nope'], 'an unknown id');
    await refuse([mine.id, mine.id], 'the same one twice');
    const eleven = [];
    for (let i = 0; i < 11; i++) eleven.push(expectOk(await uploadAttachment(alice.client, `f${i}.txt`, Buffer.from(`${i}`), 'text/plain'), 201).id);
    const r = await postMessage(alice.client, g.id, { client_id: newClientId(), text: 'x', attachment_ids: eleven });
    assert.equal(r.status, 400, 'eleven attachments');
    assert.equal((await getMessages(alice.client, g.id)).items.length, 0, 'nothing was posted by a refused send');
    // Ten is fine, in the given order; a retry of the same send returns the same message.
    const body = { client_id: newClientId(), text: 'ten files', attachment_ids: eleven.slice(0, 10) };
    const first = expectOk(await postMessage(alice.client, g.id, body), 201);
    assert.deepEqual(first.attachments.map((a) => a.id), eleven.slice(0, 10));
    const retry = expectOk(await postMessage(alice.client, g.id, body), 200, 'a retry');
    assert.equal(retry.id, first.id);
    assert.deepEqual(retry.attachments, first.attachments);
    // Already posted: cannot be attached again.
    await refuse([eleven[0]], 'already posted');
    // Text is still required without attachments.
    expectError(await postMessage(alice.client, g.id, { client_id: newClientId(), text: '', attachment_ids: [] }), 400, 'invalid_argument');
  });

  test('deleting the message removes its attachments from view and their files from disk', async () => {
    const g = await createConversation(alice.client, { kind: 'group', name: 'Gone', member_ids: [bob.id] });
    const up = expectOk(await uploadAttachment(alice.client, 'gone.png', makePng(400, 300), 'image/png'), 201);
    const onDisk = async () => (await storedFiles(org.srv)).filter((f) => path.basename(f).startsWith(up.id));
    assert.equal((await onDisk()).length, 2, 'the file and its thumbnail are on disk');
    const m = await sendMessage(alice.client, g.id, 'soon gone', { attachment_ids: [up.id] });
    const sock = await openSocket(org.url, bob.client);
    try {
      expectOk(await alice.client.delete(`/api/v1/messages/${m.id}`));
      const ev = await sock.waitForEvent((e) => e.kind === 'message.updated' && e.message.id === m.id);
      assert.deepEqual(ev.event.message.attachments, [], 'the tombstone has no attachments');
    } finally {
      sock.close();
    }
    const tomb = (await getMessages(bob.client, g.id)).items.find((x) => x.id === m.id);
    assert.equal(tomb.deleted, true);
    assert.deepEqual(tomb.attachments, []);
    for (const who of [alice, bob]) {
      expectError(await who.client.get(`/api/v1/attachments/${up.id}`), 404, 'not_found', 'after delete');
      expectError(await who.client.get(`/api/v1/attachments/${up.id}/thumbnail`), 404, 'not_found', 'thumbnail after delete');
    }
    assert.deepEqual(await onDisk(), [], 'the files are removed from disk');
  });

  test('files are stored under the data directory by id, never by the uploaded name', async () => {
    const up = expectOk(await uploadAttachment(alice.client, 'secret-name.txt', Buffer.from('hello'), 'text/plain'), 201);
    const files = await storedFiles(org.srv);
    assert.ok(files.some((f) => path.basename(f) === up.id), 'stored by id');
    assert.ok(!files.some((f) => f.includes('secret-name')), 'never by name');
    assert.ok(!files.some((f) => path.basename(f).startsWith('.tmp')), 'no temporary files left');
  });
});
