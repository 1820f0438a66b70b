// At its descriptor limit the server must not spin on failing accept() calls (issue 12: ~6,500 a
// second at 100 % CPU): it pauses accepting, keeps serving the connections it has, and accepts again
// once descriptors free up. The CPU bound is a spin detector, not a benchmark.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import { after, before, describe, test } from 'node:test';
import { startServer } from './lib/server.mjs';

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const TICKS = 100; // clock ticks per second (getconf CLK_TCK) on Linux

function cpuSeconds(pid) {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) / TICKS; // utime + stime
}

function get(agent, url) {
  return new Promise((resolve, reject) => {
    const req = http.get(url, { agent, timeout: 5000 }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode));
    });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', reject);
  });
}

describe('out of file descriptors', () => {
  let srv;
  const hogs = [];
  before(async () => {
    srv = await startServer({ launcher: ['prlimit', '--nofile=96:96', '--'] });
  });
  after(async () => {
    for (const s of hogs) s.destroy();
    await srv?.stop();
  });

  test('the server pauses accepting instead of spinning, serves open connections, and recovers', async () => {
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    assert.equal(await get(agent, `${srv.url}/healthz`), 200, 'a keep-alive connection before the flood');

    // More connections than the server has descriptors: the kernel queues the rest.
    for (let i = 0; i < 150; i++) {
      const s = net.connect(srv.port, '127.0.0.1');
      s.on('error', () => {});
      hogs.push(s);
    }
    await sleep(1000);
    assert.match(srv.logs().stderr, /cannot accept connections/, 'the condition is logged');
    const before = cpuSeconds(srv.proc.pid);
    await sleep(2000);
    const used = cpuSeconds(srv.proc.pid) - before;
    assert.ok(used < 0.6, `the server used ${used.toFixed(2)} s of CPU in 2 s at its descriptor limit`);
    assert.equal((srv.logs().stderr.match(/cannot accept connections/g) ?? []).length, 1, 'logged once per episode');

    assert.equal(await get(agent, `${srv.url}/healthz`), 200, 'the open connection is still served');

    for (const s of hogs.splice(0)) s.destroy();
    await sleep(1500);
    assert.equal(await get(new http.Agent(), `${srv.url}/readyz`), 200, 'new connections are accepted again');
    assert.match(srv.logs().stderr, /accepting connections again/);
    agent.destroy();
  });
});
