// End-to-end: the https front that lets a real phone try the client over the LAN
// (scripts/serve-lan): a certificate from scripts/lan-cert (signed by its local CA, for the
// machine's addresses), scripts/lan-proxy.mjs sending /api (and the capture stream's WebSocket,
// token subprotocol and all) to the server and the rest to the page's server. The page opens over
// https, which the camera needs, and an ID side is captured through it.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cameraPhone, captureSide, draftAtVerification, startServer } from './support.mjs';

const example = JSON.parse(readFileSync(new URL('../../docs/examples/first-filing-personal.json', import.meta.url)));
let server;
let front;
let tls;

before(async () => {
  server = await startServer();
  tls = mkdtempSync(join(tmpdir(), 'beian-lan-tls-'));
  const made = spawnSync('scripts/lan-cert', [tls], { encoding: 'utf8' });
  assert.equal(made.status, 0, made.stderr);
  const backend = new URL(server.url).host;
  front = spawn('node', [
    'scripts/lan-proxy.mjs', '--cert', join(tls, 'server.crt'), '--key', join(tls, 'server.key'),
    '--listen', '127.0.0.1:0', '--api', backend, '--web', backend,
  ], { stdio: ['ignore', 'pipe', 'inherit'] });
  front.log = '';
  front.url = await new Promise((resolve, reject) => {
    front.stdout.on('data', (chunk) => {
      front.log += chunk;
      const out = front.log;
      const m = out.match(/listening on 127\.0\.0\.1:(\d+)/);
      if (m) resolve(`https://127.0.0.1:${m[1]}`);
    });
    front.on('exit', (code) => reject(new Error(`lan-proxy exited with ${code}`)));
  });
});
after(async () => {
  front?.kill();
  await server?.stop();
  if (tls) rmSync(tls, { recursive: true, force: true });
});

test('the certificate is signed by the local CA for this machine, and is no CA itself', () => {
  const verify = spawnSync('openssl', ['verify', '-CAfile', join(tls, 'ca.crt'), join(tls, 'server.crt')], { encoding: 'utf8' });
  assert.equal(verify.status, 0, verify.stdout + verify.stderr);
  const text = spawnSync('openssl', ['x509', '-in', join(tls, 'server.crt'), '-noout', '-text'], { encoding: 'utf8' }).stdout;
  assert.match(text, /DNS:localhost/);
  assert.match(text, /IP Address:127\.0\.0\.1/);
  assert.match(text, /CA:FALSE/);
  assert.match(text, /TLS Web Server Authentication/);
});

test('over the https front, the page is a secure context and an ID side streams through it', async () => {
  // The browser is told to accept the certificate (a phone trusts the CA instead, as the README
  // says); the chain itself is checked by the test above.
  const phone = await cameraPhone('id-front.y4m', undefined, { ignoreHTTPSErrors: true });
  const { page, problems } = phone;
  await draftAtVerification(page, front.url, example);
  assert.equal(await page.evaluate(() => window.isSecureContext && location.protocol), 'https:');
  await captureSide(page, 'id_front');
  await page.locator('.live-capture[data-kind="id_back"]').waitFor();
  assert.deepEqual(problems, []);
  await phone.browser.close();
  // The stream went through the front (wss), upgraded there and passed on to the server.
  assert.match(front.log, /websocket \/api\/v1\/captures\/[0-9a-f-]+\/stream -> /);
});
