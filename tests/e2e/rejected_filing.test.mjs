// End-to-end: a filing from submission to its 备案号. The applicant submits; the reviewer returns
// it with a reason on one field (the review API, with the reviewers' token); the applicant's phone
// shows it returned, the review lists the reason at that field, one tap goes there, the fix clears
// it, and the filing is submitted again with only that field changed. The reviewer approves; the
// applicant enters the SMS code (from the development gateway); the 管局's approval is recorded;
// the phone shows the 备案号 and the footer code.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  apiFetch, phonePage, seriousA11yViolations, serverAndBrowser, signInWithForm, SHOTS, smsCode,
} from './support.mjs';

const TOKEN = 'e2e-reviewer-token-0123456789abcdef';
const env = serverAndBrowser({ BEIAN_REVIEWER_TOKEN: TOKEN });
const EXAMPLE = JSON.parse(readFileSync(new URL('../../docs/examples/first-filing-personal.json', import.meta.url), 'utf8'));

/** A reviewer's call (`review` or `bureau`) with the reviewers' token; the application after it. */
async function reviewer(path, body) {
  const res = await fetch(`${env.server.url}/api/v1/applications/${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${TOKEN}` },
    body: JSON.stringify(body),
  });
  assert.equal(res.status, 200, `${path}: ${res.status}`);
  return res.json();
}

async function application(page, id) {
  return (await apiFetch(page, `${env.server.url}/api/v1/applications/${id}`)).json();
}

test('a returned filing fixed and submitted again, the SMS check, and the 备案号', async () => {
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

  // The 初审 approves: the SMS check. The code goes to the responsible person's mobile (the
  // development gateway keeps it); a wrong one is told under its field, the right one moves on.
  assert.equal((await reviewer(`${id}/review`, { decision: 'approve' })).status, 'sms_check');
  await page.reload();
  const field = page.locator('.sms-code[data-path="subject_owner"] input');
  await field.waitFor();
  assert.match(await page.locator('.sms-check').innerText(), /138\*{4}8000/);
  assert.deepEqual(await seriousA11yViolations(page), [], 'progress, SMS check: axe-core');
  await page.screenshot({ path: join(SHOTS, 'lifecycle-sms-check-360.png'), fullPage: true });
  const code = await smsCode(env.server.url, '13800138000');
  await field.fill(code === '000000' ? '111111' : '000000');
  await page.locator('button.confirm-code').tap();
  await page.locator('.sms-code [data-code="wrong_code"]').waitFor();
  // New codes only every 5 minutes: said under the button.
  await page.locator('button.resend-codes').tap();
  await page.locator('#resend-messages [data-code="too_many_codes"]').waitFor();
  await field.fill(code);
  await page.locator('button.confirm-code').tap();
  await page.locator('[data-stage="bureau_review"][aria-current="step"]').waitFor();

  // The 管局 approves: the phone shows the 备案号 and the footer code to paste.
  assert.equal((await reviewer(`${id}/bureau`, { decision: 'approve' })).status, 'approved');
  await page.reload();
  await page.locator('[data-stage="approved"][aria-current="step"]').waitFor();
  const site = await page.locator('.site-number .icp-number').innerText();
  assert.match(site, /^粤ICP备2026\d{6}号-1$/);
  assert.equal(
    await page.locator('#footer-0').inputValue(),
    `<a href="https://beian.miit.gov.cn/" target="_blank" rel="noopener">${site}</a>`,
  );
  assert.deepEqual(await seriousA11yViolations(page), [], 'progress, approved: axe-core');
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(width <= 360, `approved: page is ${width}px wide`);
  await page.screenshot({ path: join(SHOTS, 'lifecycle-approved-360.png'), fullPage: true });
  const trail = await (await apiFetch(page, `${env.server.url}/api/v1/applications/${id}/events`)).json();
  assert.deepEqual(
    trail.events.map((e) => e.event),
    ['submit', 'first_review_reject', 'submit', 'first_review_approve', 'sms_confirmed', 'bureau_approve'],
  );
  // The wrong SMS code and the early resend show as failed loads (422, 429); nothing else may.
  assert.deepEqual(problems.filter((p) => !/status of 42[29]/.test(p)), []);
  await context.close();
});
