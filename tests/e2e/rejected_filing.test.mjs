// End-to-end: a filing the provider's review (初审) returns. The applicant submits; the reviewer
// returns it with a reason on one field (the review API, with the reviewers' token); the
// applicant's phone shows it returned, the review lists the reason at that field, one tap goes
// there, the fix clears it, and the filing is submitted again with only that field changed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { apiFetch, phonePage, seriousA11yViolations, serverAndBrowser, signInWithForm, SHOTS } from './support.mjs';

const TOKEN = 'e2e-reviewer-token-0123456789abcdef';
const env = serverAndBrowser({ BEIAN_REVIEWER_TOKEN: TOKEN });
const EXAMPLE = JSON.parse(readFileSync(new URL('../../docs/examples/first-filing-personal.json', import.meta.url), 'utf8'));

async function application(page, id) {
  return (await apiFetch(page, `${env.server.url}/api/v1/applications/${id}`)).json();
}

test('a returned filing: the reason at its field, fixed, submitted again', async () => {
  const { context, page, problems } = await phonePage(env.browser);
  await context.addInitScript((text) => {
    if (!sessionStorage.getItem('seeded')) {
      localStorage.setItem('beian.draft.v1', text);
      sessionStorage.setItem('seeded', '1');
    }
  }, JSON.stringify({ draft: { ...EXAMPLE, declarations: { information_true: false } } }));
  await page.goto(`${env.server.url}#/review`);
  await page.locator('label[for="declarations-information-true"]').tap();
  await signInWithForm(page, env.server.url);
  await page.locator('[data-stage="submitted"][aria-current="step"]').waitFor();
  const id = await page.locator('[data-application-id]').getAttribute('data-application-id');

  // The reviewer returns it: the site owner's email bounces.
  const res = await fetch(`${env.server.url}/api/v1/applications/${id}/review`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${TOKEN}` },
    body: JSON.stringify({
      decision: 'reject',
      reasons: [{ field: 'websites[0].owner.email', message: { 'zh-CN': '邮箱无法接收邮件，请更换。', en: 'The email bounces: use another one.' } }],
    }),
  });
  assert.equal(res.status, 200);

  // The phone learns it when the page opens again.
  await page.reload();
  await page.locator('.returned').waitFor();
  assert.deepEqual(await seriousA11yViolations(page), [], 'progress, returned: axe-core');
  await page.screenshot({ path: join(SHOTS, 'returned-progress-360.png'), fullPage: true });
  await page.locator('button.fix-returned').tap();
  await page.waitForFunction(() => location.hash === '#/review');
  const item = page.locator('.review-item[data-code="review.returned"][data-field="websites[0].owner.email"]');
  await item.waitFor();
  assert.match(await item.innerText(), /邮箱无法接收邮件/);
  await page.screenshot({ path: join(SHOTS, 'returned-review-360.png'), fullPage: true });
  await item.locator('button.jump').tap();
  await page.waitForFunction(() => document.activeElement?.id === 'websites-0-owner-email');
  await page.locator('#websites-0-owner-email-messages [data-code="review.returned"]').waitFor();
  // Only the returned field is open; the others are read-only until the filing is submitted again.
  assert.equal(await page.locator('#websites-0-owner-email').getAttribute('readonly'), null);
  assert.notEqual(await page.locator('#websites-0-name').getAttribute('readonly'), null);
  assert.ok(await page.locator('#websites-0-owner-certificate-type').isDisabled());

  // Fixed: the reason goes; synced in the background; submitted again.
  await page.fill('#websites-0-owner-email', 'zhangsan@example.org');
  await page.locator('#websites-0-owner-email').blur();
  await page.locator('#websites-0-owner-email-messages [data-code="review.returned"]').waitFor({ state: 'detached' });
  await page.locator('.steps button[data-step="review"]').tap();
  await page.waitForFunction(() => location.hash === '#/review');
  assert.equal(await page.locator('.review-item.msg-error').count(), 0);
  await page.locator('button.submit').tap();
  await page.waitForFunction(() => location.hash === '#/progress');
  await page.locator('[data-stage="submitted"][aria-current="step"]').waitFor();
  assert.equal(await page.locator('.returned').count(), 0);

  const now = await application(page, id);
  assert.equal(now.status, 'submitted');
  assert.equal(now.draft.websites[0].owner.email, 'zhangsan@example.org');
  assert.equal(now.draft.subject.name, EXAMPLE.subject.name);
  assert.deepEqual(problems, []);
  await context.close();
});
