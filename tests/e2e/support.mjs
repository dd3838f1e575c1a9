// Shared by the e2e tests: Debian's Chromium, launched quietly for a machine without internet,
// and the real server on a fresh SQLite database.
import { chromium } from 'playwright-core';
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { after, before } from 'node:test';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRequire } from 'node:module';

const SERVER_BIN = process.env.BEIAN_SERVER_BIN ?? 'target/debug/beian-server';
const WEB_DIR = process.env.BEIAN_WEB_DIR ?? 'dist';

/**
 * Starts the server on a free port with a fresh data folder. Resolves with
 * `{ url, stop, addReviewer }` once it prints its URL; `stop()` ends it and removes the folder;
 * `addReviewer(mobile, name)` runs `beian-server add-reviewer` on the same data.
 */
export function startServer(extraEnv = {}) {
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
  const server = spawn(SERVER_BIN, [], { env: serverEnv, stdio: ['ignore', 'pipe', 'inherit'] });
  const addReviewer = (mobile, name) => {
    const run = spawnSync(SERVER_BIN, ['add-reviewer', mobile, name], { env: serverEnv, encoding: 'utf8' });
    if (run.status !== 0) throw new Error(`add-reviewer failed: ${run.stderr}`);
  };
  const stop = async () => {
    if (server.exitCode === null) {
      const exited = new Promise((r) => server.once('exit', r));
      server.kill('SIGTERM');
      await exited;
    }
    rmSync(dataDir, { recursive: true, force: true });
  };
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('server did not start within 30 s')), 30_000);
    let out = '';
    server.stdout.on('data', (chunk) => {
      out += chunk;
      const m = out.match(/listening on (http:\/\/\S+)/);
      if (m) {
        clearTimeout(timer);
        resolve({ url: m[1], stop, addReviewer });
      }
    });
    server.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code} before listening`));
    });
  });
}

export const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';

export function launchChromium(extraArgs = []) {
  return chromium.launch({
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
}

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
    await env.browser?.close();
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
