// Heartbeats (docs/api/messaging.md): the server pings a socket that has been silent for half the
// idle timeout and drops one that stays silent for all of it, so dead phones do not hold memory.
// The timeout is shortened here with --ws-idle-timeout 4 (the default is 300 s).

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { openSocket, sleep, startOrg } from './lib/messaging.mjs';

describe('WebSocket heartbeats', () => {
  let org;
  const sockets = [];
  before(async () => {
    org = await startOrg(['Alice'], { serverOptions: { args: ['--ws-idle-timeout', '4'] } });
  });
  after(async () => {
    for (const s of sockets) s.close();
    await org?.srv.stop();
  });

  test('a client that answers pings stays; one that does not is dropped after the timeout', { timeout: 30_000 }, async () => {
    const alive = await openSocket(org.url, org.people.alice.client);
    const dead = await openSocket(org.url, org.people.alice.client, { wsOptions: { autoPong: false } });
    sockets.push(alive, dead);
    let pings = 0;
    alive.ws.on('ping', () => pings++);
    let deadPings = 0;
    dead.ws.on('ping', () => deadPings++);

    const t0 = Date.now();
    const closed = await Promise.race([dead.closed, sleep(12_000).then(() => null)]);
    assert.ok(closed, 'the silent socket was dropped within 12 s');
    const after = (closed.at - t0) / 1000;
    assert.ok(after >= 3, `not before the timeout (${after.toFixed(1)} s)`);
    assert.ok(deadPings >= 1, 'it was pinged first');

    await sleep(4_000); // another whole timeout: the answering socket is still there
    assert.ok(alive.isOpen, 'the socket that answers pings is still open');
    assert.ok(pings >= 2, `it was pinged while quiet (${pings} pings)`);
    alive.send({ type: 'ping' });
    await alive.waitFor((f) => f.type === 'pong', 3000, 'pong');
  });
});
