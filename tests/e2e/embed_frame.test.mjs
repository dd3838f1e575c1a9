// End-to-end: the iframe mode (docs/embedding.md) through the development partner console
// (BEIAN_PARTNER_DEMO_ADDR), a page on an origin of its own that embeds the client with
// /embed/beian-frame.js. The framed client tells its host it is ready, its height and its
// steps, and takes the domain the partner already knows; a whole filing goes through it (the
// capture with the fake camera in the frame, the partner's sign-in; partner.mjs); a page on an
// origin the server does not allow cannot frame it and hears nothing.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { launchChromium, phonePage, seriousA11yViolations, SHOTS } from './support.mjs';
import { fileThrough, hear as message, heard as messages, startPartner } from './partner.mjs';

let partner;
let server;
let browser;
let demo;

before(async () => {
  partner = await startPartner('/');
  ({ server, demo } = partner);
  browser = await launchChromium();
});
after(async () => {
  await browser?.close();
  await partner?.close();
});

test('the partner console frames the client, hears its messages and presets the domain', async () => {
  const { context, page, problems } = await phonePage(browser);
  await page.goto(`${demo}/`);
  const ready = await message(page, 'ready');
  assert.deepEqual(ready, { beian: 1, type: 'ready', step: 'type' });
  // The host sizes the frame to the client's height.
  const resize = await message(page, 'resize');
  assert.ok(resize.height > 300, JSON.stringify(resize));
  await page.waitForFunction((h) => document.querySelector('#filing iframe').getBoundingClientRect().height >= h - 1, resize.height);

  // The domain the partner knows, set where the applicant has typed nothing.
  await page.locator('#preset').tap();
  assert.deepEqual((await message(page, 'preset')).applied, ['domain']);
  const frame = page.frameLocator('#filing iframe');
  assert.equal(await frame.locator('#websites-0-domain').inputValue(), 'partner-demo.cn');
  // Sent again, it changes nothing the applicant has (it is no longer empty).
  await page.locator('#preset').tap();
  await message(page, 'preset', (m) => m.applied.length === 0);

  // Each step the applicant goes to is told.
  await frame.locator('body').evaluate(() => { location.hash = '#/product'; });
  await message(page, 'step', (m) => m.step === 'product');
  // A shorter step: the frame shrinks to it.
  const shorter = await message(page, 'resize', (m) => m.height < resize.height - 100);
  await page.waitForFunction((h) => Math.abs(document.querySelector('#filing iframe').getBoundingClientRect().height - h) <= 1, shorter.height);
  await page.screenshot({ path: join(SHOTS, 'partner-console-frame-360.png'), fullPage: true });
  assert.deepEqual(await seriousA11yViolations(page), [], 'partner console: axe-core');
  assert.deepEqual(problems, []);
  await context.close();
});

test('in a frame the contract\'s module is fetched; one that does not arrive is asked for again after a pause', async () => {
  const { context, page } = await phonePage(browser);
  const CONTRACT = /\/beian-web-embed-[0-9a-f]{16}\.wasm$/;
  let asked = 0;
  await page.route(CONTRACT, (route) => {
    asked += 1;
    return asked === 1 ? route.abort('internetdisconnected') : route.continue();
  });
  await page.goto(`${demo}/`);
  await page.frameLocator('#filing iframe').locator('#websites-0-domain').waitFor();
  await page.waitForTimeout(1000);
  assert.equal(asked, 1, 'asked for once, not again at once');
  assert.deepEqual(await messages(page), [], 'no contract without its module');
  // src/embed.rs: asked for again after 5 s; then the contract starts.
  assert.deepEqual(await message(page, 'ready'), { beian: 1, type: 'ready', step: 'type' });
  assert.equal(asked, 2);
  await context.close();
});

test('a page on an origin the server does not allow cannot frame the client and hears nothing', async () => {
  const { context, page } = await phonePage(browser);
  await page.goto(`${partner.stranger}/`);
  await page.waitForTimeout(3000);
  assert.deepEqual(await messages(page), []);
  // The browser refused to show it (frame-ancestors): no client inside.
  assert.equal(await page.frameLocator('#filing iframe').locator('.beian-app').count(), 0);
  // And the server's list, which the client checks as well, does not name it.
  const config = await (await fetch(`${server.url}/api/v1/embed`)).json();
  assert.deepEqual(config, { version: 1, origins: [demo] });
  await context.close();
});

test('the partner console\'s third way in: the validator package checks the partner\'s own form', async () => {
  const { context, page, problems } = await phonePage(browser);
  await page.goto(`${demo}/`);
  await page.locator('nav a[href="/validator/example/index.html"]').tap();
  await page.locator('body[data-ready="true"]').waitFor();
  assert.equal(new URL(page.url()).origin, demo, 'the package runs on the partner\'s own origin');
  await page.fill('#domain', 'blog.example.com');
  await page.locator('#domain').blur();
  await page.locator('#domain-messages [data-code="domain.subdomain"]').waitFor();
  assert.deepEqual(problems, []);
  await context.close();
});

test('a filing completed through the iframe mode: the camera step in the partner\'s page, its sign-in, the submission', async () => {
  await fileThrough(partner, browser, '/', 'partner-frame');
});
