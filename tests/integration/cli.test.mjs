// The command line: help, version, creating the organization without the web setup, and resetting a
// password when the owner is locked out.

import assert from 'node:assert/strict';
import { rm } from 'node:fs/promises';
import { after, describe, test } from 'node:test';
import { Client } from './lib/client.mjs';
import { expectError, expectOk } from './lib/fixtures.mjs';
import { makeTempDir, runCli, startServer } from './lib/server.mjs';

const out = (r) => `${r.stdout}\n${r.stderr}`;

describe('muster CLI', () => {
  const dirs = [];
  const servers = [];
  const freshDir = async () => {
    const d = await makeTempDir('muster-cli-');
    dirs.push(d);
    return d;
  };
  const serve = async (dataDir) => {
    const s = await startServer({ dataDir });
    servers.push(s);
    return s;
  };
  after(async () => {
    for (const s of servers) await s.stop();
    for (const d of dirs) await rm(d, { recursive: true, force: true });
  });

  test('muster --help describes the commands and exits 0', async () => {
    const r = await runCli(['--help']);
    assert.equal(r.code, 0, out(r));
    for (const word of ['serve', 'admin', 'version']) assert.match(out(r), new RegExp(word), `--help mentions ${word}`);
  });

  for (const [args, words] of [
    [['serve', '--help'], ['--data', '--listen', '--web', '--public-url']],
    [['admin', '--help'], ['create-org', 'reset-password']],
    [['admin', 'create-org', '--help'], ['--data', '--name', '--language', '--owner-name', '--owner-email', '--owner-password']],
    [['admin', 'reset-password', '--help'], ['--data', '--login', '--password']],
  ]) {
    test(`muster ${args.join(' ')} lists its options`, async () => {
      const r = await runCli(args);
      assert.equal(r.code, 0, out(r));
      for (const w of words) assert.ok(out(r).includes(w), `${args.join(' ')} mentions ${w}:\n${out(r)}`);
    });
  }

  test('muster version prints a version and exits 0', async () => {
    const r = await runCli(['version']);
    assert.equal(r.code, 0, out(r));
    assert.match(r.stdout.trim(), /\d/, `version output: ${JSON.stringify(r.stdout)}`);
  });

  test('an unknown command fails with a non-zero exit', async () => {
    const r = await runCli(['frobnicate']);
    assert.notEqual(r.code, 0);
  });

  let dir;
  let srv;
  test('admin create-org (password on stdin), then serve and sign in as that owner', async () => {
    dir = await freshDir();
    const r = await runCli(
      ['admin', 'create-org', '--data', dir, '--name', 'Gulf Logistics', '--language', 'ar', '--owner-name', 'هدى المالك', '--owner-email', 'huda.owner@example.com'],
      { input: 'cli-owner-password\n' },
    );
    assert.equal(r.code, 0, `create-org failed:\n${out(r)}`);
    assert.ok(!out(r).includes('cli-owner-password'), 'the password is never printed');

    srv = await serve(dir);
    const anon = new Client(srv.url);
    assert.deepEqual(expectOk(await anon.get('/api/v1/setup')), { needed: false });
    const c = new Client(srv.url);
    const body = expectOk(await c.post('/api/v1/auth/sign-in', { login: 'huda.owner@example.com', password: 'cli-owner-password' }));
    assert.equal(body.user.role, 'owner');
    assert.equal(body.user.name, 'هدى المالك');
    const me = expectOk(await c.get('/api/v1/me'));
    assert.equal(me.organization.name, 'Gulf Logistics');
    assert.equal(me.organization.default_language, 'ar');
    // The web setup is closed.
    const setup = await new Client(srv.url).post('/api/v1/setup', {
      organization_name: 'Other',
      default_language: 'en',
      owner: { name: 'Other', email: 'other@example.com', password: 'other-password' },
    });
    expectError(setup, 409, 'conflict');
  });

  test('admin reset-password while the server runs: the new password works, the old does not', async () => {
    const r = await runCli(['admin', 'reset-password', '--data', dir, '--login', 'huda.owner@example.com', '--password', 'reset-password-2']);
    assert.equal(r.code, 0, `reset-password failed:\n${out(r)}`);
    expectError(
      await new Client(srv.url).post('/api/v1/auth/sign-in', { login: 'huda.owner@example.com', password: 'cli-owner-password' }),
      401,
      'unauthenticated',
      'old password',
    );
    const c = new Client(srv.url);
    expectOk(await c.post('/api/v1/auth/sign-in', { login: 'huda.owner@example.com', password: 'reset-password-2' }), 200, 'new password');
    const audit = expectOk(await c.get('/api/v1/admin/audit?action=password.reset'));
    assert.equal(audit.items.length, 1, 'the reset is in the audit log');
    assert.equal(audit.items[0].target_id, c.user.id);
  });

  test('admin reset-password (stdin) after a restart', async () => {
    await srv.stop();
    const r = await runCli(['admin', 'reset-password', '--data', dir, '--login', 'huda.owner@example.com'], { input: 'reset-password-3\n' });
    assert.equal(r.code, 0, `reset-password failed:\n${out(r)}`);
    srv = await serve(dir);
    expectError(
      await new Client(srv.url).post('/api/v1/auth/sign-in', { login: 'huda.owner@example.com', password: 'reset-password-2' }),
      401,
      'unauthenticated',
    );
    expectOk(await new Client(srv.url).post('/api/v1/auth/sign-in', { login: 'huda.owner@example.com', password: 'reset-password-3' }));
  });

  test('reset-password refuses an unknown login and a too-short password, changing nothing', async () => {
    const unknown = await runCli(['admin', 'reset-password', '--data', dir, '--login', 'ghost@example.com', '--password', 'ghost-password']);
    assert.notEqual(unknown.code, 0, 'unknown login must fail');
    const short = await runCli(['admin', 'reset-password', '--data', dir, '--login', 'huda.owner@example.com', '--password', 'short']);
    assert.notEqual(short.code, 0, 'a 5-character password must be refused');
    expectOk(await new Client(srv.url).post('/api/v1/auth/sign-in', { login: 'huda.owner@example.com', password: 'reset-password-3' }));
  });

  test('create-org on a data directory that already has an organization fails and changes nothing', async () => {
    const r = await runCli(
      ['admin', 'create-org', '--data', dir, '--name', 'Second Org', '--language', 'en', '--owner-name', 'Intruder', '--owner-email', 'intruder@example.com', '--owner-password', 'intruder-password'],
    );
    assert.notEqual(r.code, 0, 'a second create-org must fail');
    const c = new Client(srv.url);
    expectOk(await c.post('/api/v1/auth/sign-in', { login: 'huda.owner@example.com', password: 'reset-password-3' }));
    assert.equal(expectOk(await c.get('/api/v1/organization')).name, 'Gulf Logistics');
    expectError(
      await new Client(srv.url).post('/api/v1/auth/sign-in', { login: 'intruder@example.com', password: 'intruder-password' }),
      401,
      'unauthenticated',
    );
  });

  test('create-org with --owner-password, and refusing a too-short password', async () => {
    const bad = await freshDir();
    const r1 = await runCli(['admin', 'create-org', '--data', bad, '--name', 'Short', '--language', 'en', '--owner-name', 'S', '--owner-email', 's@example.com', '--owner-password', 'short']);
    assert.notEqual(r1.code, 0, 'a 5-character password must be refused');
    const s1 = await serve(bad);
    assert.deepEqual(expectOk(await new Client(s1.url).get('/api/v1/setup')), { needed: true }, 'nothing was created');

    const good = await freshDir();
    const r2 = await runCli(['admin', 'create-org', '--data', good, '--name', 'Flag Org', '--language', 'en', '--owner-name', 'Fay', '--owner-email', 'fay@example.com', '--owner-password', 'flag-password-1']);
    assert.equal(r2.code, 0, out(r2));
    const s2 = await serve(good);
    const c = new Client(s2.url);
    expectOk(await c.post('/api/v1/auth/sign-in', { login: 'fay@example.com', password: 'flag-password-1' }));
    assert.equal(expectOk(await c.get('/api/v1/me')).organization.default_language, 'en');
  });
});
