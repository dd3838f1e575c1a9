// End-to-end: 我的备案. A guest's saved draft becomes the applicant's at sign-in (mobile number and
// the SMS code from the development gateway); a second phone signs in with the same number and
// resumes the draft where the first left it, and its changes reach the server; starting a new
// filing with changes not yet synced takes a second tap. Errors show under their field.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  apiFetch, phonePage, seriousA11yViolations, serverAndBrowser, signInWithForm, SHOTS, smsCode, uniquePhone,
} from './support.mjs';

const env = serverAndBrowser();
const EXAMPLE = JSON.parse(readFileSync(new URL('../../docs/examples/first-filing-personal.json', import.meta.url), 'utf8'));

async function checkLayout(page, name) {
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(width <= 360, `${name}: page is ${width}px wide`);
  assert.deepEqual(await seriousA11yViolations(page), [], `${name}: axe-core`);
  await page.screenshot({ path: join(SHOTS, `my-filings-${name}-360.png`), fullPage: true });
}

test('a draft saved on one phone is resumed on another after signing in', async () => {
  // Phone A: a draft saved as a guest.
  const a = await phonePage(env.browser);
  await a.context.addInitScript((text) => {
    if (!sessionStorage.getItem('seeded')) {
      localStorage.setItem('beian.draft.v1', text);
      sessionStorage.setItem('seeded', '1');
    }
  }, JSON.stringify({ draft: EXAMPLE }));
  await a.page.goto(`${env.server.url}#/subject`);
  await a.page.locator('button.save-draft').tap();
  const saved = a.page.locator('.save-status.saved');
  await saved.waitFor();
  const id = await saved.getAttribute('data-application-id');

  // 我的备案 asks to sign in; bad input is told under its field.
  await a.page.locator('#my-filings-link').tap();
  await a.page.locator('.my-filings #sign-in-phone').waitFor();
  await checkLayout(a.page, 'sign-in');
  await a.page.fill('#sign-in-phone', '12345');
  await a.page.locator('button.send-code').tap();
  await a.page.locator('#sign-in-phone-messages [data-code="invalid_phone"]').waitFor();
  assert.equal(await a.page.getAttribute('#sign-in-phone', 'aria-invalid'), 'true');
  const phone = uniquePhone();
  await a.page.fill('#sign-in-phone', phone);
  await a.page.locator('button.send-code').tap();
  await a.page.locator('.code-sent').waitFor();
  assert.match(await a.page.locator('.code-sent').textContent(), new RegExp(`${phone.slice(0, 3)}\\*{4}${phone.slice(-4)}`));
  assert.ok(await a.page.locator('button.send-code').isDisabled(), 'no second code within the minute');
  const code = await smsCode(env.server.url, phone);
  await a.page.fill('#sign-in-code', code === '000000' ? '111111' : '000000');
  await a.page.locator('button.sign-in-submit').tap();
  await a.page.locator('#sign-in-code-messages [data-code="wrong_code"]').waitFor();
  await checkLayout(a.page, 'sign-in-errors');
  await a.page.fill('#sign-in-code', code);
  await a.page.locator('button.sign-in-submit').tap();

  // Signed in: the guest's draft is the applicant's, marked as the one on this phone.
  const mine = a.page.locator(`.filing[data-application-id="${id}"]`);
  await mine.locator('.here').waitFor();
  assert.match(await a.page.locator('.signed-in-as').textContent(), /\*{4}/);
  assert.match(await mine.textContent(), /zhangsan-notes\.cn/);
  await checkLayout(a.page, 'list');

  // Phone B: nothing on it; signs in with the same number and resumes the draft.
  const b = await phonePage(env.browser);
  await b.page.goto(`${env.server.url}#/applications`);
  await b.page.locator('#sign-in-phone').waitFor();
  await signInWithForm(b.page, env.server.url, phone);
  const there = b.page.locator(`.filing[data-application-id="${id}"]`);
  await there.waitFor();
  assert.equal(await there.locator('.here').count(), 0);
  await there.locator('button.resume').tap();
  await b.page.waitForFunction(() => location.hash === '#/type');
  assert.equal(await b.page.inputValue('#websites-0-domain'), EXAMPLE.websites[0].domain);
  // A change there is synced to the same application.
  await b.page.fill('#websites-0-domain', 'resumed.cn');
  await b.page.locator(`.save-status.saved[data-application-id="${id}"][data-revision="2"]`).waitFor({ timeout: 10_000 });
  const now = await (await apiFetch(a.page, `${env.server.url}/api/v1/applications/${id}`)).json();
  assert.equal(now.draft.websites[0].domain, 'resumed.cn', 'phone A sees phone B\'s change on the server');

  // Offline with a change: a new filing discards it only at the second tap.
  await b.context.setOffline(true);
  await b.page.fill('#websites-0-domain', 'unsynced.cn');
  await b.page.locator('#my-filings-link').tap();
  await b.page.locator('.my-filings [data-code="network"]').waitFor();
  await b.page.locator('button.start-new').tap();
  await b.page.locator('.my-filings .msg-warning').waitFor();
  assert.equal(await b.page.evaluate(() => location.hash), '#/applications');
  await b.page.locator('button.start-new').tap();
  await b.page.waitForFunction(() => location.hash === '#/type');
  assert.equal(await b.page.inputValue('#websites-0-domain'), '');

  // The server never had the offline change.
  const after = await (await apiFetch(a.page, `${env.server.url}/api/v1/applications/${id}`)).json();
  assert.equal(after.draft.websites[0].domain, 'resumed.cn');
  // Phone B's offline load failed once (its console says so); nothing else may show up.
  // Phone A's wrong code shows as a failed load (422).
  assert.deepEqual(a.problems.filter((p) => !/status of 422/.test(p)), []);
  assert.deepEqual(b.problems.filter((p) => !/ERR_INTERNET_DISCONNECTED|Failed to fetch|status of 401/.test(p)), []);
  await a.context.close();
  await b.context.close();
});
