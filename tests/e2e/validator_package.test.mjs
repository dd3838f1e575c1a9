// @beian/rules in a browser: the package's example partner form, served at a partner origin.
// Run through scripts/test, which builds packages/beian-rules/dist first.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { extname, join, normalize, sep } from 'node:path';
import { launchChromium, phoneContext } from './support.mjs';

const PACKAGE_DIR = normalize(join(import.meta.dirname, '..', '..', 'packages', 'beian-rules'));
const ORIGIN = 'http://partner.test';
const TYPES = { '.html': 'text/html', '.js': 'text/javascript', '.wasm': 'application/wasm' };

let browser;

before(async () => {
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
});

/** Serves the package folder at ORIGIN (nothing outside it). */
async function servePackage(context) {
  await context.route(`${ORIGIN}/**`, async (route) => {
    const path = normalize(join(PACKAGE_DIR, new URL(route.request().url()).pathname));
    if (!path.startsWith(PACKAGE_DIR + sep)) return route.fulfill({ status: 403 });
    try {
      const body = await readFile(path);
      await route.fulfill({ body, contentType: TYPES[extname(path)] ?? 'application/octet-stream' });
    } catch {
      await route.fulfill({ status: 404 });
    }
  });
}

test('the example partner form checks fields with the package in Chromium', async (t) => {
  const context = await phoneContext(browser);
  await servePackage(context);
  const page = await context.newPage();
  const problems = [];
  page.on('pageerror', (e) => problems.push(e.message));
  await page.goto(`${ORIGIN}/example/index.html`);
  await page.locator('body[data-ready="true"]').waitFor();

  await page.fill('#domain', 'blog.example.com');
  await page.locator('#domain').blur();
  await page.locator('#domain-messages [data-code="domain.subdomain"]').waitFor();
  assert.match(await page.textContent('#domain-messages'), /请填写 example\.com/);

  await page.fill('#licence', '91440300MA5ABCDE5Y');
  await page.locator('#licence').blur();
  await page.locator('#licence-messages [data-code="certificate.checksum"]').waitFor();
  await page.fill('#licence', '91440300MA5ABCDE5X');
  await page.locator('#licence').blur();
  await page.locator('#licence-messages [data-code="certificate.checksum"]').waitFor({ state: 'detached' });

  // The JS API's speed in the browser: reported, not asserted.
  const perCall = await page.evaluate(async () => {
    const rules = await import('/index.js');
    const app = {
      schema_version: 1,
      subject: {
        region: { province: '44', city: '4403', district: '440305' },
        nature: 4,
        certificate_type: 'business_licence',
        certificate_number: '91440300MA5ABCDE5X',
      },
      websites: [{ domain: 'www.例子.中国' }, { domain: 'shop.example.cn' }, { domain: 'example.xyz' }],
    };
    const n = 2000;
    const t0 = performance.now();
    for (let i = 0; i < n; i++) rules.validateApplication(app, { today: '2026-11-22' });
    const t1 = performance.now();
    for (let i = 0; i < n; i++) rules.checkDomain('shop.example.com.cn');
    const t2 = performance.now();
    return { application: ((t1 - t0) * 1000) / n, domain: ((t2 - t1) * 1000) / n };
  });
  t.diagnostic(`JS API in Chromium: validateApplication ${perCall.application.toFixed(1)} us/call, checkDomain ${perCall.domain.toFixed(1)} us/call`);
  assert.deepEqual(problems, []);
  await context.close();
});
