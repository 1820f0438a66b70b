// Encryption at rest, keys (docs/operations.md, "Keys"): the master key file created at the first
// start, the other key sources, refusal with a missing or wrong key (changing nothing), attachment
// files sealed on disk, and `muster keys rotate` while the server serves.

import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { readFile, readdir, rename, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { eventually, makePng, startOrg, storedFiles, uploadAttachment } from './lib/messaging.mjs';
import { keyFileOf, makeTempDir, runCli, startServer } from './lib/server.mjs';

const LATIN = 'Zephyr-Quartermaster-Ledger-7781';
const ARABIC = 'سجلّ_الرواتب_السري_٤٤١٧';
// A PDF (allowed by content sniffing) carrying both strings in its body.
const DOCUMENT = Buffer.from(`%PDF-1.4\n% ${LATIN} ${ARABIC}\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n`, 'utf8');

/** Every file under `dir`, relative path -> bytes. */
async function snapshot(dir) {
  const out = {};
  const walk = async (d) => {
    for (const e of await readdir(d, { withFileTypes: true })) {
      const full = path.join(d, e.name);
      if (e.isDirectory()) await walk(full);
      else out[path.relative(dir, full)] = (await readFile(full)).toString('base64');
    }
  };
  await walk(dir);
  return out;
}

async function download(url, client, id) {
  const res = await fetch(`${url}/api/v1/attachments/${id}`, { headers: { cookie: `muster_session=${client.sessionCookie}` } });
  return { status: res.status, bytes: Buffer.from(await res.arrayBuffer()) };
}

/** Starts a server that must fail; returns its exit code and output. */
async function failingStart(dataDir, { env = {}, args = [] } = {}) {
  return runCli(['serve', '--data', dataDir, '--listen', '127.0.0.1:0', ...args], { env });
}

describe('master key and keyring', () => {
  let dataDir;
  let keyFile;
  before(async () => {
    dataDir = await makeTempDir('muster-keys-');
    keyFile = keyFileOf(dataDir);
  });

  test('the first start creates an owner-only key file beside the data directory and says so', async () => {
    const srv = await startServer({ dataDir });
    const { stderr } = srv.logs();
    await srv.stop();
    const info = await stat(keyFile);
    assert.equal(info.mode & 0o777, 0o600, 'key file mode');
    assert.match((await readFile(keyFile, 'utf8')).trim(), /^[0-9a-f]{64}$/);
    assert.ok(stderr.includes(keyFile), `the message names the key file:\n${stderr}`);
    assert.match(stderr, /back this file up now, apart from the data directory/);
    assert.ok((await readdir(dataDir)).includes('keyring'));
    assert.ok(!(await readdir(dataDir)).some((n) => n.endsWith('.key')), 'no key inside the data directory');
    // A restart with the same key works and creates no other key.
    const again = await startServer({ dataDir });
    assert.doesNotMatch(again.logs().stderr, /created a new master key/);
    assert.equal((await fetch(`${again.url}/healthz`)).status, 200);
    await again.stop();
  });

  test('a missing key fails with one clear sentence and changes nothing', async () => {
    const before = await snapshot(dataDir);
    await rename(keyFile, `${keyFile}.away`);
    try {
      const r = await failingStart(dataDir);
      assert.notEqual(r.code, 0);
      assert.match(r.stderr, /master key of .* is missing/);
      assert.deepEqual(await snapshot(dataDir), before, 'the data directory is byte for byte the same');
      await assert.rejects(stat(keyFile), 'no new key file was made');
    } finally {
      await rename(`${keyFile}.away`, keyFile);
    }
  });

  test('a wrong key fails and changes nothing', async () => {
    const before = await snapshot(dataDir);
    const r = await failingStart(dataDir, { env: { MUSTER_MASTER_KEY: randomBytes(32).toString('hex') } });
    assert.notEqual(r.code, 0);
    assert.match(r.stderr, /does not open .*keyring/);
    assert.deepEqual(await snapshot(dataDir), before);
    const bad = await failingStart(dataDir, { env: { MUSTER_MASTER_KEY: 'not-hex' } });
    assert.notEqual(bad.code, 0);
    assert.match(bad.stderr, /64 hexadecimal digits/);
    assert.doesNotMatch(bad.stderr, /not-hex/, 'the given value is never echoed');
  });

  test('a key file readable by others is refused with chmod advice', async () => {
    const { chmod } = await import('node:fs/promises');
    await chmod(keyFile, 0o644);
    try {
      const r = await failingStart(dataDir);
      assert.notEqual(r.code, 0);
      assert.match(r.stderr, /chmod 600/);
    } finally {
      await chmod(keyFile, 0o600);
    }
  });

  test('the key can come from MUSTER_MASTER_KEY or an inherited descriptor instead of the file', async () => {
    const hex = (await readFile(keyFile, 'utf8')).trim();
    await rename(keyFile, `${keyFile}.away`);
    try {
      const viaEnv = await startServer({ dataDir, env: { MUSTER_MASTER_KEY: hex } });
      await viaEnv.stop();
      const viaFd = await startServer({
        dataDir,
        args: ['--key-fd', '3'],
        launcher: ['sh', '-c', `exec "$@" 3<"${keyFile}.away"`, 'sh'],
      });
      await viaFd.stop();
      await assert.rejects(stat(keyFile), 'neither source created a key file');
    } finally {
      await rename(`${keyFile}.away`, keyFile);
    }
  });

  test('keys rotate-master re-wraps the keyring under a new key file; the old key no longer opens it', async () => {
    const oldHex = (await readFile(keyFile, 'utf8')).trim();
    const r = await runCli(['keys', 'rotate-master', '--data', dataDir]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /Back up the new key now/);
    const newHex = (await readFile(keyFile, 'utf8')).trim();
    assert.notEqual(newHex, oldHex);
    assert.equal((await stat(keyFile)).mode & 0o777, 0o600);
    await assert.rejects(stat(`${keyFile}.new`), 'no staged key left behind');
    const srv = await startServer({ dataDir });
    await srv.stop();
    const old = await failingStart(dataDir, { env: { MUSTER_MASTER_KEY: oldHex } });
    assert.notEqual(old.code, 0);
    assert.match(old.stderr, /does not open .*keyring/);
  });
});

describe('sealed attachment files and key rotation', () => {
  let org;
  let alice;
  before(async () => {
    const dataDir = await makeTempDir('muster-keys-files-');  // kept across the restart below
    org = await startOrg(['Alice'], { serverOptions: { dataDir, args: ['--scheduler-tick', '1'] } });
    ({ alice } = org.people);
  });
  after(async () => {
    await org?.srv.stop();
  });

  test('no uploaded plaintext and no thumbnail pixels reach the files directory', async () => {
    const res = await uploadAttachment(alice.client, 'payroll.pdf', DOCUMENT, 'application/pdf');
    assert.equal(res.status, 201);
    const png = makePng(120, 80);
    const image = await uploadAttachment(alice.client, 'photo.png', png, 'image/png');
    assert.equal(image.status, 201);
    assert.equal(image.body.has_thumbnail, true);
    const files = await storedFiles(org.srv);
    assert.ok(files.length >= 3, 'document, image and thumbnail are stored');
    for (const f of files) {
      const bytes = await readFile(f);
      assert.equal(bytes.subarray(0, 7).toString('latin1'), 'MUSTERF', `${f} is sealed`);
      for (const needle of [LATIN, ARABIC, 'payroll', '%PDF']) assert.equal(bytes.indexOf(Buffer.from(needle)), -1, `${needle} in ${f}`);
      assert.equal(bytes.indexOf(png.subarray(0, 16)), -1, 'no PNG header on disk');
    }
    const back = await download(org.url, alice.client, res.body.id);
    assert.equal(back.status, 200);
    assert.ok(back.bytes.equals(DOCUMENT), 'the download is the original');
  });

  test('keys rotate while serving: new writes use the new key, old files still open, the old key is retired', async () => {
    const old = await uploadAttachment(alice.client, 'before.pdf', DOCUMENT, 'application/pdf');
    assert.equal(old.status, 201);
    const r = await runCli(['keys', 'rotate', '--data', org.srv.dataDir]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /Data key 2 is now the key for new writes/);
    const keyring = async () => JSON.parse(await readFile(path.join(org.srv.dataDir, 'keyring'), 'utf8'));
    await eventually(async () => (await keyring()).keys.find((k) => k.id === 1)?.retired === true, {
      timeoutMs: 15_000,
      what: 'data key 1 retired by the background job',
    });
    for (const f of await storedFiles(org.srv)) {
      const bytes = await readFile(f);
      assert.equal(bytes.readUInt32LE(8), 2, `${f} is under data key 2`);
    }
    const back = await download(org.url, alice.client, old.body.id);
    assert.ok(back.bytes.equals(DOCUMENT), 'a file from before the rotation opens');
    const after = await uploadAttachment(alice.client, 'after.pdf', DOCUMENT, 'application/pdf');
    assert.equal(after.status, 201);
    assert.ok((await download(org.url, alice.client, after.body.id)).bytes.equals(DOCUMENT));
  });

  test('a plaintext file left by an older version is sealed at the next start', async () => {
    const res = await uploadAttachment(alice.client, 'legacy.pdf', DOCUMENT, 'application/pdf');
    assert.equal(res.status, 201);
    const file = (await storedFiles(org.srv)).find((f) => path.basename(f) === res.body.id);
    await org.srv.stop();
    await writeFile(file, DOCUMENT);  // as the previous version stored it
    const srv = await startServer({ dataDir: org.srv.dataDir });
    org.srv = srv;
    assert.equal((await readFile(file)).subarray(0, 7).toString('latin1'), 'MUSTERF');
    const back = await download(srv.url, alice.client, res.body.id);
    assert.equal(back.status, 200);
    assert.ok(back.bytes.equals(DOCUMENT));
  });
});
