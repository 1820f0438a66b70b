// The tamper-evident audit log (issue 14): with the server stopped, someone holding the database
// drops the append-only triggers and edits, deletes or reorders an audit row with the sqlite3 CLI;
// `muster audit verify` names the entry and exits non-zero. Untouched, it prints the entry count
// and the head hash, the same head the admin's audit page shows.

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
const DROP = 'DROP TRIGGER audit_log_no_update; DROP TRIGGER audit_log_no_delete; DROP TRIGGER audit_log_chained_only;';

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

  // A copy of the stopped server's data directory with `sql` applied by the sqlite3 CLI.
  async function tampered(sql) {
    const copy = await makeTempDir('muster-audit-tampered-');
    copies.push(copy);
    await cp(dataDir, copy, { recursive: true });
    await run('sqlite3', [path.join(copy, 'muster.db'), sql]);
    return copy;
  }

  test('an untouched log verifies: count and the head hash the audit page showed', async () => {
    const r = await runCli(['audit', 'verify', '--data', dataDir]);
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.match(r.stdout, new RegExp(`OK: ${count} entries, head ${head}`));
  });

  test('with the triggers in place the database itself refuses to change an entry', async () => {
    const copy = await makeTempDir('muster-audit-tampered-');
    copies.push(copy);
    await cp(dataDir, copy, { recursive: true });
    await assert.rejects(run('sqlite3', [path.join(copy, 'muster.db'), "UPDATE audit_log SET action = 'x' WHERE seq = 2"]),
      /append-only/);
    await assert.rejects(run('sqlite3', [path.join(copy, 'muster.db'), 'DELETE FROM audit_log WHERE seq = 2']), /append-only/);
  });

  for (const [what, sql, pattern] of [
    ['an edited entry', `${DROP} UPDATE audit_log SET actor_name = 'Someone else' WHERE seq = 3;`, /BROKEN at seq 3 id \d+ \(edited\)/],
    ['a removed entry', `${DROP} DELETE FROM audit_log WHERE seq = 2;`, /BROKEN at seq 2 id \d+ \(removed\)/],
    ['reordered entries',
      `${DROP} UPDATE audit_log SET seq = -1 WHERE seq = 2; UPDATE audit_log SET seq = 2 WHERE seq = 3; UPDATE audit_log SET seq = 3 WHERE seq = -1;`,
      /BROKEN at seq 2 id \d+ \(reordered\)/],
  ]) {
    test(`${what} is named by its sequence number and id, exit code non-zero`, async () => {
      const copy = await tampered(sql);
      const r = await runCli(['audit', 'verify', '--data', copy]);
      assert.equal(r.code, 2, r.stdout + r.stderr);
      assert.match(r.stdout, pattern);
    });
  }

  test('a rewritten tail is caught against the noted head only: the count or head differs', async () => {
    const copy = await tampered(`${DROP} DELETE FROM audit_log WHERE seq = (SELECT max(seq) FROM audit_log);`);
    const r = await runCli(['audit', 'verify', '--data', copy]);
    assert.equal(r.code, 0, 'dropping the newest entry leaves a valid shorter chain');
    assert.doesNotMatch(r.stdout, new RegExp(head), 'but its head is not the one noted');
  });
});
