// A broadcast server with rooms, written the way a Node developer would with the `ws` package:
// the comparison peer for Muster's fan-out in bench/run-realtime.sh.
//
//   GET  /ws?rooms=a,b,c   WebSocket upgrade; the client joins those rooms and gets {"type":"hello"}
//   POST /publish/<room>   body = the message (bytes); sent as one text frame to every member; 204
//
// Listens on 127.0.0.1 (port from argv[2], 0 = any) and prints `listening PORT` on stdout.
// Uses Debian's node-ws (/usr/share/nodejs) or a local node_modules (bench/peers/package.json).
'use strict';
const http = require('http');
const { WebSocketServer } = require('ws');

const rooms = new Map(); // room name -> Set of sockets

const server = http.createServer((req, res) => {
  const m = /^\/publish\/([A-Za-z0-9_.-]{1,64})$/.exec(req.url);
  if (req.method !== 'POST' || !m) {
    res.writeHead(404).end();
    return;
  }
  const chunks = [];
  let size = 0;
  req.on('data', (c) => {
    size += c.length;
    if (size > 65536) req.destroy();
    else chunks.push(c);
  });
  req.on('end', () => {
    const text = Buffer.concat(chunks).toString('utf8');
    const members = rooms.get(m[1]);
    if (members) for (const ws of members) ws.send(text);
    res.writeHead(204).end();
  });
});

const wss = new WebSocketServer({ server, path: '/ws', perMessageDeflate: false, maxPayload: 65536 });
wss.on('connection', (ws, req) => {
  const q = new URL(req.url, 'http://x').searchParams.get('rooms');
  const joined = q ? q.split(',').filter((r) => /^[A-Za-z0-9_.-]{1,64}$/.test(r)) : [];
  for (const r of joined) {
    let set = rooms.get(r);
    if (!set) rooms.set(r, (set = new Set()));
    set.add(ws);
  }
  ws.on('close', () => {
    for (const r of joined) {
      const set = rooms.get(r);
      if (set) {
        set.delete(ws);
        if (set.size === 0) rooms.delete(r);
      }
    }
  });
  ws.on('error', () => {});
  ws.send('{"type":"hello"}');
});

server.keepAliveTimeout = 60000;
server.listen(Number(process.argv[2] || 0), '127.0.0.1', () => {
  process.stdout.write(`listening ${server.address().port}\n`);
});
process.on('SIGTERM', () => process.exit(0));
