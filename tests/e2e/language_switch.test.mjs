// End-to-end: the English switch on a phone. Chinese is the default; the switch puts English
// first on every step (the Chinese term after it), keeps what was typed, survives a reload, and a
// partner's link can ask for English with ?lang=en. Every step in English is checked for sideways
// scrolling (English texts are longer) and with axe-core.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { phonePage, seriousA11yViolations, serverAndBrowser, SHOTS } from './support.mjs';


const env = serverAndBrowser();

const heading = (page) => page.locator('.step h2').innerText();

test('the English switch puts English first on every step and is kept on reload', async () => {
  const { context, page, problems } = await phonePage(env.browser);
  await page.goto(env.server.url);
  await page.locator('#language-switch').waitFor();
  assert.equal(await page.evaluate(() => document.documentElement.lang), 'zh-CN');
  assert.match(await heading(page), /^备案类型判定/);

  // Some answers first: they must survive the switch.
  await page.selectOption('#subject-region-province', '44');
  await page.selectOption('#subject-nature', '5');
  await page.fill('#subject-certificate-number', '11010519491231002X');
  await page.locator('#subject-certificate-number').blur();
  await page.locator('#subject-certificate-number-messages .msg').first().waitFor();
  assert.equal(
    await page.locator('#subject-certificate-number-messages .msg span').first().getAttribute('lang'),
    'zh-CN',
  );

  await page.locator('#language-switch').tap();
  await page.waitForFunction(() => document.documentElement.lang === 'en');
  assert.match(await heading(page), /^Filing type/);
  assert.match(await heading(page), /备案类型判定/, 'the Chinese term follows');
  assert.match(await page.locator('label[for=subject-region-province]').innerText(), /^Province/);
  assert.equal(await page.inputValue('#subject-certificate-number'), '11010519491231002X');
  assert.equal(await page.inputValue('#subject-region-province'), '44');
  assert.equal(
    await page.locator('#subject-certificate-number-messages .msg span').first().getAttribute('lang'),
    'en',
  );
  assert.equal(await page.locator('#language-switch').innerText(), '中文');
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'language-switch');

  // Every step of the filing in English: no sideways scrolling, no serious axe violation.
  const steps = await page.locator('.steps button').evaluateAll((bs) => bs.map((b) => b.dataset.step));
  assert.ok(steps.length >= 6, `steps: ${steps}`);
  for (const step of steps) {
    await page.locator(`.steps button[data-step="${step}"]`).tap();
    await page.waitForFunction((s) => location.hash === `#/${s}`, step);
    await page.locator('.step h2').waitFor();
    assert.doesNotMatch(await heading(page), /^[\u3400-\u9fff]/, `${step}: English first`);
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(width <= 360, `${step}: page is ${width}px wide in English`);
    assert.deepEqual(await seriousA11yViolations(page), [], `${step} in English: axe-core`);
    await page.screenshot({ path: join(SHOTS, `english-${step}-360.png`), fullPage: true });
  }

  // Reload: still English, still the answers.
  await page.reload();
  await page.locator('.step h2').waitFor();
  assert.equal(await page.evaluate(() => document.documentElement.lang), 'en');
  assert.equal(await page.locator('#language-switch').innerText(), '中文');

  // And back to Chinese.
  await page.locator('#language-switch').tap();
  await page.waitForFunction(() => document.documentElement.lang === 'zh-CN');
  assert.match(await page.locator('.app-header h1').innerText(), /^ICP 备案/);
  assert.deepEqual(problems, []);
  await context.close();
});

test('a link with ?lang=en opens in English without a choice stored', async () => {
  const { context, page, problems } = await phonePage(env.browser);
  await page.goto(`${env.server.url}?lang=en`);
  await page.locator('.step h2').waitFor();
  assert.equal(await page.evaluate(() => document.documentElement.lang), 'en');
  assert.match(await heading(page), /^Filing type/);
  assert.equal(await page.evaluate(() => localStorage.getItem('beian.locale')), null);
  assert.deepEqual(problems, []);
  await context.close();
});
