// End-to-end: the release client is split (src/parts.rs, src/validation.rs, src/embed.rs,
// scripts/split-wasm.mjs). The first screen needs only its own module; the rules' module and the
// later steps' modules arrive in the background, a reload on a later step downloads that step's
// module with the first, and a step whose module did not arrive says so and is fetched again by a
// tap. Findings show as soon as the rules' module is in; a lost one is asked for again.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { phonePage, serverAndBrowser } from './support.mjs';

const env = serverAndBrowser();

const PART = /\/beian-web-(?!chunk)[a-z-]+-[0-9a-f]{16}\.wasm$/;
const MAIN = /\/beian-web-[0-9a-f]{16}_bg\.wasm$/;

test('the first screen needs only its own module; the later steps come in the background', async () => {
  const { context, page, problems } = await phonePage(env.browser);
  const wasm = [];
  page.on('request', (r) => r.url().endsWith('.wasm') && wasm.push(r.url()));
  // Hold the later steps back until the first screen is usable: it must not wait for them.
  let release;
  const held = new Promise((resolve) => (release = resolve));
  await page.route(PART, async (route) => {
    await held;
    await route.continue();
  });
  await page.goto(env.server.url);
  await page.locator('#subject-region-province').waitFor();
  assert.ok(wasm.some((u) => MAIN.test(u)), 'the main module was fetched');
  // A later step asked for before its module is in: a loading line where the step will be.
  await page.evaluate(() => (location.hash = '#/subject'));
  await page.locator('.step p.loading[role=status]', { hasText: '正在加载此步骤' }).waitFor();
  release();

  // Every part is fetched in the background; then a later step opens at once, served from the
  // module already in the page.
  const parts = ['validator', 'product', 'subject', 'websites', 'uploads', 'verification', 'review', 'progress', 'my-filings'];
  await page.waitForFunction(
    (n) => performance.getEntriesByType('resource').filter((e) => /beian-web-(?!chunk)[a-z-]+-[0-9a-f]{16}\.wasm$/.test(e.name)).length >= n,
    parts.length,
  );
  for (const part of parts) assert.ok(wasm.some((u) => u.includes(`/beian-web-${part}-`)), `${part} fetched`);
  // The partner frame's contract (src/embed.rs) only in a frame (partner_frame.test.mjs).
  assert.ok(!wasm.some((u) => u.includes('/beian-web-embed-')), 'no frame, no contract module');
  await page.evaluate(() => (location.hash = '#/subject'));
  await page.locator('.step h2', { hasText: '主体信息' }).waitFor();
  // 我的备案 signed out: the server's 401 is the browser's console line, the page asks to sign in.
  await page.locator('#my-filings-link').tap();
  await page.locator('.step h2', { hasText: '我的备案' }).waitFor();
  await page.locator('#sign-in-phone').waitFor();
  assert.deepEqual(problems.filter((p) => !/status of 401/.test(p)), []);
  await context.close();
});

test('a reload on a later step downloads its module together with the first one, and once', async () => {
  const { context, page, problems } = await phonePage(env.browser);
  const requested = [];
  page.on('request', (r) => r.url().endsWith('.wasm') && requested.push(r.url()));
  // A phone's network, so that one download visibly waits for another or does not.
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.emulateNetworkConditions', {
    offline: false,
    latency: 150,
    downloadThroughput: (1.6 * 1024 * 1024) / 8,
    uploadThroughput: (750 * 1024) / 8,
  });
  await page.goto(`${env.server.url}/#/subject`);
  await page.locator('.step h2', { hasText: '主体信息' }).waitFor();
  const preloaded = await page.evaluate(() =>
    [...document.querySelectorAll('link[rel=preload][as=fetch]')].map((l) => l.href).filter((h) => h.endsWith('.wasm')),
  );
  const subject = preloaded.find((u) => /\/beian-web-subject-[0-9a-f]{16}\.wasm$/.test(u));
  assert.ok(subject, `the page preloads the step's module: ${preloaded}`);
  assert.ok(preloaded.some((u) => u.includes('/beian-web-chunk')), 'and the shared pieces it needs');
  assert.ok(!preloaded.some((u) => /\/beian-web-product-/.test(u)), 'not another step\'s module');
  // Its download began before the first screen's module had arrived, not after it ran ...
  const timing = await page.evaluate((url) => {
    const entry = (pattern) => performance.getEntriesByType('resource').find((e) => pattern.test(e.name));
    return {
      main: entry(/\/beian-web-[0-9a-f]{16}_bg\.wasm$/)?.responseEnd,
      step: performance.getEntriesByName(url)[0]?.startTime,
    };
  }, subject);
  assert.ok(timing.step < timing.main, `step module asked for at ${timing.step} ms, main module in at ${timing.main} ms`);
  // ... and the split loader took the preloaded downloads: no file was asked for twice.
  for (const url of new Set(requested)) {
    assert.equal(requested.filter((u) => u === url).length, 1, `${url} asked for once`);
  }
  assert.deepEqual(problems, []);
  await context.close();
});

test('a step already shown is not rendered again when the modules of the other steps arrive', async () => {
  const { context, page, problems } = await phonePage(env.browser);
  let release;
  const held = new Promise((resolve) => (release = resolve));
  await page.route(PART, async (route) => {
    if (!route.request().url().includes('/beian-web-product-')) await held;
    await route.continue();
  });
  await page.goto(env.server.url);
  await page.locator('#subject-region-province').waitFor();
  await page.evaluate(() => (location.hash = '#/product'));
  await page.locator('.step h2', { hasText: '产品验证' }).waitFor();
  // The heading element itself is marked: a new render would make a new one.
  await page.evaluate(() => (document.querySelector('.step h2').dataset.kept = 'yes'));
  release();
  await page.waitForFunction(
    () => performance.getEntriesByType('resource').filter((e) => /beian-web-my-filings-[0-9a-f]{16}\.wasm$/.test(e.name)).length > 0,
  );
  await page.waitForTimeout(300);
  assert.equal(await page.locator('.step h2').getAttribute('data-kept'), 'yes');
  assert.deepEqual(problems, []);
  await context.close();
});

test('a step whose module does not arrive says so, and a tap fetches it again', async () => {
  const { context, page } = await phonePage(env.browser);
  await page.route(/\/beian-web-product-[0-9a-f]{16}\.wasm$/, (route) => route.abort('internetdisconnected'));
  await page.goto(env.server.url);
  await page.locator('#subject-region-province').waitFor();
  await page.evaluate(() => (location.hash = '#/product'));
  const failed = page.locator('[data-code="client.part_unavailable"]');
  await failed.waitFor();
  assert.match(await failed.innerText(), /此步骤未能加载.*This step could not be loaded/s);

  await page.unroute(/\/beian-web-product-[0-9a-f]{16}\.wasm$/);
  await failed.locator('button.retry').tap();
  await page.locator('.step h2', { hasText: '产品验证' }).waitFor();
  assert.equal(await failed.count(), 0);
  await context.close();
});

const VALIDATOR = /\/beian-web-validator-[0-9a-f]{16}\.wasm$/;

test('the first screen does not wait for the rules: a field typed in, or a step left, before they arrive gets its messages when they do', async () => {
  const { context, page, problems } = await phonePage(env.browser);
  let release;
  const held = new Promise((resolve) => (release = resolve));
  await page.route(VALIDATOR, async (route) => {
    await held;
    await route.continue();
  });
  await page.goto(env.server.url);
  const domain = page.locator('#websites-0-domain');
  await domain.waitFor();
  assert.equal(await page.locator('.beian-app').getAttribute('data-rules'), 'loading');
  await domain.fill('http://example.com/path');
  await domain.blur();
  const message = page.locator('#websites-0-domain-messages [data-code="domain.not_bare"]');
  await page.waitForTimeout(300);
  assert.equal(await message.count(), 0, 'no rules, no message yet');
  assert.equal(await domain.inputValue(), 'http://example.com/path', 'the field keeps what was typed');
  // The step is left ("save draft") before the rules are in: its untouched fields' messages
  // show once the rules arrive.
  await page.locator('button.save-draft').tap();
  const province = page.locator('#subject-region-province-messages .msg-error');
  await page.waitForTimeout(300);
  assert.equal(await province.count(), 0, 'no rules, no message yet');
  release();
  await message.waitFor();
  assert.equal(await page.locator('.beian-app').getAttribute('data-rules'), 'ready');
  assert.equal(await domain.getAttribute('aria-invalid'), 'true');
  await province.first().waitFor();
  assert.equal(await page.getAttribute('#subject-region-province', 'aria-invalid'), 'true');
  assert.ok(
    await page.locator('.steps [aria-current=step]').evaluate((li) => li.classList.contains('has-errors')),
    'the step indicator marks the step',
  );
  assert.deepEqual(problems, []);
  await context.close();
});

test('a rules module that does not arrive is asked for again, and the review neither calls a step clean nor submits meanwhile', async () => {
  const { context, page } = await phonePage(env.browser);
  let asked = 0;
  let release;
  const held = new Promise((resolve) => (release = resolve));
  await page.route(VALIDATOR, async (route) => {
    asked += 1;
    if (asked === 1) return route.abort('internetdisconnected');
    await held;
    await route.continue();
  });
  await page.goto(`${env.server.url}/#/review`);
  await page.locator('.step h2', { hasText: '信息核验' }).waitFor();
  const summary = page.locator('#review-summary');
  await summary.filter({ hasText: '正在加载规则检查' }).waitFor();
  assert.equal(await page.locator('.review-group').count(), 0, 'no step called clean before the rules ran');
  // (A guest sees the sign-in form instead of the button, once the server has said so.)
  assert.ok(
    await page.evaluate(() => document.querySelector('button.submit')?.disabled ?? true),
    'no submission before the rules ran',
  );
  // Asked for again after a pause (src/validation.rs: 5 s), not at once.
  await page.waitForTimeout(1000);
  assert.equal(asked, 1, 'not asked for again at once');
  assert.equal(await page.locator('.beian-app').getAttribute('data-rules'), 'loading');
  for (let waited = 0; asked < 2 && waited < 10_000; waited += 100) await page.waitForTimeout(100);
  assert.equal(asked, 2, 'asked for again after the pause');
  release();
  await page.locator('.beian-app[data-rules="ready"]').waitFor();
  await page.locator('.review-group').first().waitFor();
  assert.match(await summary.innerText(), /还有 \d+ 个错误需要修改/, 'an empty draft has errors once the rules ran');
  await context.close();
});
