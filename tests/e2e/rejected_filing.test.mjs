// End-to-end: a filing from submission to its 备案号, with the reviewer on a phone of their own in
// the reviewer console (/review/). The applicant submits; the reviewer signs in (SMS code from the
// development gateway), finds it in the queue and returns it with a reason on one field; the
// applicant's phone shows it returned, the review lists the reason at that field, one tap goes
// there, the fix clears it, and the filing is submitted again with only that field changed. The
// reviewer approves; the applicant enters the SMS code; the reviewer records the 管局's approval;
// the phone shows the 备案号 and the footer code, and the console the whole audit trail.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  apiFetch, phonePage, seriousA11yViolations, serverAndBrowser, signInWithForm, SHOTS, smsCode,
} from './support.mjs';

const env = serverAndBrowser();
const EXAMPLE = JSON.parse(readFileSync(new URL('../../docs/examples/first-filing-personal.json', import.meta.url), 'utf8'));
const REVIEWER = '13700137000';

/** In the console, on the filing's page: taps the decision's button and waits for the new status. */
async function decide(console_, decision, bureau, status) {
  await console_.locator(`button[data-decision="${decision}"][data-bureau="${bureau}"]`).tap();
  await console_.locator(`.filing-title[data-status="${status}"]`).waitFor();
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

  // The reviewer signs in to the console on their own phone and finds it in the queue.
  env.server.addReviewer(REVIEWER, '李审核');
  const reviewerPhone = await phonePage(env.browser);
  const console_ = reviewerPhone.page;
  await console_.goto(`${env.server.url}/review/`);
  await signInWithForm(console_, env.server.url, REVIEWER);
  const card = console_.locator(`.queue [data-id="${id}"]`);
  await card.waitFor();
  assert.equal(await card.getAttribute('data-status'), 'submitted');
  assert.match(await console_.locator('.signed-in-as').innerText(), /李审核/);
  assert.deepEqual(await seriousA11yViolations(console_), [], 'console queue: axe-core');
  await console_.screenshot({ path: join(SHOTS, 'console-queue-360.png'), fullPage: true });
  // The search narrows the queue (here: by a name nobody has, then by the domain).
  await console_.fill('#queue-search', '李四');
  await console_.locator('.empty').waitFor();
  await console_.fill('#queue-search', EXAMPLE.websites[0].domain);
  await card.waitFor();
  await card.locator('a.button').tap();
  await console_.locator('.filing-title[data-status="submitted"]').waitFor();
  // The full rule report: every finding the server reports, each with its rule's code.
  const detail = await (await apiFetch(console_, `${env.server.url}/api/v1/reviewer/applications/${id}`)).json();
  const shown = await console_.locator('.findings li').evaluateAll((lis) => lis.map((li) => li.dataset.code).sort());
  assert.deepEqual(shown, detail.application.findings.map((f) => f.code).sort());

  // It returns the filing: the site owner's email bounces. Returning without a reason is refused
  // next to the buttons.
  await console_.locator('button[data-decision="reject"][data-bureau="false"]').tap();
  await console_.locator('#decision-messages [data-code="reasons_missing"]').waitFor();
  const email = console_.locator('.entered-field[data-field="websites[0].owner.email"]');
  await email.locator('input[type="checkbox"]').tap();
  await email.locator('textarea.reason-zh').fill('邮箱无法接收邮件，请更换。');
  await email.locator('textarea.reason-en').fill('The email bounces: use another one.');
  assert.deepEqual(await seriousA11yViolations(console_), [], 'console filing: axe-core');
  const consoleWidth = await console_.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(consoleWidth <= 360, `console filing: page is ${consoleWidth}px wide`);
  await console_.screenshot({ path: join(SHOTS, 'console-filing-360.png'), fullPage: true });
  await decide(console_, 'reject', false, 'rejected');

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
  await console_.reload();
  await decide(console_, 'approve', false, 'sms_check');
  await console_.locator('.sms-state').waitFor();
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
  await console_.reload();
  await decide(console_, 'approve', true, 'approved');
  assert.match(await console_.locator('.numbers').innerText(), /粤ICP备2026\d{6}号/);
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
  // 我的备案 lists the approved filing; a change of its website starts from it, the number and
  // the site filled in, the type shown with why.
  await page.locator('#my-filings-link').tap();
  const record = page.locator(`.record[data-subject-number="${site.replace(/-1$/, '')}"]`);
  await record.waitFor();
  assert.equal(await record.getAttribute('data-status'), 'active');
  assert.match(await page.locator(`.filing[data-application-id="${id}"] .filing-status`).innerText(), /备案成功/);
  assert.deepEqual(await seriousA11yViolations(page), [], 'my filings with a record: axe-core');
  await page.screenshot({ path: join(SHOTS, 'my-filings-record-360.png'), fullPage: true });
  await record.locator(`[data-number="${site}"] button[data-filing-type="change_website"]`).tap();
  await page.locator('[data-filing-type="change_website"]').waitFor();
  assert.equal(await page.locator('#existing-filing-icp-number').inputValue(), site);

  // The console's audit trail has each step, the reviewer's named by their id.
  const events = await console_.locator('.events li').evaluateAll((lis) => lis.map((li) => li.dataset.event));
  assert.deepEqual(events, trail.events.map((e) => e.event));
  assert.ok(trail.events.filter((e) => e.event !== 'submit' && e.event !== 'sms_confirmed').every((e) => e.actor.startsWith('reviewer:')));
  await console_.screenshot({ path: join(SHOTS, 'console-approved-360.png'), fullPage: true });
  // The wrong SMS code and the early resend show as failed loads (422, 429); nothing else may.
  assert.deepEqual(problems.filter((p) => !/status of 42[29]/.test(p)), []);
  // In the console, only the return without a reason was refused (before any request).
  assert.deepEqual(reviewerPhone.problems, []);
  await reviewerPhone.context.close();
  await context.close();
});
