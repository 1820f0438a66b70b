// Encryption at rest (docs/security.md): after the server has stored people, messages, edits,
// files and search entries, no distinctive string — Latin or Arabic, as written or in its folded
// search form — appears anywhere in the data directory, byte for byte; and after a restart the app
// still shows and finds all of it.

import assert from 'node:assert/strict';
import { readdir, readFile, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { addMember, createPerson, expectOk, OWNER, search, setupOrg, signIn } from './lib/fixtures.mjs';
import { allMessages, createConversation, makePng, sendMessage, uploadAttachment } from './lib/messaging.mjs';
import { makeTempDir, startServer } from './lib/server.mjs';

const tag = Math.random().toString(36).slice(2, 8);
// Distinctive strings, one per place the data can land. Each is long enough that it cannot turn
// up by chance in ciphertext.
const SECRET = {
  personName: `Zephyrine Quillfeather ${tag}`,
  personNameAr: `زمرّدة القنديلي ${tag}`,
  email: `zephyrine.${tag}@quillfeather.example`,
  phone: '+966507318264',
  custom: `BadgeXQ-${tag}-7731`,
  groupName: `Vortexmoor Depot ${tag}`,
  body: `Shipment codeword Marmalade-Octahedron-${tag}`,
  bodyAr: `الشحنة السرية إلى مستودع الياسمين ${tag}`,
  edited: `Revised codeword Pumpernickel-Icosahedron-${tag}`,
  fileName: `Quarterly-Ledger-Kestrelwood-${tag}.pdf`,
  fileText: `Confidential ledger line Saxifrage-Dodecahedron-${tag}`,
};
// What the search index stores: the folded forms (lowercased Latin; Arabic without shadda, with
// its alef and teh marbuta variants unified).
const FOLDED = {
  personName: SECRET.personName.toLowerCase(),
  personNameAr: `زمرده القنديلي ${tag}`,
  body: SECRET.body.toLowerCase(),
  bodyAr: `الشحنه السريه الي مستودع الياسمين ${tag}`,
  edited: SECRET.edited.toLowerCase(),
};

const pdfWith = (text) =>
  Buffer.from(`%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n% ${text}\ntrailer << /Root 1 0 R >>\n%%EOF\n`, 'utf8');

async function filesUnder(dir) {
  const out = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await filesUnder(p)));
    else if (entry.isFile()) out.push(p);
  }
  return out;
}

/** Every (file, needle name) where the needle's bytes occur in a file under `dir`. */
async function plaintextFound(dir, needles) {
  const found = [];
  for (const file of await filesUnder(dir)) {
    const bytes = await readFile(file);
    for (const [name, needle] of Object.entries(needles)) {
      if (bytes.includes(needle)) found.push(`${name} in ${path.relative(dir, file)}`);
    }
  }
  return found;
}

describe('encryption at rest', () => {
  let parent;
  let dataDir;
  let srv;
  let owner;
  let group;
  let message;
  let thumbnailSlice;

  before(async () => {
    parent = await makeTempDir('muster-at-rest-');
    dataDir = path.join(parent, 'data');
    srv = await startServer({ dataDir });
    ({ owner } = await setupOrg(srv.url));
    expectOk(
      await owner.put('/api/v1/admin/custom-fields', {
        items: [{ key: 'badge', label_en: 'Badge', label_ar: 'الشارة', visibility: 'everyone' }],
      }),
    );
    const { person: zephyrine } = await addMember(owner, {
      name: SECRET.personName,
      email: SECRET.email,
      phone: SECRET.phone,
      custom: { badge: SECRET.custom },
    });
    await createPerson(owner, { name: SECRET.personNameAr, email: `ar.${tag}@example.com` });
    group = await createConversation(owner, { kind: 'group', name: SECRET.groupName, member_ids: [zephyrine.id] });
    message = await sendMessage(owner, group.id, SECRET.body);
    expectOk(await owner.patch(`/api/v1/messages/${message.id}`, { text: SECRET.edited }));
    await sendMessage(owner, group.id, SECRET.bodyAr);

    const pdf = expectOk(await uploadAttachment(owner, SECRET.fileName, pdfWith(SECRET.fileText), 'application/pdf'), 201);
    const png = expectOk(await uploadAttachment(owner, `photo-${tag}.png`, makePng(640, 480), 'image/png'), 201);
    await sendMessage(owner, group.id, 'files', { attachment_ids: [pdf.id, png.id] });
    const thumb = await fetch(`${srv.url}/api/v1/attachments/${png.id}/thumbnail`, {
      headers: { cookie: `muster_session=${owner.sessionCookie}` },
    });
    assert.equal(thumb.status, 200, 'the thumbnail downloads');
    const thumbBytes = Buffer.from(await thumb.arrayBuffer());
    thumbnailSlice = thumbBytes.subarray(Math.floor(thumbBytes.length / 2), Math.floor(thumbBytes.length / 2) + 48);
    await srv.stop();
  });

  after(async () => {
    await srv?.stop();
    if (parent) await rm(parent, { recursive: true, force: true });
  });

  test('no file in the data directory holds any of the plaintext, in any form', async () => {
    const needles = { sqliteHeader: Buffer.from('SQLite format 3\0', 'latin1'), thumbnail: thumbnailSlice };
    for (const [k, v] of Object.entries(SECRET)) needles[k] = Buffer.from(v, 'utf8');
    for (const [k, v] of Object.entries(FOLDED)) needles[`folded ${k}`] = Buffer.from(v, 'utf8');
    needles['phone digits'] = Buffer.from(SECRET.phone.slice(4), 'utf8');
    const files = await filesUnder(dataDir);
    assert.ok(files.length >= 3, `the data directory holds the database and files: ${files.join(', ')}`);
    let bytes = 0;
    for (const f of files) bytes += (await stat(f)).size;
    assert.ok(bytes > 10_000, 'there is data to search');
    assert.deepEqual(await plaintextFound(dataDir, needles), []);
  });

  test('after a restart the app shows and finds everything', async () => {
    srv = await startServer({ dataDir });
    const owner2 = await signIn(srv.url, OWNER.email, OWNER.password);
    const texts = (await allMessages(owner2, group.id)).map((m) => m.text);
    assert.ok(texts.includes(SECRET.edited), 'the edited message shows its new text');
    assert.ok(texts.includes(SECRET.bodyAr), 'the Arabic message shows');
    const history = expectOk(await owner2.get(`/api/v1/messages/${message.id}/edits`)).items.map((h) => h.text);
    assert.ok(history.includes(SECRET.body), 'the edit history keeps the first text');

    const hits = async (q) =>
      expectOk(await owner2.get(`/api/v1/search/messages?${new URLSearchParams({ q })}`)).items.map((m) => m.text);
    assert.ok((await hits(`Pumpernickel-Icosahedron-${tag}`)).includes(SECRET.edited), 'message search finds Latin text');
    assert.ok((await hits(`الشحنة السرية`)).includes(SECRET.bodyAr), 'message search finds Arabic text');

    const people = (await search(owner2, 'زمردة القنديلي')).map((p) => p.name);
    assert.ok(people.includes(SECRET.personNameAr), `directory search finds the Arabic name (folded query): ${people}`);
    const [zephyrine] = await search(owner2, `Quillfeather ${tag}`);
    assert.equal(zephyrine?.name, SECRET.personName);
    const profile = expectOk(await owner2.get(`/api/v1/people/${zephyrine.id}`));
    assert.equal(profile.email, SECRET.email);
    assert.equal(profile.custom?.badge, SECRET.custom);
    assert.ok(String(profile.phone).endsWith(SECRET.phone.slice(4)), `the phone shows: ${profile.phone}`);

    const files = (await allMessages(owner2, group.id)).flatMap((m) => m.attachments ?? []);
    const pdf = files.find((a) => a.name === SECRET.fileName);
    assert.ok(pdf, `the file keeps its name: ${JSON.stringify(files.map((a) => a.name))}`);
    const res = await fetch(`${srv.url}/api/v1/attachments/${pdf.id}`, { headers: { cookie: `muster_session=${owner2.sessionCookie}` } });
    assert.equal(res.status, 200);
    assert.ok(Buffer.from(await res.arrayBuffer()).equals(pdfWith(SECRET.fileText)), 'the file downloads byte for byte');
  });
});
