// Quick check of the send path (POST /api/v1/conversations/{id}/messages): messages/s and server
// CPU per message. Not the benchmark (bench/run-realtime.sh): no WebSocket clients, a closed loop
// of concurrent Node fetch clients (8 people with accounts, several clients each). Mixes:
//   group1   every client posts to one group of the 8 senders (the check docs/performance.md used)
//   groups   each client posts to a random one of its sender's groups (32 groups of 5)
//   channel  every client posts to one private channel of 1,000 members (the rest have no account)
//
//   MUSTER_BIN=/tmp/build-send/server/muster node bench/send_check.mjs [--messages 6000] [--clients 32]
//       [--mix group1,groups,channel] [--perf <mix>]   (perf record on the server during that mix;
//       PERF_CALLGRAPH=dwarf for stacks through libraries built without frame pointers)
//
// Reuses tests/integration/lib: starts the real binary on an ephemeral port with a temporary data
// directory, runs setup, adds people. Server CPU is utime+stime from /proc/<pid>/stat before and
// after each run (clock ticks, 10 ms resolution: use enough messages).
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { addMember, expectOk, listAll, setupOrg } from '../tests/integration/lib/fixtures.mjs';
import { startServer } from '../tests/integration/lib/server.mjs';

const args = process.argv.slice(2);
const opt = (name, fallback) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : fallback;
};
const MESSAGES = Number(opt('messages', 6000));
const CLIENTS = Number(opt('clients', 32));
const MIXES = opt('mix', 'group1,groups,channel').split(',');
const PERF = opt('perf', '');
const SENDERS = 8;        // people with accounts (one argon2id hash each)
const GROUP_SIZE = 5;     // every sender is in several groups of 5
const GROUPS = 32;
const CHANNEL_SIZE = 1000;

const TICKS = 100; // USER_HZ
function cpuSeconds(pid) {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / TICKS; // utime, stime (fields 14, 15)
}

async function seed(srv) {
  const { owner, user } = await setupOrg(srv.url);
  const senders = [];
  for (let i = 0; i < SENDERS; i++) {
    const { person, client } = await addMember(owner, { name: `Sender ${i}`, email: `sender${i}@example.com` });
    senders.push({ id: person.id, client });
  }
  // Directory-only people (no account) to fill the channel: one CSV import.
  const rows = ['name,email'];
  for (let i = 0; i < CHANNEL_SIZE; i++) rows.push(`Reader ${i},reader${i}@example.com`);
  expectOk(await owner.request('POST', '/api/v1/people/import?mode=apply', { body: rows.join('\n') + '\n', contentType: 'text/csv' }));
  const everyone = (await listAll(owner)).map((p) => p.id);
  const readers = everyone.filter((id) => id !== user.id && !senders.some((s) => s.id === id));

  const groups = []; // { id, members: [sender index] }
  for (let g = 0; g < GROUPS; g++) {
    const creator = g % SENDERS;
    const others = [];
    for (let k = 1; k < GROUP_SIZE; k++) others.push((creator + k) % SENDERS);
    const res = await senders[creator].client.post('/api/v1/conversations', {
      kind: 'group', name: `G${g}`, member_ids: others.map((i) => senders[i].id),
    });
    groups.push({ id: expectOk(res, 201).id, members: [creator, ...others] });
  }
  const all = expectOk(await senders[0].client.post('/api/v1/conversations', {
    kind: 'group', name: 'All senders', member_ids: senders.slice(1).map((s) => s.id),
  }), 201).id;
  const memberIds = [...senders.map((s) => s.id), ...readers].slice(0, CHANNEL_SIZE - 1);
  const ch = expectOk(await owner.post('/api/v1/conversations', {
    kind: 'channel', name: 'Everyone', visibility: 'private', member_ids: memberIds,
  }), 201);
  const channelView = expectOk(await owner.get(`/api/v1/conversations/${ch.id}`));
  return { owner, senders, groups, all, channel: ch.id, channelMembers: channelView.member_count };
}

// `targets[i]`: { client, conv } for client slot i; each slot posts in a closed loop.
async function run(srv, name, targets) {
  let next = 0;
  let errors = 0;
  const latencies = [];
  const before = cpuSeconds(srv.proc.pid);
  const clientBefore = process.cpuUsage();
  const t0 = performance.now();
  await Promise.all(targets.map(async ({ client, pick }) => {
    while (next < MESSAGES) {
      next++;
      const conv = pick();
      const started = performance.now();
      const res = await client.post(`/api/v1/conversations/${conv}/messages`, {
        client_id: randomUUID(), text: `message ${next} from the send check, about a hundred bytes of ordinary text here.`,
      });
      latencies.push(performance.now() - started);
      if (res.status !== 201) {
        errors++;
        if (errors < 5) console.error(name, res.status, res.text.slice(0, 200));
      }
    }
  }));
  const seconds = (performance.now() - t0) / 1000;
  const cpu = cpuSeconds(srv.proc.pid) - before;
  const clientUsage = process.cpuUsage(clientBefore);
  const clientCpu = (clientUsage.user + clientUsage.system) / 1e6;
  latencies.sort((a, b) => a - b);
  const pct = (p) => latencies[Math.min(latencies.length - 1, Math.floor(latencies.length * p))].toFixed(1);
  const out = {
    mix: name, messages: MESSAGES, clients: targets.length, errors,
    per_second: Math.round(MESSAGES / seconds), server_cpu_s: +cpu.toFixed(2),
    cpu_us_per_message: Math.round((cpu * 1e6) / MESSAGES), server_cores: +(cpu / seconds).toFixed(2),
    client_cores: +(clientCpu / seconds).toFixed(2),
    p50_ms: +pct(0.5), p99_ms: +pct(0.99),
  };
  console.log(JSON.stringify(out));
  return out;
}

function startPerf(pid, mix) {
  const file = `/tmp/send-check-${mix}.perf.data`;
  const perf = spawn('perf', ['record', '--call-graph', process.env.PERF_CALLGRAPH ?? 'fp', '-F', '999', '-o', file, '-p', String(pid)], { stdio: 'inherit' });
  return { file, stop: () => new Promise((resolve) => { perf.once('exit', resolve); perf.kill('SIGINT'); }) };
}

const srv = await startServer();
try {
  const world = await seed(srv);
  console.error(`server pid ${srv.proc.pid}; ${world.groups.length} groups of ${GROUP_SIZE}, channel of ${world.channelMembers}`);
  const rand = (n) => Math.floor(Math.random() * n);
  for (const mix of MIXES) {
    const targets = [];
    for (let i = 0; i < CLIENTS; i++) {
      const s = i % SENDERS;
      const client = world.senders[s].client.clone(); // the sender's session
      if (mix === 'group1') {
        targets.push({ client, pick: () => world.all });
      } else if (mix === 'groups') {
        const mine = world.groups.filter((g) => g.members.includes(s)).map((g) => g.id);
        targets.push({ client, pick: () => mine[rand(mine.length)] });
      } else {
        targets.push({ client, pick: () => world.channel });
      }
    }
    // Warm up (caches, statements), then measure.
    await Promise.all(targets.slice(0, 4).map(async ({ client, pick }) => {
      for (let k = 0; k < 50; k++) await client.post(`/api/v1/conversations/${pick()}/messages`, { client_id: randomUUID(), text: 'warm up' });
    }));
    const perf = PERF === mix ? startPerf(srv.proc.pid, mix) : null;
    if (perf) await new Promise((r) => setTimeout(r, 500));
    await run(srv, mix, targets);
    if (perf) {
      await perf.stop();
      console.error(`perf data: ${perf.file}  (perf report -i ${perf.file} --no-children)`);
    }
  }
} finally {
  await srv.stop();
}
