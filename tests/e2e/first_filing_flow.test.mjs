// End-to-end: a personal first filing (首次备案) walked from the first step to submission on a
// 360x740 phone, against the real server and a fresh database: the type determined from the
// answers, every step filled in, a reload mid-flow that loses nothing, a review that sends the
// applicant to the field to fix, and the submission the server validates again. Every step is
// checked for sideways scrolling and with axe-core (no serious or critical violation).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { apiFetch, phonePage, pngImage, seriousA11yViolations, serverAndBrowser, signInWithForm, SHOTS } from './support.mjs';


const env = serverAndBrowser();

/** Fills a text field and leaves it, as a thumb would. */
async function fill(page, id, value) {
  await page.fill(`#${id}`, value);
  await page.locator(`#${id}`).blur();
}

/** The step now shown, from the address. */
async function stepOf(page) {
  return page.evaluate(() => location.hash);
}

/** No sideways scrolling, no serious accessibility violation (axe-core), and a screenshot. */
async function checkLayout(page, name) {
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(width <= 360, `${name}: page is ${width}px wide`);
  assert.deepEqual(await seriousA11yViolations(page), [], `${name}: axe-core`);
  await page.screenshot({ path: join(SHOTS, `flow-${name}-360.png`), fullPage: true });
}

async function next(page, step) {
  await page.locator(`button.next[data-next="${step}"]`).tap();
  await page.waitForFunction((s) => location.hash === `#/${s}`, step);
  await page.locator('.step h2').waitFor();
}

test('a personal first filing, from the first step to submission, on a phone', async () => {
  const { context, page, problems } = await phonePage(env.browser);
  await page.goto(env.server.url);

  // 1. 备案类型判定: subject, domain, and the answers about earlier filings.
  await page.selectOption('#subject-region-province', '44');
  await page.selectOption('#subject-region-city', '4403');
  await page.selectOption('#subject-region-district', '440305');
  await page.selectOption('#subject-nature', '5');
  await fill(page, 'subject-certificate-number', '440305199003071236');
  await fill(page, 'websites-0-domain', 'www.ZhangSan-Notes.cn');
  await page.locator('.filed-as', { hasText: 'zhangsan-notes.cn' }).waitFor();
  await page.locator('label[for="prior-filings-subject-0"]').tap();
  await page.locator('label[for="prior-filings-domain-0"]').tap();
  const determined = page.locator('[data-filing-type="first_filing"]');
  await determined.waitFor();
  assert.match(await page.locator('#filing-type').textContent(), /主体和域名都还没有备案过/);
  await checkLayout(page, '1-type');
  await next(page, 'product');

  // 2. 产品验证: a server instance.
  await page.locator('label[for="product-kind-0"]').tap();
  await fill(page, 'product-instance-id', 'i-0f51kpgj00en5yq8');
  await checkLayout(page, '2-product');
  await next(page, 'subject');

  // 3. 主体信息: the region shows before the 通讯地址; repeating it is pointed out.
  assert.equal(await page.locator('.input-prefix').textContent(), '广东省深圳市南山区');
  await fill(page, 'subject-name', '张三');
  await fill(page, 'subject-certificate-address', '广东省深圳市南山区粤海街道科技南十二路2号');
  await fill(page, 'subject-mailing-address', '广东省深圳市南山区粤海街道科技南十二路2号');
  await page.locator('#subject-mailing-address-messages [data-code="address.repeats_region"]').waitFor();
  await fill(page, 'subject-mailing-address', '粤海街道科技南十二路2号');
  await page.locator('#subject-mailing-address-messages [data-code="address.repeats_region"]').waitFor({ state: 'detached' });
  await fill(page, 'subject-investor', '张三');
  await page.locator('button.copy-person').tap();
  assert.equal(await page.inputValue('#subject-owner-certificate-number'), '440305199003071236');
  await fill(page, 'subject-owner-mobile', '13800138000');
  await fill(page, 'subject-owner-phone2', '086-0755-86013388');
  // The same number as the mobile: refused as the emergency phone.
  await fill(page, 'subject-owner-emergency-phone', '13800138000');
  await page.locator('#subject-owner-emergency-phone-messages [data-code="contact.emergency_same"]').waitFor();
  await fill(page, 'subject-owner-emergency-phone', '13900139000');
  await fill(page, 'subject-owner-email', 'zhangsan@example.com');
  // The right keyboards.
  assert.equal(await page.getAttribute('#subject-owner-mobile', 'inputmode'), 'tel');
  assert.equal(await page.getAttribute('#subject-owner-email', 'type'), 'email');

  // A reload mid-flow: the same step, everything kept.
  await page.reload();
  await page.locator('#subject-owner-email').waitFor();
  assert.equal(await stepOf(page), '#/subject');
  assert.equal(await page.inputValue('#subject-owner-email'), 'zhangsan@example.com');
  assert.equal(await page.inputValue('#subject-mailing-address'), '粤海街道科技南十二路2号');
  await checkLayout(page, '3-subject');
  await next(page, 'websites');

  // 4. 网站信息: the domain from step 1 is there; content, language, remark, the owner copied.
  assert.equal(await page.inputValue('#websites-0-domain'), 'www.ZhangSan-Notes.cn');
  await fill(page, 'websites-0-name', '张三的学习笔记');
  await fill(page, 'websites-0-homepage-url', 'https://www.zhangsan-notes.cn/');
  await page.locator('#websites-0-service-content input[value="技术文档"]').check();
  await page.locator('#websites-0-languages input[value="中文简体"]').check();
  await fill(page, 'websites-0-remark', '个人技术学习笔记，记录编程心得，不涉及经营性内容。');
  await page.locator('#site-0 button.copy-owner').tap();
  assert.equal(await page.inputValue('#websites-0-owner-mobile'), '13800138000');
  // A second site with the same domain is refused at once; removed again.
  await page.locator('button.add-site').tap();
  await fill(page, 'websites-1-domain', 'zhangsan-notes.cn');
  await page.locator('#websites-1-domain-messages [data-code="domain.duplicate"]').waitFor();
  await page.locator('#site-1 button.remove-site').tap();
  await page.locator('#site-1').waitFor({ state: 'detached' });
  await checkLayout(page, '4-websites');
  await next(page, 'uploads');

  // 5. 上传资料: a GIF is refused before a byte is sent; a small picture is stored with the
  // advice to retake it; the real ones are checked, stored by the server and previewed.
  const upload = async (slot, width, height) =>
    page.setInputFiles(`#${slot}-file`, { name: `${slot}.png`, mimeType: 'image/png', buffer: pngImage(width, height) });
  let uploadRequests = 0;
  page.on('request', (r) => r.url().includes('/uploads?') && uploadRequests++);
  const gif = Buffer.from('R0lGODlhAQABAIAAAP///wAAACH5BAEAAAAALAAAAAABAAEAAAICRAEAOw==', 'base64');
  await page.setInputFiles('#upload-id_front-file', { name: 'scan.gif', mimeType: 'image/gif', buffer: gif });
  await page.locator('#upload-id_front-messages [data-code="upload.file_type"]').waitFor();
  assert.equal(uploadRequests, 0, 'nothing sent for a refused picture');
  await upload('upload-id_front', 320, 200);
  await page.locator('#upload-id_front .upload-preview img').waitFor();
  await page.locator('#upload-id_front-messages [data-code="upload.resolution"]').waitFor();
  // The 核验单 to print comes filled in from the saved application, in a new tab.
  const [form] = await Promise.all([
    context.waitForEvent('page'),
    page.locator('#upload-verification_form-0 a.template-link').tap(),
  ]);
  await form.waitForLoadState();
  assert.equal(await form.locator('h1').textContent(), '网站备案信息真实性核验单');
  const formText = await form.locator('main').innerText();
  for (const value of ['张三', 'zhangsan-notes.cn', '13800138000']) {
    assert.ok(formText.includes(value), `the form shows ${value}`);
  }
  const formWidth = await form.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(formWidth <= 360, `the form is ${formWidth}px wide on the phone`);
  await form.screenshot({ path: join(SHOTS, 'flow-5-verification-form-360.png'), fullPage: true });
  await form.close();
  for (const slot of ['upload-id_front', 'upload-id_back', 'upload-verification_form-0']) {
    await upload(slot, 1600, 1000);
    await page.locator(`#${slot} .upload-preview figcaption`, { hasText: '1600 × 1000' }).waitFor();
  }
  assert.equal(uploadRequests, 4);
  assert.equal(await page.locator('#upload-id_front-messages [data-code]').count(), 0, 'the advice is gone');
  const previewOk = await page.locator('#upload-id_back .upload-preview img').evaluate((img) => img.complete && img.naturalWidth === 1600);
  assert.ok(previewOk, 'the preview shows the stored picture');
  await checkLayout(page, '5-uploads');
  await next(page, 'verification');

  // 真实性核验: the one responsible person, masked, with what to prepare; the live capture.
  const cards = page.locator('.capture-card');
  assert.equal(await cards.count(), 1);
  assert.equal(await cards.first().getAttribute('data-person'), 'websites[0].owner');
  assert.match(await cards.first().locator('h3').innerText(), /张三/);
  assert.match(await cards.first().locator('.certificate').innerText(), /^4403\*+\d{3}[\dX]$/);
  await cards.first().locator('.capture-slot .live-capture[data-kind="id_front"]').waitFor();
  assert.ok((await page.locator('.check-notes li').count()) >= 2);
  await checkLayout(page, '5b-verification');
  await next(page, 'review');

  // 6. 信息核验: an email typo found late sends the applicant to the field, and back.
  const listed = await page.locator('.review-item').evaluateAll((items) => items.map((i) => `${i.dataset.field} ${i.dataset.code}`));
  // Nothing to fix in the steps; the one error left is the declaration, on this page.
  assert.deepEqual(listed, []);
  assert.match(await page.locator('#review-summary').textContent(), /还有 1 个错误/);
  await page.locator('.steps button[data-step="websites"]').tap();
  await page.waitForFunction(() => location.hash === '#/websites');
  await fill(page, 'websites-0-owner-email', 'zhangsan@');
  await page.locator('.steps button[data-step="review"]').tap();
  await page.waitForFunction(() => location.hash === '#/review');
  const item = page.locator('.review-group[data-step="websites"] [data-code="contact.email_format"] button.jump');
  await item.waitFor();
  await checkLayout(page, '6-review-error');
  await item.tap();
  await page.waitForFunction(() => location.hash === '#/websites');
  await page.waitForFunction(() => document.activeElement?.id === 'websites-0-owner-email');
  await fill(page, 'websites-0-owner-email', 'zhangsan@example.com');
  await page.locator('.steps button[data-step="review"]').tap();
  await page.waitForFunction(() => location.hash === '#/review');

  // Not signed in (a guest): one button signs in and submits. Without the declaration it says
  // where, before any sign-in.
  await page.locator('#sign-in-phone').waitFor();
  assert.equal(await page.locator('button.submit').count(), 0, 'one primary action');
  await page.locator('button.sign-in-submit').tap();
  await page.locator('#declarations-information-true-messages [data-code="form.required"]').waitFor();
  assert.equal(await page.locator('#sign-in-phone-messages .msg').count(), 0, 'the number is not asked yet');
  await page.locator('label[for="declarations-information-true"]').tap();
  for (const sel of ['button.sign-in-submit', 'label[for="declarations-information-true"]']) {
    const box = await page.locator(sel).boundingBox();
    assert.ok(box.height >= 44, `${sel} is ${box.height}px high`);
  }
  await checkLayout(page, '6-review');
  // The sign-in: the results go to that number; then the filing goes at once.
  assert.equal(await page.locator('#sign-in-phone').getAttribute('inputmode'), 'tel');
  assert.equal(await page.locator('#sign-in-code').getAttribute('autocomplete'), 'one-time-code');
  await checkLayout(page, '6-review-sign-in');
  await signInWithForm(page, env.server.url);

  // 7. 进度: submitted; the SMS check names who receives the codes.
  await page.waitForFunction(() => location.hash === '#/progress');
  await page.locator('[data-stage="submitted"][aria-current="step"]').waitFor();
  assert.match(await page.locator('.sms-phones').textContent(), /张三 138\*\*\*\*8000/);
  await checkLayout(page, '7-progress');
  const id = await page.locator('[data-application-id]').getAttribute('data-application-id');
  const body = await (await apiFetch(page, `${env.server.url}/api/v1/applications/${id}`)).json();
  assert.equal(body.status, 'submitted');
  assert.equal(body.draft.filing_type, 'first_filing');
  assert.deepEqual(body.draft.prior_filings, { subject: 'not_filed', domain: 'not_filed' });
  assert.equal(body.findings.filter((f) => f.severity === 'error').length, 0);
  // The page asks the server where the application is: a device that last saw it as a draft
  // shows it submitted.
  await page.evaluate(() => {
    const kept = JSON.parse(localStorage.getItem('beian.draft.v1'));
    localStorage.setItem('beian.draft.v1', JSON.stringify({ ...kept, status: 'draft' }));
  });
  let asked = 0;
  page.on('request', (r) => r.method() === 'GET' && r.url().endsWith(`/api/v1/applications/${id}`) && asked++);
  await page.reload();
  await page.locator('[data-stage="submitted"][aria-current="step"]').waitFor();
  // The page rendered anew in another language does not ask the server again.
  await page.locator('#language-switch').tap();
  await page.waitForFunction(() => document.documentElement.lang === 'en');
  await page.locator('#language-switch').tap();
  await page.waitForFunction(() => document.documentElement.lang === 'zh-CN');
  assert.equal(asked, 1, 'one question to the server per page load');
  assert.deepEqual(body.draft.uploads.map((u) => [u.kind, u.website, u.width]), [
    ['id_front', null, 1600],
    ['id_back', null, 1600],
    ['verification_form', 0, 1600],
  ]);
  assert.deepEqual(problems, []);
  await context.close();
});
