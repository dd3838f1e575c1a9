// End-to-end: filing types other than the first filing, walked on a phone to submission against
// the real server. The subject and site details start from the repository's example draft on the
// device (the first-filing test types them all in); what differs per type is walked here: the type
// from the answers or the "other actions" picker, the existing 备案号 (its province checked) and
// 备案密码, the steps the type goes through, the uploads it needs, who gets the SMS code, and the
// server's record after submission.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import {
  apiFetch, phonePage, pngImage, seriousA11yViolations, serverAndBrowser, signInWithForm, withOwnSubject,
} from './support.mjs';

const EXAMPLE = JSON.parse(readFileSync(new URL('../../docs/examples/first-filing-personal.json', import.meta.url), 'utf8'));

const env = serverAndBrowser();

/** Opens the wizard with `draft` as the draft kept on the device, at the first step. */
async function openWith(draft) {
  const { context, page, problems } = await phonePage(env.browser);
  await context.addInitScript((text) => {
    if (!sessionStorage.getItem('seeded')) {
      localStorage.setItem('beian.draft.v1', text);
      sessionStorage.setItem('seeded', '1');
    }
  }, JSON.stringify({ draft }));
  await page.goto(`${env.server.url}#/type`);
  await page.locator('.step h2').waitFor();
  return { context, page, problems };
}

async function fill(page, id, value) {
  await page.fill(`#${id}`, value);
  await page.locator(`#${id}`).blur();
}

async function next(page, step) {
  await page.locator(`button.next[data-next="${step}"]`).tap();
  await page.waitForFunction((s) => location.hash === `#/${s}`, step);
  await page.locator('.step h2').waitFor();
  assert.deepEqual(await seriousA11yViolations(page), [], `${step}: axe-core`);
}

const stepsShown = (page) => page.locator('.steps button').evaluateAll((bs) => bs.map((b) => b.dataset.step));

async function submit(page) {
  await page.locator('label[for="declarations-information-true"]').tap();
  // A guest: one button signs in and submits.
  await signInWithForm(page, env.server.url);
  // Either the progress page, or the refusal shown under the button (named in the failure).
  await page.waitForFunction(() => location.hash === '#/progress' || document.querySelector('.actions [role="alert"]'));
  const refused = page.locator('.actions [role="alert"]');
  if (await refused.count()) assert.fail(`submission refused: ${await refused.getAttribute('data-code')} ${await refused.textContent()}`);
  await page.locator('[data-stage="submitted"][aria-current="step"]').waitFor();
  const id = await page.locator('[data-application-id]').getAttribute('data-application-id');
  return (await apiFetch(page, `${env.server.url}/api/v1/applications/${id}`)).json();
}

/** The example without `keys`, for a subject of its own (one filing in flight per subject). */
function draftWithout(...keys) {
  const d = withOwnSubject(EXAMPLE);
  for (const k of keys) delete d[k];
  d.declarations = { information_true: false };
  return d;
}

test('接入备案 (新增接入): both filed elsewhere, the 备案号 and 备案密码, only the site owner gets the SMS', async () => {
  const draft = draftWithout('filing_type', 'uploads');
  draft.websites[0].owner.mobile = '13900139000';
  draft.websites[0].owner.emergency_phone = '13700137000';
  const { context, page, problems } = await openWith(draft);

  await page.locator('label[for="prior-filings-subject-2"]').tap();
  await page.locator('label[for="prior-filings-domain-2"]').tap();
  await page.locator('[data-filing-type="access_new"]').waitFor();
  // The existing filing: a Beijing number for a Guangdong subject is caught, then fixed.
  await fill(page, 'existing-filing-icp-number', '京ICP备12345678号');
  await page.locator('#existing-filing-icp-number-messages [data-code="filing_number.province"]').waitFor();
  await fill(page, 'existing-filing-icp-number', '粤ICP备12345678号');
  await page.locator('#existing-filing-icp-number-messages [data-code]').waitFor({ state: 'detached' });
  await fill(page, 'existing-filing-password', 'Pw4miit2024');
  assert.deepEqual(await stepsShown(page), [
    'type', 'product', 'subject', 'websites', 'uploads', 'verification', 'review', 'progress',
  ]);

  const body = await walkToSubmission(page);
  assert.equal(body.status, 'submitted');
  assert.equal(body.draft.filing_type, 'access_new');
  assert.equal(body.draft.existing_filing.icp_number, '粤ICP备12345678号');
  assert.deepEqual(body.draft.uploads.map((u) => u.kind), ['id_front', 'id_back', 'verification_form']);
  // 新增接入: the code goes to the website's responsible person only.
  assert.deepEqual(await smsPhones(page), ['张三 139****9000']);
  assert.deepEqual(problems, []);
  await context.close();
});

test('注销网站: chosen, with the 备案号 and 备案密码; no product, subject, uploads, capture or SMS', async () => {
  const { context, page, problems } = await openWith(draftWithout('filing_type', 'uploads'));

  await page.locator('.other-actions summary').tap();
  await page.selectOption('#filing-type-other-action', 'cancel_website');
  await page.locator('[data-filing-type="cancel_website"]').waitFor();
  await fill(page, 'existing-filing-icp-number', '粤ICP备12345678号-1');
  // The password is required for a cancellation.
  await page.locator('button.next[data-next="websites"]').tap();
  await page.waitForFunction(() => location.hash === '#/websites');
  await page.locator('.steps button[data-step="type"]').tap();
  await page.locator('#existing-filing-password-messages [data-code="form.required"]').waitFor();
  await fill(page, 'existing-filing-password', 'Pw4miit2024');
  assert.deepEqual(await stepsShown(page), ['type', 'websites', 'review', 'progress']);

  await next(page, 'websites');
  await next(page, 'review');
  assert.equal(await page.locator('.review-item.msg-error').count(), 0);
  const body = await submit(page);
  assert.equal(body.status, 'submitted');
  assert.equal(body.draft.filing_type, 'cancel_website');
  assert.deepEqual(body.draft.uploads, []);
  assert.equal(await page.locator('[data-stage="sms_check"]').count(), 0, 'no SMS check for 注销网站');
  assert.deepEqual(problems, []);
  await context.close();
});

/** From the first step, "next" through the steps shown, uploading a picture into every slot of
 * 上传资料, to submission; returns the server's record. */
async function walkToSubmission(page) {
  const steps = (await stepsShown(page)).filter((s) => s !== 'type' && s !== 'progress');
  for (const step of steps) {
    await next(page, step);
    if (step === 'uploads') {
      const slots = await page.locator('.upload-slot').evaluateAll((ss) => ss.map((s) => s.id));
      for (const slot of slots) {
        await page.setInputFiles(`#${slot}-file`, { name: `${slot}.png`, mimeType: 'image/png', buffer: pngImage(1600, 1000) });
        await page.locator(`#${slot} .upload-preview figcaption`, { hasText: '1600 × 1000' }).waitFor();
      }
    }
  }
  assert.equal(await page.locator('.review-item.msg-error').count(), 0);
  return submit(page);
}

const smsPhones = (page) => page.locator('.sms-phones li').allInnerTexts();

test('新增网站 (原备案不在本平台): the subject filed elsewhere, a new domain; both people get the SMS', async () => {
  const draft = draftWithout('filing_type', 'uploads');
  draft.websites[0].owner.mobile = '13900139000';
  draft.websites[0].owner.emergency_phone = '13700137000';
  const { context, page, problems } = await openWith(draft);
  await page.locator('label[for="prior-filings-subject-2"]').tap();
  await page.locator('label[for="prior-filings-domain-0"]').tap();
  await page.locator('[data-filing-type="new_site_elsewhere"]').waitFor();
  await fill(page, 'existing-filing-icp-number', '粤ICP备12345678号');
  await fill(page, 'existing-filing-password', 'Pw4miit2024');
  const body = await walkToSubmission(page);
  assert.equal(body.status, 'submitted');
  assert.equal(body.draft.filing_type, 'new_site_elsewhere');
  assert.deepEqual(body.draft.uploads.map((u) => u.kind), ['id_front', 'id_back', 'verification_form']);
  assert.deepEqual(await smsPhones(page), ['张三 138****8000', '张三 139****9000']);
  assert.deepEqual(problems, []);
  await context.close();
});

test('变更网站: chosen with the 备案号 (no password); the site form and its owner checked, the owner gets the SMS', async () => {
  const { context, page, problems } = await openWith(draftWithout('filing_type', 'uploads'));
  await page.locator('.other-actions summary').tap();
  await page.selectOption('#filing-type-other-action', 'change_website');
  await page.locator('[data-filing-type="change_website"]').waitFor();
  assert.equal(await page.locator('#existing-filing-password').count(), 0, 'no password for a change');
  // A number of another province: a change cannot move the filing to another province.
  await fill(page, 'existing-filing-icp-number', '沪ICP备12345678号-1');
  await page.locator('#existing-filing-icp-number-messages [data-code="filing_number.province"]').waitFor();
  await fill(page, 'existing-filing-icp-number', '粤ICP备12345678号-1');
  assert.deepEqual(await stepsShown(page), ['type', 'websites', 'uploads', 'verification', 'review', 'progress']);
  const body = await walkToSubmission(page);
  assert.equal(body.draft.filing_type, 'change_website');
  assert.deepEqual(body.draft.uploads.map((u) => u.kind), ['verification_form']);
  assert.deepEqual(await smsPhones(page), ['张三 138****8000']);
  assert.deepEqual(problems, []);
  await context.close();
});

test('认领备案: chosen with the 备案号; the subject and its ID card, no website steps', async () => {
  const { context, page, problems } = await openWith(draftWithout('filing_type', 'uploads'));
  await page.locator('.other-actions summary').tap();
  await page.selectOption('#filing-type-other-action', 'claim');
  await page.locator('[data-filing-type="claim"]').waitFor();
  await fill(page, 'existing-filing-icp-number', '粤ICP备12345678号');
  assert.deepEqual(await stepsShown(page), ['type', 'subject', 'uploads', 'review', 'progress']);
  const body = await walkToSubmission(page);
  assert.equal(body.draft.filing_type, 'claim');
  assert.deepEqual(body.draft.uploads.map((u) => u.kind), ['id_front', 'id_back']);
  assert.deepEqual(problems, []);
  await context.close();
});
