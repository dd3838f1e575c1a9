// End-to-end: drafts reach the server without a tap once it knows them. After the first save,
// a pause in the editing syncs the change; offline, the change stays on the phone (and says so),
// and it is sent when the phone is back online; a reload while offline-edited keeps it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { apiFetch, phonePage, serverAndBrowser } from './support.mjs';

const env = serverAndBrowser();

let page;
async function serverDraft(id) {
  return (await apiFetch(page, `${env.server.url}/api/v1/applications/${id}`)).json();
}

test('changes sync in the background after the first save, and after a time offline', async () => {
  const opened = await phonePage(env.browser);
  const { context, problems } = opened;
  page = opened.page;
  await page.goto(env.server.url);
  await page.selectOption('#subject-region-province', '44');
  await page.fill('#websites-0-domain', 'first.cn');
  // Nothing is sent before the applicant saves once (no application for every visitor).
  await page.waitForTimeout(2000);
  let posts = 0;
  page.on('request', (r) => r.method() !== 'GET' && r.url().includes('/api/') && posts++);
  await page.locator('button.save-draft').tap();
  const saved = page.locator('.save-status.saved');
  await saved.waitFor();
  const id = await saved.getAttribute('data-application-id');
  assert.equal((await serverDraft(id)).revision, 1);

  // A change, then a pause: synced without a tap.
  await page.fill('#websites-0-domain', 'synced.cn');
  await page.locator('.save-status.saved[data-revision="2"]').waitFor({ timeout: 10_000 });
  assert.equal((await serverDraft(id)).draft.websites[0].domain, 'synced.cn');

  // Offline: the change stays on the phone, and the status says so.
  await context.setOffline(true);
  await page.fill('#websites-0-domain', 'offline.cn');
  await page.locator('#websites-0-domain').blur();
  await page.locator('.save-status.offline').waitFor();
  await page.waitForTimeout(2500);
  assert.equal((await serverDraft(id)).draft.websites[0].domain, 'synced.cn', 'nothing sent offline');
  // Back online: sent at once.
  await context.setOffline(false);
  await page.locator('.save-status.saved[data-revision="3"]').waitFor({ timeout: 10_000 });
  assert.equal((await serverDraft(id)).draft.websites[0].domain, 'offline.cn');

  // Nothing left to send: no further saves.
  const before = posts;
  await page.waitForTimeout(2500);
  assert.equal(posts, before, 'no save without a change');
  assert.equal((await serverDraft(id)).revision, 3);

  // The server unreachable (the phone online): the failure is shown, a reload keeps the change,
  // and it is sent by a later retry once the server answers again.
  await page.route('**/api/v1/applications/**', (route) => route.abort('connectionrefused'));
  const failed = [];
  page.on('requestfailed', (r) => failed.push(`${r.url()}: ${r.failure()?.errorText}`));
  await page.fill('#websites-0-domain', 'server-down.cn');
  await page.locator('.save-status.failed[data-code="network"]').waitFor({ timeout: 10_000 });
  await page.reload();
  // (Once in a full run the step did not appear after this reload: the page's errors, if any.)
  await page.locator('.step h2').waitFor().catch((e) => {
    assert.fail(`no step after the reload (${e.message.split('\n')[0]}); the page said: ${JSON.stringify(problems)}; requests failed: ${JSON.stringify(failed)}`);
  });
  assert.equal(await page.inputValue('#websites-0-domain'), 'server-down.cn');
  await page.unroute('**/api/v1/applications/**');
  await page.locator('.save-status.saved[data-revision="4"]').waitFor({ timeout: 20_000 });
  assert.equal((await serverDraft(id)).draft.websites[0].domain, 'server-down.cn');
  assert.deepEqual(problems.filter((p) => !/ERR_INTERNET_DISCONNECTED|ERR_CONNECTION_REFUSED|Failed to fetch/.test(p)), []);
  await context.close();
});
