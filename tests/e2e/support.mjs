// Shared by the e2e tests: Debian's Chromium, launched quietly for a machine without internet,
// and the real server on a fresh SQLite database.
import { chromium } from 'playwright-core';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { after, before } from 'node:test';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import net from 'node:net';
import http from 'node:http';

const SERVER_BIN = process.env.BEIAN_SERVER_BIN ?? 'target/debug/beian-server';
const WEB_DIR = process.env.BEIAN_WEB_DIR ?? 'dist';

/**
 * Starts the server on a free port with a fresh data folder. Resolves with
 * `{ url, stop, addReviewer, crashAndRestart }` once it prints its URL; `stop()` ends it and
 * removes the folder; `addReviewer(mobile, name)` runs `beian-server add-reviewer` on the same
 * data; `crashAndRestart()` kills the process (SIGKILL: no shutdown of any kind) and starts a new
 * one on the same data, resolving with its URL (a new port; `url` is updated).
 */
export async function startServer(extraEnv = {}) {
  const dataDir = mkdtempSync(join(tmpdir(), 'beian-e2e-'));
  const serverEnv = {
    ...process.env,
    BEIAN_ADDR: '127.0.0.1:0',
    BEIAN_DATA_DIR: dataDir,
    BEIAN_WEB_DIR: WEB_DIR,
    // Sign-in codes readable at /api/v1/dev/sms/{phone}.
    BEIAN_SMS_GATEWAY: 'dev',
    ...extraEnv,
  };
  const launch = () => {
    const child = spawn(SERVER_BIN, [], { env: serverEnv, stdio: ['ignore', 'pipe', 'inherit'] });
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('server did not start within 30 s')), 30_000);
      let out = '';
      child.stdout.on('data', (chunk) => {
        out += chunk;
        const m = out.match(/listening on (http:\/\/\S+)/);
        if (m) {
          clearTimeout(timer);
          resolve({ child, url: m[1] });
        }
      });
      child.on('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`server exited with ${code} before listening`));
      });
    });
  };
  const end = async (child, signal) => {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill(signal);
      await exited;
    }
  };
  let current = await launch();
  const server = {
    url: current.url,
    addReviewer(mobile, name) {
      const run = spawnSync(SERVER_BIN, ['add-reviewer', mobile, name], { env: serverEnv, encoding: 'utf8' });
      if (run.status !== 0) throw new Error(`add-reviewer failed: ${run.stderr}`);
    },
    async crashAndRestart() {
      await end(current.child, 'SIGKILL');
      current = await launch();
      server.url = current.url;
      return server.url;
    },
    async stop() {
      await end(current.child, 'SIGTERM');
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
  return server;
}

/** A free loopback port. */
export async function freePort() {
  const probe = net.createServer();
  await new Promise((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address();
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

/**
 * The server (`extraEnv` added) with its development partner console on an origin of its own
 * (BEIAN_PARTNER_DEMO_ADDR, listed in BEIAN_FRAME_ANCESTORS), and the console's page at `path`
 * served again from an origin the server does not list. Resolves with
 * `{ server, demo, stranger, close }` (`demo` and `stranger` are origins).
 */
export async function startPartnerConsole(path, extraEnv = {}) {
  const port = await freePort();
  const demo = `http://127.0.0.1:${port}`;
  const server = await startServer({ BEIAN_FRAME_ANCESTORS: demo, BEIAN_PARTNER_DEMO_ADDR: `127.0.0.1:${port}`, ...extraEnv });
  const page = await (await fetch(`${demo}${path}`)).text();
  const strangerServer = http.createServer((req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(page);
  });
  await new Promise((resolve) => strangerServer.listen(0, '127.0.0.1', resolve));
  return {
    server,
    demo,
    stranger: `http://127.0.0.1:${strangerServer.address().port}`,
    async close() {
      strangerServer.close();
      await server.stop();
    },
  };
}

/**
 * A TCP proxy on a free loopback port to `target()` (`host:port`, read at each new connection,
 * so the server behind it can move). `cut()` drops every connection through it at once, as a
 * phone losing its network does; `stall()` stops carrying anything on the connections open now
 * without closing them, as a phone that changed networks leaves its old ones; `streams` counts
 * the capture streams opened through it, by session. Resolves with
 * `{ url, cut, stall, streams, close }`.
 */
export async function startProxy(target) {
  const open = new Set();
  const streams = {};
  const proxy = net.createServer((client) => {
    const [host, port] = target().split(':');
    const upstream = net.connect(Number(port), host);
    open.add(client);
    open.add(upstream);
    client.once('data', (first) => {
      const m = String(first).match(/^GET \/api\/v1\/captures\/([0-9a-f-]+)\/stream/);
      if (m) streams[m[1]] = (streams[m[1]] ?? 0) + 1;
    });
    client.pipe(upstream);
    upstream.pipe(client);
    const drop = () => {
      client.destroy();
      upstream.destroy();
      open.delete(client);
      open.delete(upstream);
    };
    for (const s of [client, upstream]) {
      s.on('error', drop);
      s.on('close', drop);
    }
  });
  await new Promise((resolve) => proxy.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${proxy.address().port}`,
    streams,
    cut() {
      for (const s of open) s.destroy();
      open.clear();
    },
    stall() {
      for (const s of open) {
        s.unpipe();
        s.pause();
      }
    },
    close() {
      this.cut();
      return new Promise((resolve) => proxy.close(resolve));
    },
  };
}

export const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';

export async function launchChromium(extraArgs = []) {
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      ...extraArgs,
      '--no-sandbox',
      '--disable-gpu',
      '--disable-dev-shm-usage',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
  launched.add(browser);
  browser.on('disconnected', () => launched.delete(browser));
  return browser;
}

/** Every browser still open: a test that fails before closing its own leaves it to the file's end. */
const launched = new Set();

/** A context with a 360x740 phone viewport and touch (`options`: more context options). */
export function phoneContext(browser, options = {}) {
  return browser.newContext({
    viewport: { width: 360, height: 740 },
    deviceScaleFactor: 2,
    isMobile: true,
    hasTouch: true,
    locale: 'zh-CN',
    ...options,
  });
}

/** The fake camera's videos (tests/fixtures/capture_media.py, made by scripts/test). */
const MEDIA = process.env.BEIAN_CAPTURE_MEDIA ?? 'target/capture-media';

/**
 * A phone whose camera plays `video` (Chromium takes one fake camera per browser), with the
 * cookies and storage of the phone before it (`state`) and more context `options`.
 */
export async function cameraPhone(video, state, options = {}) {
  const file = join(MEDIA, video);
  if (!existsSync(file)) throw new Error(`${file} is missing: scripts/test makes it (tests/fixtures/capture_media.py)`);
  const browser = await launchChromium([
    '--use-fake-device-for-media-stream',
    '--use-fake-ui-for-media-stream',
    `--use-file-for-fake-video-capture=${file}`,
  ]);
  const phone = await phonePage(browser, state ? { ...options, storageState: state } : options);
  return { browser, ...phone };
}

/**
 * On `page`: `draft` saved to the server at `url` as a guest's new application, kept on the
 * device, and the wizard opened at its 真实性核验 step. The application's id.
 */
export async function draftAtVerification(page, url, draft) {
  await page.goto(url);
  const made = await apiFetch(page, `${url}/api/v1/applications`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(draft),
  });
  if (made.status !== 201) throw new Error(`POST /applications: ${made.status} ${JSON.stringify(await made.json())}`);
  const { id, revision } = await made.json();
  await page.evaluate(([id, revision, draft]) => {
    localStorage.setItem('beian.draft.v1', JSON.stringify({ id, revision, status: 'draft', unsynced: false, draft }));
    location.hash = '#/verification';
  }, [id, revision, draft]);
  await page.reload();
  return id;
}

/**
 * Captures the ID card's `side` on the 真实性核验 step: the camera started, frames streamed and
 * acknowledged, then `during()` (while the session is open), a frame kept by the quality check
 * on its own (the specimen is sharp, well lit and held steady; the shutter is the person's
 * fallback, not the test's), and "use this one".
 */
export async function captureSide(page, side, during = async () => {}) {
  const capture = page.locator(`.live-capture[data-kind="${side}"]`);
  await capture.waitFor();
  await capture.locator('.capture-actions button.primary').tap();
  await capture.locator('.viewfinder:not([hidden]) video').waitFor();
  await page.waitForFunction(() => Number(document.querySelector('.capture-progress')?.dataset.acked) >= 3);
  await during();
  await page.waitForFunction(() => document.querySelector('.viewfinder img.still'), null, { timeout: 10_000 })
    .catch(async () => {
      const feedback = await capture.locator('.capture-hint').getAttribute('data-feedback');
      throw new Error(`${side}: no frame kept by the quality check; last feedback: ${feedback}`);
    });
  await capture.locator('.capture-actions button.primary').tap();
}

/**
 * A phone page that collects page errors and console errors (`options`: more context options,
 * such as the `storageState` of another phone).
 */
export async function phonePage(browser, options = {}) {
  const context = await phoneContext(browser, options);
  const page = await context.newPage();
  const problems = [];
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('console', (m) => m.type() === 'error' && problems.push(`console error: ${m.text()}`));
  return { context, page, problems };
}

const AXE = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

/**
 * Runs axe-core on the page as it is and returns its serious and critical violations, described
 * one per line (rule, impact, the first offending elements). An empty list is a pass.
 */
export async function seriousA11yViolations(page) {
  if (!(await page.evaluate(() => typeof window.axe === 'object'))) {
    // Evaluated through the DevTools protocol: the page's content security policy (no inline
    // scripts) stays on, as users get it.
    await page.evaluate(readFileSync(AXE, 'utf8'));
  }
  const violations = await page.evaluate(async () => {
    const result = await window.axe.run(document, { resultTypes: ['violations'] });
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      targets: v.nodes.slice(0, 3).map((n) => n.target.join(' ')),
    }));
  });
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.help} at ${v.targets.join(', ')}`);
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes) {
  let c = 0xffffffff;
  for (const b of bytes) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type, data) {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'ascii');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
  return Buffer.concat([head, data, crc]);
}

/**
 * A real PNG the browser decodes: `width` x `height`, a grey gradient (so it is not one colour),
 * for upload tests.
 */
export function pngImage(width, height) {
  const { deflateSync } = createRequire(import.meta.url)('node:zlib');
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 0; // greyscale
  const rows = Buffer.alloc((width + 1) * height);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) rows[y * (width + 1) + 1 + x] = (x + y) & 0xff;
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(rows)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/**
 * The API as the page's browser calls it, with its session cookie: `{ status, json() }`, like
 * `fetch`'s answer. (Applications are their applicant's only.)
 */
export async function apiFetch(page, url, { method = 'GET', headers = {}, body } = {}) {
  const res = await page.context().request.fetch(url, { method, headers, data: body });
  return { status: res.status(), json: () => res.json() };
}

/** A mobile number no other test uses (a number gets one sign-in code a minute). */
export function uniquePhone() {
  return `139${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}`;
}

/** The newest sign-in code the development SMS gateway "sent" to `phone`. */
export async function smsCode(serverUrl, phone) {
  const body = await (await fetch(`${serverUrl}/api/v1/dev/sms/${phone}`)).json();
  return body.messages[0].match(/\d{6}/)[0];
}

/**
 * Signs in with the form on the page (it must be showing): a new number, the code from the
 * development gateway. Returns the number.
 */
export async function signInWithForm(page, serverUrl, phone = uniquePhone()) {
  await page.fill('#sign-in-phone', phone);
  await page.locator('button.send-code').tap();
  await page.locator('.code-sent').waitFor();
  await page.fill('#sign-in-code', await smsCode(serverUrl, phone));
  await page.locator('button.sign-in-submit').tap();
  return phone;
}

/** Where the e2e tests write their screenshots. */
export const SHOTS = 'test-results';

/**
 * For a test file: the real server (fresh database) and Chromium, started before its tests and
 * stopped after them (`extraEnv`: more server settings). The returned object's `server` and
 * `browser` are set once started.
 */
export function serverAndBrowser(extraEnv = {}, chromiumArgs = []) {
  const env = { server: null, browser: null };
  before(async () => {
    env.server = await startServer(extraEnv);
    mkdirSync(SHOTS, { recursive: true });
    env.browser = await launchChromium(chromiumArgs);
  });
  after(async () => {
    for (const browser of [...launched]) await browser.close().catch(() => {});
    await env.server?.stop();
  });
  return env;
}

/**
 * `draft` with its subject's ID number (wherever it appears) replaced by another valid one of
 * the same region, birth date and sex: a subject may have one filing in flight at a time, so
 * tests that submit several filings on one server use a subject each.
 */
export function withOwnSubject(draft) {
  const old = draft.subject.certificate_number;
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  let fresh;
  do {
    // A counter, not a random number: two tests of one file (one server) drawing the same one of
    // 100 numbers made the second submission `subject_in_flight` about one run in ten.
    subjectsGiven += 1;
    if (subjectsGiven > 99) throw new Error('withOwnSubject: more than 99 subjects in one test file');
    const seq = String(subjectsGiven).padStart(2, '0');
    const body = old.slice(0, 14) + seq + old[16];
    const sum = [...body].reduce((s, d, i) => s + Number(d) * weights[i], 0);
    fresh = body + '10X98765432'[sum % 11];
  } while (fresh === old);
  return JSON.parse(JSON.stringify(draft).replaceAll(old, fresh));
}

let subjectsGiven = 0;
