// End-to-end: the <beian-filing> element (/embed/beian-filing.js, docs/embedding.md) on the
// development partner console (BEIAN_PARTNER_DEMO_ADDR, an origin of its own, at /element). It
// mounts the client in its shadow root, in the partner's colours and language, with the domain
// the partner knows; a filing is completed through it (partner.mjs: the ID card's two sides and
// the face filmed by Chromium's fake camera inside the partner's page, the applicant signed in
// by the partner's token, the filing submitted, the host told). On an origin the server does not
// list, the element says it could not start.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { launchChromium, phonePage, seriousA11yViolations, SHOTS } from './support.mjs';
import { clientFrame, fileThrough, hear, heard, startPartner } from './partner.mjs';

let partner;
let browser;
let demo;

before(async () => {
  partner = await startPartner('/element');
  ({ demo } = partner);
  browser = await launchChromium();
});
after(async () => {
  await browser?.close();
  await partner?.close();
});

test('the element mounts the client in its shadow root, in the partner\'s colours and language, with its domain', async () => {
  const { context, page, problems } = await phonePage(browser);
  await page.goto(`${demo}/element`);
  const ready = await hear(page, 'ready');
  assert.equal(ready.step, 'type');
  // The frame is in the element's shadow root, allowed the camera; the host's styles stop there.
  const inShadow = await page.evaluate(() => {
    const el = document.querySelector('beian-filing');
    const frame = el.shadowRoot?.querySelector('iframe');
    return { frame: Boolean(frame), allow: frame?.allow, inLight: document.querySelectorAll('iframe').length };
  });
  assert.deepEqual(inShadow, { frame: true, allow: 'camera; microphone; fullscreen', inLight: 0 });
  // The partner's colours (its --beian-* properties) and its domain reach the client.
  assert.deepEqual((await hear(page, 'theme')).applied, ['scheme', 'accent', 'radius']);
  assert.deepEqual((await hear(page, 'preset')).applied, ['domain']);
  const frame = await clientFrame(page);
  const style = () => frame.evaluate(() => {
    const css = getComputedStyle(document.documentElement);
    return { accent: css.getPropertyValue('--accent').trim(), radius: css.getPropertyValue('--radius').trim(), theme: document.documentElement.dataset.theme };
  });
  assert.deepEqual(await style(), { accent: '#7a2e8e', radius: '4px', theme: 'light' });
  assert.equal(await frame.locator('#websites-0-domain').inputValue(), 'partner-demo.cn');
  // The header is in the partner's accent.
  assert.equal(await frame.locator('.app-header').evaluate((h) => getComputedStyle(h).backgroundColor), 'rgb(122, 46, 142)');
  await page.screenshot({ path: join(SHOTS, 'partner-element-360.png'), fullPage: true });

  // The theme attribute: dark, the partner's accent kept.
  await page.locator('#dark').tap();
  await frame.waitForFunction(() => document.documentElement.dataset.theme === 'dark');
  assert.equal((await style()).accent, '#7a2e8e');
  assert.equal(await frame.locator('body').evaluate((b) => getComputedStyle(b).colorScheme), 'dark');
  await page.screenshot({ path: join(SHOTS, 'partner-element-dark-360.png'), fullPage: true });
  // The locale attribute: English first.
  await page.locator('#english').tap();
  await frame.locator('.beian-app[lang="en"]').waitFor();
  // The step the applicant goes to is an event on the element.
  await frame.evaluate(() => { location.hash = '#/product'; });
  await hear(page, 'step', (m) => m.step === 'product');
  // A colour that is not one is not taken.
  await page.evaluate(() => {
    const el = document.querySelector('beian-filing');
    el.style.setProperty('--beian-accent', 'url(https://evil.example/x)');
    el.refreshTheme();
  });
  await hear(page, 'theme', (m) => m.applied.length === 2 && !m.applied.includes('accent'), 50);
  assert.deepEqual(await seriousA11yViolations(page), [], 'partner console with the element: axe-core');
  assert.deepEqual(problems, []);
  await context.close();
});

test('an element put in the page before its server is known mounts the client once the server is set', async () => {
  const { context, page, problems } = await phonePage(browser);
  await page.goto(`${demo}/element`);
  await hear(page, 'ready');
  await page.evaluate(() => {
    window.beianEvents = [];
    const late = document.createElement('beian-filing');
    late.id = 'late';
    late.addEventListener('beian-ready', (e) => window.beianEvents.push({ event: 'beian-ready', detail: e.detail }));
    late.addEventListener('beian-error', (e) => window.beianEvents.push({ event: 'beian-error', detail: e.detail }));
    document.body.append(late);
    late.setAttribute('server', document.querySelector('#filing').getAttribute('server'));
  });
  assert.equal((await hear(page, 'ready')).step, 'type');
  assert.deepEqual((await heard(page)).filter((m) => m.type === 'problem').map((m) => m.code), ['no_server']);
  assert.deepEqual(problems, []);
  await context.close();
});

test('on an origin the server does not list, the element says it could not start', async () => {
  const { context, page } = await phonePage(browser);
  await page.goto(`${partner.stranger}/element`);
  const error = await hear(page, 'problem', () => true, 250);
  assert.equal(error.code, 'not_ready');
  assert.equal((await heard(page)).filter((m) => m.type === 'ready').length, 0);
  await context.close();
});

test('a filing completed through the element: the camera step in the partner\'s page, its sign-in, the submission', async () => {
  await fileThrough(partner, browser, '/element', 'partner-element');
});
