// The https front for trying the client on a real phone (scripts/serve-lan): terminates TLS and
// sends `/api/…` (requests and WebSocket upgrades, such as the capture stream) to the server and
// everything else (the page, its assets, trunk's live-reload socket) to `trunk serve`.
//
//   node scripts/lan-proxy.mjs --cert server.crt --key server.key --listen 0.0.0.0:8443 \
//     --api 127.0.0.1:8080 --web 127.0.0.1:8081
//
// Why not trunk's own proxy: its WebSocket proxy answers the browser's upgrade without the
// subprotocol the browser asked for, and the capture stream's token travels as a subprotocol, so
// the browser refuses the connection. Here the upgrade passes through untouched, byte for byte.
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';

const { values: opt } = parseArgs({
  options: {
    cert: { type: 'string' },
    key: { type: 'string' },
    listen: { type: 'string', default: '0.0.0.0:8443' },
    api: { type: 'string', default: '127.0.0.1:8080' },
    web: { type: 'string', default: '127.0.0.1:8081' },
  },
});
if (!opt.cert || !opt.key) {
  console.error('usage: lan-proxy.mjs --cert <file> --key <file> [--listen host:port] [--api host:port] [--web host:port]');
  process.exit(2);
}

/** `host:port` as `{ host, port }`. */
function address(text) {
  const at = text.lastIndexOf(':');
  return { host: text.slice(0, at), port: Number(text.slice(at + 1)) };
}
const api = address(opt.api);
const web = address(opt.web);
const backend = (url) => (url === '/api' || url.startsWith('/api/') ? api : web);

const server = https.createServer({ cert: readFileSync(opt.cert), key: readFileSync(opt.key) }, (req, res) => {
  const to = backend(req.url);
  const upstream = http.request(
    { ...to, method: req.method, path: req.url, headers: { ...req.headers, 'x-forwarded-proto': 'https' } },
    (answer) => {
      res.writeHead(answer.statusCode, answer.rawHeaders);
      answer.pipe(res);
    },
  );
  upstream.on('error', (e) => {
    if (!res.headersSent) {
      res.writeHead(502, { 'content-type': 'text/plain; charset=utf-8' });
    }
    res.end(`${to.host}:${to.port} is not answering (${e.code ?? e.message}): is it running?\n`);
  });
  req.pipe(upstream);
});

// WebSocket upgrades: the request line and headers as received, then both ways byte for byte.
server.on('upgrade', (req, socket, head) => {
  const to = backend(req.url);
  console.log(`websocket ${req.url.split('?')[0]} -> ${to.host}:${to.port}`);
  const upstream = net.connect(to.port, to.host, () => {
    const lines = [`${req.method} ${req.url} HTTP/${req.httpVersion}`];
    for (let i = 0; i < req.rawHeaders.length; i += 2) lines.push(`${req.rawHeaders[i]}: ${req.rawHeaders[i + 1]}`);
    upstream.write(`${lines.join('\r\n')}\r\n\r\n`);
    if (head.length) upstream.write(head);
    socket.pipe(upstream);
    upstream.pipe(socket);
  });
  const drop = () => {
    socket.destroy();
    upstream.destroy();
  };
  upstream.on('error', drop);
  socket.on('error', drop);
  upstream.on('close', drop);
  socket.on('close', drop);
});

const listen = address(opt.listen);
server.listen(listen.port, listen.host, () => {
  const { port } = server.address();
  console.log(`https front listening on ${listen.host}:${port} (/api -> ${opt.api}, the rest -> ${opt.web})`);
});
