// End-to-end: the 真实性核验 capture with Chromium's fake camera against the real server. The ID
// card's two sides (shutter, then "use this one") and the face with the server's three
// challenges are streamed over the WebSocket; the server ends each session complete and has
// every frame the page numbered. A reviewer then sees them in the console: the photo kept, the
// frame of each challenge, frames across the session, and the recording, which plays.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  apiFetch, phonePage, seriousA11yViolations, serverAndBrowser, signInWithForm, SHOTS,
} from './support.mjs';

const env = serverAndBrowser({}, ['--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream']);
const example = JSON.parse(readFileSync(new URL('../../docs/examples/first-filing-personal.json', import.meta.url)));

test('ID card sides and the face are captured live and streamed with nothing lost', async () => {
  const { page, problems } = await phonePage(env.browser);
  await page.goto(env.server.url);
  const made = await apiFetch(page, `${env.server.url}/api/v1/applications`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(example),
  });
  assert.equal(made.status, 201);
  const { id, revision } = await made.json();
  await page.evaluate(([id, revision, draft]) => {
    localStorage.setItem('beian.draft.v1', JSON.stringify({ id, revision, status: 'draft', unsynced: false, draft }));
    location.hash = '#/verification';
  }, [id, revision, example]);
  await page.reload();

  const capture = page.locator('.live-capture');
  for (const side of ['id_front', 'id_back']) {
    await page.locator(`.live-capture[data-kind="${side}"]`).waitFor();
    await capture.locator('.capture-actions button.primary').tap();
    await capture.locator('.viewfinder:not([hidden]) video').waitFor();
    // Frames go out and come back acknowledged before the shutter.
    await page.waitForFunction(() => Number(document.querySelector('.capture-progress')?.dataset.acked) >= 3);
    if (side === 'id_front') await page.screenshot({ path: join(SHOTS, 'capture-id-front-360.png') });
    // The fake camera's picture may pass the quality checks on its own; otherwise the shutter.
    const keep = capture.locator('.capture-actions button.primary');
    if (!(await keep.isVisible()) || (await capture.locator('button.shutter').isVisible())) {
      await capture.locator('button.shutter').tap();
    }
    await capture.locator('.viewfinder img.still').waitFor();
    await keep.tap();
  }
  await page.locator('.live-capture[data-kind="face"]').waitFor();
  await capture.locator('.capture-actions button.primary').tap();
  await capture.locator('.challenge[data-challenge="0"]').waitFor();
  await page.screenshot({ path: join(SHOTS, 'capture-face-360.png') });
  await capture.locator('.challenge[data-challenge="2"]').waitFor({ timeout: 15_000 });
  await page.locator('.live-capture[data-kind="done"]').waitFor({ timeout: 20_000 });
  // The camera is off once the captures are done.
  const live = await page.locator('video').evaluateAll((vs) => vs.filter((v) => v.srcObject?.getTracks().some((t) => t.readyState === 'live')).length);
  assert.equal(live, 0);

  const listed = await (await apiFetch(page, `${env.server.url}/api/v1/applications/${id}/captures`)).json();
  const byKind = Object.fromEntries(listed.captures.map((c) => [c.kind, c]));
  for (const kind of ['id_front', 'id_back', 'face']) {
    assert.equal(byKind[kind]?.state, 'complete', `${kind}: ${JSON.stringify(byKind[kind])}`);
    assert.ok(byKind[kind].received.frames > 0, kind);
  }
  assert.equal(byKind.id_front.received.stills, 1);
  assert.equal(byKind.face.received.challenges_done.length, 3);
  assert.deepEqual(problems, []);

  // The reviewer's console, on a phone of their own.
  env.server.addReviewer('13700137000', '李审核');
  const reviewer = await phonePage(env.browser);
  const console_ = reviewer.page;
  await console_.goto(`${env.server.url}/review/#/filing/${id}`);
  await signInWithForm(console_, env.server.url, '13700137000');
  const face = console_.locator(`.capture[data-kind="face"][data-state="complete"][data-capture="${byKind.face.id}"]`);
  await face.waitFor();
  const loaded = (locator) => locator.evaluateAll((imgs) => imgs.map((i) => i.complete && i.naturalWidth > 0));
  // Lazy images load once scrolled to; each one shown must have loaded.
  for (const img of await face.locator('img').all()) await img.scrollIntoViewIfNeeded();
  await console_.waitForFunction((sel) => [...document.querySelectorAll(`${sel} img`)].every((i) => i.complete), `.capture[data-capture="${byKind.face.id}"]`);
  assert.deepEqual(await loaded(face.locator('.capture-moments img')), [true, true, true]);
  const frames = await loaded(face.locator('.capture-frames img'));
  assert.ok(frames.length >= 2 && frames.every(Boolean), JSON.stringify(frames));
  const front = console_.locator(`.capture[data-capture="${byKind.id_front.id}"]`);
  await front.locator('.capture-stills img').scrollIntoViewIfNeeded();
  await console_.waitForFunction((sel) => document.querySelector(sel)?.complete, `.capture[data-capture="${byKind.id_front.id}"] .capture-stills img`);
  assert.deepEqual(await loaded(front.locator('.capture-stills img')), [true]);
  // Chromium records: the face's recording is there and its metadata loads.
  const recording = face.locator('video.capture-recording');
  assert.equal(await recording.count(), 1);
  await recording.evaluate((v) => { v.preload = 'metadata'; v.load(); });
  await console_.waitForFunction((sel) => document.querySelector(sel)?.readyState >= 1, `.capture[data-capture="${byKind.face.id}"] video`);
  assert.deepEqual(await seriousA11yViolations(console_), [], 'console captures: axe-core');
  await face.screenshot({ path: join(SHOTS, 'console-capture-face-360.png') });
  assert.deepEqual(reviewer.problems, []);
  await reviewer.context.close();
});
