// The tamper-evident audit log (issue 14): `muster audit verify` on a stopped server's data
// directory prints the entry count and the head hash, the same head the admin's audit page shows;
// the encrypted database cannot be edited from outside.

import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { cp, rm } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { after, before, describe, test } from 'node:test';
import { expectOk } from './lib/fixtures.mjs';
import { startOrg } from './lib/messaging.mjs';
import { makeTempDir, runCli } from './lib/server.mjs';

const run = promisify(execFile);

describe('muster audit verify', () => {
  let dataDir;
  let head;
  let count;
  const copies = [];
  before(async () => {
    dataDir = await makeTempDir('muster-audit-chain-');
    const org = await startOrg(['Alice', 'Bob', 'Carol'], { serverOptions: { dataDir } });
    const page = expectOk(await org.owner.client.get('/api/v1/admin/audit?limit=200'));
    head = page.chain.head_hash;
    count = page.chain.head_seq;
    assert.ok(count >= 4, `setup and three people leave several entries (${count})`);
    assert.equal(page.items.length, count);
    await org.srv.stop();
  });
  after(async () => {
    for (const d of [dataDir, ...copies]) await rm(d, { recursive: true, force: true });
  });

  test('an untouched log verifies: count and the head hash the audit page showed', async () => {
    const r = await runCli(['audit', 'verify', '--data', dataDir]);
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.match(r.stdout, new RegExp(`OK: ${count} entries, head ${head}`));
  });

  // The database is encrypted at rest (docs/security.md): without the master key nobody can edit an
  // entry at all. Someone who has the key and drops the append-only triggers is caught by the
  // chain: store/sqlite/audit_chain_test.cpp edits, removes, reorders and forges entries in a real
  // SQLite file and checks that verify names each one by its sequence number.
  test('without the master key the stopped database cannot be edited at all', async () => {
    await assert.rejects(run('sqlite3', [path.join(dataDir, 'muster.db'), "UPDATE audit_log SET action = 'x' WHERE seq = 2"]),
      /not a database/);
    const r = await runCli(['audit', 'verify', '--data', dataDir]);
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.match(r.stdout, new RegExp(`OK: ${count} entries, head ${head}`), 'and the log is unchanged');
  });

  test('without the master key verify refuses to run, in one sentence', async () => {
    const copy = await makeTempDir('muster-audit-copy-');
    copies.push(copy);
    await cp(dataDir, path.join(copy, 'data'), { recursive: true });
    const r = await runCli(['audit', 'verify', '--data', path.join(copy, 'data')]);
    assert.equal(r.code, 1, r.stdout + r.stderr);
    assert.match(r.stderr, /master key .* is missing/);
  });
});
