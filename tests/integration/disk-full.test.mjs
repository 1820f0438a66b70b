// A full disk (issue 12): sends, sign-in and uploads answer 503 `unavailable` with words people
// understand and no server paths; /readyz says why; the cause is logged once; and when space
// returns everything works again by itself, with no acknowledged message lost. The data directory
// lives on a small tmpfs of the test's own (CI runs as root on this kind of machine).

import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { openSync, closeSync, writeSync, rmSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { allMessages, createConversation, sendMessage, startOrg, uploadAttachment } from './lib/messaging.mjs';
import { Client } from './lib/client.mjs';
import { startServer } from './lib/server.mjs';

// Writes to `file` until the disk refuses.
function fill(file) {
  const fd = openSync(file, 'w');
  const block = Buffer.alloc(256 * 1024, 1);
  try {
    for (;;) writeSync(fd, block);
  } catch (e) {
    assert.equal(e.code, 'ENOSPC', `filling stopped with ${e.code}`);
  } finally {
    closeSync(fd);
  }
}

describe('a full disk', () => {
  let mountDir;
  let org;
  before(async () => {
    mountDir = await mkdtemp(path.join(tmpdir(), 'muster-full-'));
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=24m', 'tmpfs', mountDir]);
    const srv = await startServer({ dataDir: path.join(mountDir, 'data'), removeDataDir: false });
    org = await startOrg(['Bob'], { srv });
  });
  after(async () => {
    await org?.srv.stop();
    try {
      execFileSync('umount', [mountDir]);
    } finally {
      await rm(mountDir, { recursive: true, force: true });
    }
  });

  test('is refused clearly, reported by /readyz, logged once, and forgotten when space returns', async () => {
    const { owner, srv } = org;
    const { bob } = org.people;
    const group = await createConversation(owner.client, { kind: 'group', name: 'full', member_ids: [bob.id] });
    const acknowledged = [await sendMessage(owner.client, group.id, 'before')];

    const filler = path.join(mountDir, 'filler');
    fill(filler);

    // The database may still have room in pages it already holds: send until it has none.
    let refused;
    for (let i = 0; i < 400 && !refused; i++) {
      const res = await owner.client.post(`/api/v1/conversations/${group.id}/messages`, { client_id: `full-${i}`, text: `while full ${i} ${'x'.repeat(2000)}` });
      if (res.status === 201) acknowledged.push(res.body);
      else refused = res;
    }
    assert.ok(refused, 'a send is refused once the disk is full');
    assert.equal(refused.status, 503, refused.text);
    assert.equal(refused.body.error.code, 'unavailable');
    assert.match(refused.body.error.message, /disk is full/);
    assert.ok(!refused.text.includes(mountDir) && !refused.text.includes('sqlite'), refused.text);

    const signIn = await new Client(srv.url).post('/api/v1/auth/sign-in', { login: bob.email, password: bob.password });
    assert.equal(signIn.status, 503, signIn.text);
    assert.equal(signIn.body.error.code, 'unavailable');

    const upload = await uploadAttachment(owner.client, 'notes.txt', Buffer.alloc(512 * 1024, 65), 'text/plain');
    assert.equal(upload.status, 503, upload.text);
    assert.ok(!upload.text.includes(mountDir) && !upload.text.includes('/files/'), upload.text);

    const ready = await fetch(`${srv.url}/readyz`);
    assert.equal(ready.status, 503);
    assert.deepEqual(await ready.json(), { status: 'unavailable', reason: 'disk_full' });
    assert.equal((srv.logs().stderr.match(/storage full/g) ?? []).length, 1, 'the cause is logged once per episode');
    assert.match(srv.logs().stderr, /storage full.*cause=/);

    rmSync(filler);
    const back = await fetch(`${srv.url}/readyz`);
    assert.equal(back.status, 200, 'ready again once space returns');
    acknowledged.push(await sendMessage(owner.client, group.id, 'after'));
    assert.equal((await new Client(srv.url).post('/api/v1/auth/sign-in', { login: bob.email, password: bob.password })).status, 200);

    const stored = await allMessages(bob.client, group.id);
    const ids = new Set(stored.map((m) => m.id));
    assert.deepEqual(acknowledged.filter((m) => !ids.has(m.id)), [], 'every acknowledged message is there');
    assert.match(srv.logs().stderr, /storage writable again/);
  });
});
