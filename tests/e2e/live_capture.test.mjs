// End-to-end: the 真实性核验 capture with Chromium's fake camera against the real server, the camera
// playing rendered ID-card specimens and a real face photo (tests/fixtures/capture_media.py). The
// ID card's two sides (kept by the in-browser quality check, then "use this one") and the face
// with the server's three challenges are streamed over the WebSocket, each on a phone whose camera
// sees it, the page opened again starting at what is still missing; the server ends each session
// complete and has every frame the page numbered. A reviewer then sees them in the console: the photo kept, the
// frame of each challenge, frames across the session, and the recording, which plays.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  apiFetch, cameraPhone, captureSide, draftAtVerification, phonePage, seriousA11yViolations,
  serverAndBrowser, signInWithForm, SHOTS,
} from './support.mjs';

const env = serverAndBrowser();
const example = JSON.parse(readFileSync(new URL('../../docs/examples/first-filing-personal.json', import.meta.url)));

/** Ends a camera phone: no camera left on, no page error; its cookies and storage. */
async function putDown(phone) {
  const live = await phone.page.locator('video').evaluateAll((vs) => vs.filter((v) => v.srcObject?.getTracks().some((t) => t.readyState === 'live')).length);
  assert.equal(live, 0, 'the camera is off once its capture is done');
  assert.deepEqual(phone.problems, []);
  const state = await phone.context.storageState();
  await phone.browser.close();
  return state;
}

test('ID card sides and the face are captured live and streamed with nothing lost', async () => {
  // The photo side, on a phone whose camera sees the card's photo side.
  let phone = await cameraPhone('id-front.y4m');
  const { page } = phone;
  const id = await draftAtVerification(page, env.server.url, example);
  await captureSide(page, 'id_front', () => page.screenshot({ path: join(SHOTS, 'capture-id-front-360.png') }));
  await page.locator('.live-capture[data-kind="id_back"]').waitFor();
  let state = await putDown(phone);

  // The emblem side: the page opened again starts at the side still missing.
  phone = await cameraPhone('id-back.y4m', state);
  await phone.page.goto(`${env.server.url}#/verification`);
  await captureSide(phone.page, 'id_back');
  await phone.page.locator('.live-capture[data-kind="face"]').waitFor();
  state = await putDown(phone);

  // The face, with the server's three challenges.
  phone = await cameraPhone('face.y4m', state);
  const selfie = phone.page;
  await selfie.goto(`${env.server.url}#/verification`);
  const capture = selfie.locator('.live-capture[data-kind="face"]');
  await capture.waitFor();
  await capture.locator('.capture-actions button.primary').tap();
  await capture.locator('.challenge[data-challenge="0"]').waitFor();
  await selfie.screenshot({ path: join(SHOTS, 'capture-face-360.png') });
  await capture.locator('.challenge[data-challenge="2"]').waitFor({ timeout: 15_000 });
  await selfie.locator('.live-capture[data-kind="done"]').waitFor({ timeout: 20_000 });
  // The server's checks come back while the applicant is still on the step: each kind passed.
  // A check that did not pass fails the test with the server's verdicts, not a timeout.
  for (const kind of ['id_front', 'id_back', 'face']) {
    const row = selfie.locator(`.capture-checks li[data-kind="${kind}"]:not([data-outcome="checking"])`);
    await row.waitFor({ timeout: 30_000 });
    const outcome = await row.getAttribute('data-outcome');
    if (outcome !== 'pass') {
      const listed = await (await apiFetch(selfie, `${env.server.url}/api/v1/applications/${id}/captures`)).json();
      const captures = listed.captures.filter((c) => c.kind === kind);
      const verdicts = captures.map((c) => c.verification);
      // How many frames the page sent: a busy machine sends fewer than the 10 a second asked for.
      const frames = captures.map((c) => c.received?.frames);
      assert.fail(`${kind}: the applicant sees ${outcome} (frames received: ${frames}): ${JSON.stringify(verdicts)}`);
    }
  }
  await putDown(phone);

  // The server's list, read with the applicant's session.
  const reader = await phonePage(env.browser, { storageState: state });
  await reader.page.goto(env.server.url);
  const listed = await (await apiFetch(reader.page, `${env.server.url}/api/v1/applications/${id}/captures`)).json();
  await reader.context.close();
  const byKind = Object.fromEntries(listed.captures.map((c) => [c.kind, c]));
  for (const kind of ['id_front', 'id_back', 'face']) {
    assert.equal(byKind[kind]?.state, 'complete', `${kind}: ${JSON.stringify(byKind[kind])}`);
    assert.ok(byKind[kind].received.frames > 0, kind);
  }
  assert.equal(byKind.id_front.received.stills, 1);
  assert.equal(byKind.face.received.challenges_done.length, 3);

  // The reviewer's console, on a phone of their own.
  env.server.addReviewer('13700137000', '李审核');
  const reviewer = await phonePage(env.browser);
  const console_ = reviewer.page;
  await console_.goto(`${env.server.url}/review/#/filing/${id}`);
  await signInWithForm(console_, env.server.url, '13700137000');
  // The server's worker checks each session within moments of its end: the console, opened
  // again once it has, shows each verdict.
  await console_.locator('.filing-title').waitFor();
  const detailUrl = `${env.server.url}/api/v1/reviewer/applications/${id}`;
  let verdicts = {};
  for (let i = 0; i < 60 && Object.keys(verdicts).length < 3; i++) {
    const detail = await (await apiFetch(console_, detailUrl)).json();
    verdicts = Object.fromEntries(detail.captures.filter((c) => c.verification?.state === 'done').map((c) => [c.kind, c.verification.results]));
    if (Object.keys(verdicts).length < 3) await new Promise((r) => setTimeout(r, 500));
  }
  console.log("verdicts (check, outcome, reported, evidence):", JSON.stringify(Object.fromEntries(Object.entries(verdicts).map(([k, v]) => [k, v.map((x) => [x.check, x.outcome, x.reported.map((r) => [r.seq, r.feedback]), (x.evidence ?? []).map((e) => [e.seq, e.text ?? Math.round((e.score ?? 0) * 100) / 100])])]))));
  // Picture quality first, then the models' checks: the card's text against the form (the
  // specimen is the example's 负责人), the face and the challenges it followed.
  const expected = {
    id_front: ['picture_quality', 'id_number', 'id_name'],
    id_back: ['picture_quality', 'id_validity'],
    face: ['picture_quality', 'face', 'challenges'],
  };
  for (const [kind, checks] of Object.entries(expected)) {
    const got = (verdicts[kind] ?? []).map((v) => [v.check, v.outcome]);
    assert.deepEqual(got, checks.map((c) => [c, 'pass']), `${kind}: ${JSON.stringify(verdicts[kind])}`);
  }
  const number = verdicts.id_front.find((v) => v.check === 'id_number');
  assert.equal(number.evidence[0].text, example.websites[0].owner.certificate_number);
  await console_.reload();
  const face = console_.locator(`.capture[data-kind="face"][data-state="complete"][data-capture="${byKind.face.id}"]`);
  await face.waitFor();
  await face.locator('.verdict[data-check="picture_quality"][data-outcome="pass"]').waitFor();
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
  // The number read, shown to the reviewer beside the still it was read on.
  const read = front.locator('.verdict[data-check="id_number"][data-outcome="pass"] .verdict-evidence code.read');
  assert.equal(await read.first().innerText(), example.websites[0].owner.certificate_number);
  await face.locator('.verdict[data-check="challenges"][data-outcome="pass"] .verdict-evidence li').first().waitFor();
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

test('a card photographed too dark is kept with the shutter, failed by the server\'s check, and taken again', async () => {
  const phone = await cameraPhone('id-front-dark.y4m');
  const { page, problems } = phone;
  await draftAtVerification(page, env.server.url, example);
  const capture = page.locator('.live-capture[data-kind="id_front"]');
  await capture.locator('.capture-actions button.primary').tap();
  await page.waitForFunction(() => Number(document.querySelector('.capture-progress')?.dataset.acked) >= 3);
  // The browser says so while the camera runs, and keeps nothing by itself.
  await page.locator('.capture-hint[data-feedback="too_dark"]').waitFor();
  await capture.locator('button.shutter').tap();
  await capture.locator('.viewfinder img.still').waitFor();
  await capture.locator('.capture-actions button.primary').tap();
  await page.locator('.live-capture[data-kind="id_back"]').waitFor();
  // The server's check fails the photo, with the reason, while the applicant is on the step.
  const failed = page.locator('.capture-checks li[data-kind="id_front"][data-outcome="fail"]');
  await failed.waitFor({ timeout: 30_000 });
  assert.match(await failed.innerText(), /太暗/);
  assert.match(await failed.innerText(), /too dark/);
  await page.screenshot({ path: join(SHOTS, 'capture-check-failed-360.png') });
  // One tap takes it again.
  await failed.locator('button.retake').tap();
  await page.locator('.live-capture[data-kind="id_front"] .capture-actions button.primary').waitFor();
  assert.deepEqual(problems, []);
  await phone.browser.close();
});

test('a session the server will not start is refused in its own words, not as a network failure', async () => {
  const { context, page, problems } = await phonePage(env.browser);
  const id = await draftAtVerification(page, env.server.url, example);
  // The application's sessions used up (60), by the same applicant.
  for (let i = 0; i < 60; i++) {
    const made = await apiFetch(page, `${env.server.url}/api/v1/applications/${id}/captures`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ person: 'websites[0].owner', kind: 'id_front' }),
    });
    assert.equal(made.status, 201);
  }
  await page.locator('.live-capture[data-kind="id_front"] .capture-actions button.primary').tap();
  const refusal = page.locator('.live-capture .field-error[data-code="too_many_captures"]');
  await refusal.waitFor();
  assert.match(await refusal.innerText(), /上限/);
  assert.deepEqual(problems.filter((p) => !/429/.test(p)), []);
  await context.close();
});
