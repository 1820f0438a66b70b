// Starts the real `muster` binary on an ephemeral port with a fresh data directory.
//
//   const srv = await startServer({ env: { MUSTER_INVITATION_TTL: '2' } });
//   ... fetch(srv.url + '/healthz') ...
//   await srv.stop();            // kills the process and removes the temporary data directory
//
// Each temporary data directory is `<its own temp folder>/data`, so the master key file that the
// server creates beside it (`data.key`) lands in that folder too; every such folder is removed
// when the test process exits, so nothing is left in /tmp.
//
// The binary is MUSTER_BIN, or <repo>/build/server/muster (the tests folder's ../build/server/muster).

import { spawn } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
/** The tests folder (…/tests). */
export const TESTS_DIR = path.resolve(here, '..', '..');
/** The repository root (…/). */
export const REPO_ROOT = path.resolve(TESTS_DIR, '..');
/** The binary under test. */
export const MUSTER_BIN = process.env.MUSTER_BIN
  ? path.resolve(process.env.MUSTER_BIN)
  : path.resolve(TESTS_DIR, '..', 'build', 'server', 'muster');

const LISTEN_LINE = /^muster listening on (https?:\/\/127\.0\.0\.1:(\d+))\s*$/;
const START_TIMEOUT_MS = 20_000;

function assertBinary() {
  if (!existsSync(MUSTER_BIN)) {
    throw new Error(
      `muster binary not found at ${MUSTER_BIN}: build the server first ` +
        '(cmake --build build) or set MUSTER_BIN to its path',
    );
  }
}

const tempParents = new Set();
process.on('exit', () => {
  for (const parent of tempParents) rmSync(parent, { recursive: true, force: true });
});

/** A fresh empty temporary directory, alone in a temporary folder of its own (removed at exit). */
export async function makeTempDir(prefix = 'muster-it-') {
  const parent = await mkdtemp(path.join(tmpdir(), prefix));
  tempParents.add(parent);
  const dir = path.join(parent, 'data');
  await mkdir(dir);
  return dir;
}

/** The master key file the server creates for `dataDir` by default: its sibling `<name>.key`. */
export function keyFileOf(dataDir) {
  return `${dataDir.replace(/\/+$/, '')}.key`;
}

/** Environment for a child process: ours, without MUSTER_* settings that could leak in, plus `extra`. */
function childEnv(extra = {}) {
  const env = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (!k.startsWith('MUSTER_')) env[k] = v;
  }
  return { ...env, ...extra };
}

/**
 * Starts `muster serve --data <dir> --listen 127.0.0.1:0`.
 * options.env: extra environment (e.g. { MUSTER_INVITATION_TTL: '2' }).
 * options.dataDir: use this existing directory instead of a fresh one (it is then not removed by stop()
 *   unless options.removeDataDir is true).
 * options.args: extra command-line arguments.
 * options.launcher: a command and its arguments that run the binary (e.g. a lower descriptor limit).
 * Returns { url, port, dataDir, proc, logs(), stop() }.
 */
export async function startServer(options = {}) {
  assertBinary();
  const ownDir = !options.dataDir;
  const dataDir = options.dataDir ?? (await makeTempDir());
  const removeDataDir = options.removeDataDir ?? ownDir;
  const args = ['serve', '--data', dataDir, '--listen', '127.0.0.1:0', ...(options.args ?? [])];
  // options.launcher: a command that runs the binary, e.g. ['prlimit', '--nofile=64', '--'].
  const [command, ...commandArgs] = [...(options.launcher ?? []), MUSTER_BIN, ...args];
  const proc = spawn(command, commandArgs, {
    env: childEnv(options.env),
    stdio: ['ignore', 'pipe', 'pipe'],
  });

  let stdout = '';
  let stderr = '';
  const exited = new Promise((resolve) => proc.once('exit', (code, signal) => resolve({ code, signal })));

  const url = await new Promise((resolve, reject) => {
    let pending = '';
    const timer = setTimeout(() => {
      proc.kill('SIGKILL');
      reject(new Error(`muster did not print its listening line within ${START_TIMEOUT_MS} ms\n` +
        `stdout:\n${stdout}\nstderr:\n${stderr}`));
    }, START_TIMEOUT_MS);
    proc.stdout.setEncoding('utf8');
    proc.stderr.setEncoding('utf8');
    proc.stdout.on('data', (chunk) => {
      stdout += chunk;
      pending += chunk;
      let nl;
      while ((nl = pending.indexOf('\n')) >= 0) {
        const line = pending.slice(0, nl).replace(/\r$/, '');
        pending = pending.slice(nl + 1);
        const m = LISTEN_LINE.exec(line);
        if (m) {
          clearTimeout(timer);
          resolve(m[1]);
        }
      }
    });
    proc.stderr.on('data', (chunk) => {
      stderr += chunk;
    });
    proc.once('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
    exited.then(({ code, signal }) => {
      clearTimeout(timer);
      reject(new Error(`muster exited before listening (code ${code}, signal ${signal})\n` +
        `args: ${args.join(' ')}\nstdout:\n${stdout}\nstderr:\n${stderr}`));
    });
  });

  let stopped = false;
  async function stop() {
    if (stopped) return;
    stopped = true;
    if (proc.exitCode === null && proc.signalCode === null) {
      proc.kill('SIGTERM');
      const killer = setTimeout(() => proc.kill('SIGKILL'), 5_000);
      await exited;
      clearTimeout(killer);
    }
    if (removeDataDir) await rm(ownDir ? path.dirname(dataDir) : dataDir, { recursive: true, force: true });
  }

  return {
    url,
    port: Number(new URL(url).port),
    dataDir,
    proc,
    logs: () => ({ stdout, stderr }),
    exited,
    stop,
  };
}

/**
 * Runs the binary with `args` and waits for it to exit.
 * options.input: text written to stdin (stdin is then closed). options.env: extra environment.
 * Returns { code, signal, stdout, stderr }.
 */
export async function runCli(args, options = {}) {
  assertBinary();
  const proc = spawn(MUSTER_BIN, args, {
    env: childEnv(options.env),
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  proc.stdout.setEncoding('utf8');
  proc.stderr.setEncoding('utf8');
  proc.stdout.on('data', (c) => (stdout += c));
  proc.stderr.on('data', (c) => (stderr += c));
  proc.stdin.on('error', () => {}); // the program may exit without reading stdin
  if (options.input !== undefined) proc.stdin.end(options.input);
  else proc.stdin.end();
  const timeoutMs = options.timeoutMs ?? 30_000;
  const result = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      proc.kill('SIGKILL');
      reject(new Error(`muster ${args.join(' ')} did not exit within ${timeoutMs} ms\nstdout:\n${stdout}\nstderr:\n${stderr}`));
    }, timeoutMs);
    proc.once('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    proc.once('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal });
    });
  });
  return { ...result, stdout, stderr };
}
