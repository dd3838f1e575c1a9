// End-to-end: the released client, served by the real server on a fresh SQLite database, driven
// by Playwright in Chromium on a 360x740 phone viewport.
// Run through scripts/test, which builds dist/ and the server first.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { apiFetch, launchChromium, phonePage as newPhonePage, startServer } from './support.mjs';

const SHOTS = 'test-results';

let server;
let baseUrl;
let browser;

before(async () => {
  server = await startServer();
  baseUrl = server.url;
  mkdirSync(SHOTS, { recursive: true });
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

const phonePage = () => newPhonePage(browser);

async function domainMessages(page) {
  return (await page.locator('#websites-0-domain-messages').textContent()) ?? '';
}

test('fill step 1 on a phone, fix the domain, save, and read the draft back from the API', async () => {
  const { context, page, problems } = await phonePage();
  await page.goto(baseUrl);

  await page.selectOption('#subject-region-province', '44');
  await page.selectOption('#subject-region-city', '4403');
  await page.selectOption('#subject-region-district', '440305');
  await page.selectOption('#subject-nature', '5');
  // Individual preselects the ID card (the options follow the nature a moment later).
  await page.waitForFunction(() => document.querySelector('#subject-certificate-type')?.value === 'resident_id');
  // A typo in the ID number: the check digit catches it at once; fixed, the message goes.
  await page.fill('#subject-certificate-number', '440524188001010015');
  await page.locator('#subject-certificate-number').blur();
  await page.locator('#subject-certificate-number-messages [data-code="certificate.checksum"]').waitFor();
  await page.fill('#subject-certificate-number', '440524188001010014');
  await page.locator('#subject-certificate-number').blur();
  await page.locator('#subject-certificate-number-messages [data-code="certificate.checksum"]').waitFor({ state: 'detached' });

  // A pasted URL: told to enter the domain alone.
  await page.fill('#websites-0-domain', 'https://blog.example.com/');
  await page.locator('#websites-0-domain').blur();
  await page.locator('#websites-0-domain-messages [data-code="domain.not_bare"]').waitFor();
  assert.match(await domainMessages(page), /只填写域名本身/);

  // A sub-domain: told which domain to file.
  await page.fill('#websites-0-domain', 'blog.example.com');
  await page.locator('#websites-0-domain').blur();
  await page.locator('#websites-0-domain-messages [data-code="domain.subdomain"]').waitFor();
  assert.match(await domainMessages(page), /请填写 example\.com/);
  assert.equal(await page.getAttribute('#websites-0-domain', 'aria-invalid'), 'true');
  await page.screenshot({ path: join(SHOTS, 'step1-domain-error-360.png'), fullPage: true });

  // Fixed: the error goes, the suffix is confirmed.
  await page.fill('#websites-0-domain', 'example.com');
  await page.locator('#websites-0-domain').blur();
  await page.locator('#websites-0-domain-messages [data-code="domain.suffix_fileable"]').waitFor();
  assert.doesNotMatch(await domainMessages(page), /子域名/);
  assert.equal(await page.getAttribute('#websites-0-domain', 'aria-invalid'), 'false');

  // Phone layout: no horizontal scrolling, touch targets at least 44 px high.
  const scrollWidth = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(scrollWidth <= 360, `page is ${scrollWidth}px wide`);
  for (const sel of ['#subject-region-province', '#subject-region-city', '#subject-region-district', '#subject-nature', '#subject-certificate-type', '#subject-certificate-number', '#websites-0-domain', 'button.save-draft', '.steps button >> nth=0']) {
    const box = await page.locator(sel).boundingBox();
    assert.ok(box.height >= 44, `${sel} is ${box.height}px high`);
  }

  await page.locator('button.save-draft').tap();
  const saved = page.locator('.save-status.saved');
  await saved.waitFor();
  const id = await saved.getAttribute('data-application-id');
  assert.match(id, /^[0-9a-f-]{36}$/);
  await page.screenshot({ path: join(SHOTS, 'step1-saved-360.png'), fullPage: true });

  const res = await apiFetch(page, `${baseUrl}/api/v1/applications/${id}`);
  assert.equal(res.status, 200);
  const body = await res.json();
  assert.equal(body.status, 'draft');
  assert.deepEqual(body.draft.subject.region, { province: '44', city: '4403', district: '440305' });
  assert.equal(body.draft.subject.nature, 5);
  assert.equal(body.draft.subject.certificate_type, 'resident_id');
  assert.equal(body.draft.subject.certificate_number, '440524188001010014');
  assert.deepEqual(body.draft.websites.map((w) => w.domain), ['example.com']);
  // The server's report on a step-1 draft: the suffix can be filed, Guangdong's extra documents,
  // and the filing type still to be determined (the earlier-filing questions are not answered).
  assert.deepEqual(
    body.findings.map((f) => [f.field, f.code]),
    [
      ['websites[0].domain', 'domain.suffix_fileable'],
      ['subject.region.province', 'province.extra_document'],
      ['filing_type', 'form.required'],
    ],
  );

  // A reload keeps everything, and saving again updates the same application.
  await page.reload();
  assert.equal(await page.inputValue('#websites-0-domain'), 'example.com');
  // The district list comes with the division table, a moment after the page.
  await page.waitForFunction(() => document.querySelector('#subject-region-district')?.value === '440305');
  await page.locator('button.save-draft').tap();
  await page.locator('.save-status.saved[data-revision="2"]').waitFor();
  assert.equal(await page.locator('.save-status.saved').getAttribute('data-application-id'), id);

  // Another device saves revision 3; this phone, still on revision 2, is told and chooses.
  const otherDevice = async (domain, revision) => {
    const current = await (await apiFetch(page, `${baseUrl}/api/v1/applications/${id}`)).json();
    current.draft.websites[0].domain = domain;
    const put = await apiFetch(page, `${baseUrl}/api/v1/applications/${id}`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json', 'if-match': `"${revision}"` },
      body: JSON.stringify(current.draft),
    });
    assert.equal(put.status, 200);
  };
  await otherDevice('other-device.cn', 2);
  await page.fill('#websites-0-domain', 'mine.cn');
  await page.locator('button.save-draft').tap();
  const conflict = page.locator('.save-status.conflict[data-code="revision_conflict"]');
  await conflict.waitFor();
  assert.match(await conflict.textContent(), /第 3 版/);
  for (const sel of ['button.keep-mine', 'button.use-theirs']) {
    const box = await page.locator(sel).boundingBox();
    assert.ok(box.height >= 44, `${sel} is ${box.height}px high`);
  }
  await page.screenshot({ path: join(SHOTS, 'step1-conflict-360.png'), fullPage: true });
  await page.locator('button.keep-mine').tap();
  await page.locator('.save-status.saved[data-revision="4"]').waitFor();
  let now = await (await apiFetch(page, `${baseUrl}/api/v1/applications/${id}`)).json();
  assert.equal(now.draft.websites[0].domain, 'mine.cn');

  // Again, and this time the other version is taken: it replaces what this phone had.
  await otherDevice('third.cn', 4);
  await page.fill('#websites-0-domain', 'mine-again.cn');
  await page.locator('button.save-draft').tap();
  await conflict.waitFor();
  await page.locator('button.use-theirs').tap();
  await conflict.waitFor({ state: 'detached' });
  assert.equal(await page.inputValue('#websites-0-domain'), 'third.cn');
  await page.locator('button.save-draft').tap();
  await page.locator('.save-status.saved[data-revision="6"]').waitFor();
  now = await (await apiFetch(page, `${baseUrl}/api/v1/applications/${id}`)).json();
  assert.equal(now.draft.websites[0].domain, 'third.cn');

  // The two refused saves show in the console as failed loads (412); nothing else may.
  assert.deepEqual(problems.filter((p) => !/status of 412/.test(p)), []);
  await context.close();
});

test('a lost download of the city list is retried by a tap, keeping what was entered', async () => {
  const { context, page, problems } = await phonePage();
  let failures = 1;
  await context.route('**/regions.tsv', (route) => (failures-- > 0 ? route.abort('connectionreset') : route.continue()));
  await page.goto(baseUrl);
  await page.selectOption('#subject-region-province', '44');
  const message = page.locator('[data-code="client.regions_unavailable"]');
  await message.waitFor();
  assert.match(await message.textContent(), /无法加载城市和区县数据/);
  assert.equal(await page.locator('#subject-region-city option').count(), 1, 'no cities yet, only the prompt');

  await page.locator('button.retry').tap();
  await message.waitFor({ state: 'detached' });
  await page.selectOption('#subject-region-city', '4403');
  assert.equal(await page.inputValue('#subject-region-province'), '44', 'the province chosen before is kept');
  // The aborted request shows up as a console error; anything else would be a problem.
  assert.deepEqual(problems.filter((p) => !p.includes('regions.tsv') && !p.includes('Failed to load resource')), []);
  await context.close();
});

test('the server refuses malformed and oversized drafts with clear JSON errors', async () => {
  const post = (body, type = 'application/json') =>
    fetch(`${baseUrl}/api/v1/applications`, { method: 'POST', headers: { 'content-type': type }, body });
  let res = await post('{"schema_version":');
  assert.equal(res.status, 400);
  assert.equal((await res.json()).error.code, 'malformed_json');
  res = await post(JSON.stringify({ schema_version: 1, surprise: true }));
  assert.equal(res.status, 422);
  assert.match((await res.json()).error.message.en, /unknown field `surprise`/);
  res = await post(JSON.stringify({ schema_version: 1, websites: [{ domain: 'a'.repeat(200_000) }] }));
  assert.equal(res.status, 413);
  assert.equal((await res.json()).error.code, 'too_large');
});
