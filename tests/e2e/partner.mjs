// The partner console's side of the e2e tests of the embeddings (docs/embedding.md): the server
// with the development partner console and a partner's sign-in key, what the host page heard,
// the client's frame in it, and a whole filing through it.
import assert from 'node:assert/strict';
import { createHmac, randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  apiFetch, cameraPhone, captureSide, draftAtVerification, phonePage, SHOTS, startPartnerConsole,
  uniquePhone,
} from './support.mjs';

export const example = JSON.parse(readFileSync(new URL('../../docs/examples/first-filing-personal.json', import.meta.url)));
const PARTNER_KEY = randomBytes(32).toString('hex');

/**
 * The server with the partner console (support.mjs' startPartnerConsole, its page at `path`),
 * the demo partner's key in BEIAN_PARTNER_KEYS.
 */
export async function startPartner(path) {
  const keysDir = mkdtempSync(join(tmpdir(), 'beian-partner-keys-'));
  writeFileSync(join(keysDir, 'keys'), `# the demo partner\ndemo ${PARTNER_KEY}\n`);
  const partner = await startPartnerConsole(path, { BEIAN_PARTNER_KEYS: join(keysDir, 'keys') });
  const close = partner.close;
  partner.close = async () => {
    await close();
    rmSync(keysDir, { recursive: true, force: true });
  };
  return partner;
}

/** A sign-in token of the demo partner for `phone`, as the partner's backend signs it. */
export function partnerToken(phone) {
  const claims = { partner: 'demo', phone, exp: Math.floor(Date.now() / 1000) + 300, nonce: randomBytes(8).toString('hex') };
  const payload = Buffer.from(JSON.stringify(claims)).toString('base64url');
  const signature = createHmac('sha256', Buffer.from(PARTNER_KEY, 'hex')).update(payload).digest('base64url');
  return `${payload}.${signature}`;
}

/** What the host page heard: the element's events or the iframe mode's messages, as messages. */
export const heard = (page) => page.evaluate(() => window.beianEvents?.map((e) => e.detail) ?? window.beianMessages);
export async function hear(page, type, where = () => true, tries = 150) {
  for (let i = 0; i < tries; i++) {
    const found = (await heard(page)).find((m) => m.type === type && where(m));
    if (found) return found;
    await new Promise((r) => setTimeout(r, 100));
  }
  assert.fail(`the host heard no ${type}: ${JSON.stringify(await heard(page))}`);
}

/** The client's frame in the host page (inside the element's shadow root, or the iframe mode's). */
export async function clientFrame(page) {
  const handle = await page.locator('beian-filing iframe, #filing iframe').first().elementHandle();
  return handle.contentFrame();
}

/** Puts a camera phone down: no camera left on, no page error; its storage. */
async function putDown(phone) {
  const frame = await clientFrame(phone.page);
  const live = await frame.locator('video').evaluateAll((vs) => vs.filter((v) => v.srcObject?.getTracks().some((t) => t.readyState === 'live')).length);
  assert.equal(live, 0, 'the camera is off once its capture is done');
  assert.deepEqual(phone.problems, []);
  const state = await phone.context.storageState();
  await phone.browser.close();
  return state;
}

/** The partner's page (origin `demo`) at `path` on a phone whose camera plays `video`, the client at 真实性核验. */
async function partnerPhone(demo, path, video, state) {
  const phone = await cameraPhone(video, state);
  await phone.page.goto(`${demo}${path}`);
  await hear(phone.page, 'ready');
  const frame = await clientFrame(phone.page);
  await frame.evaluate(() => { location.hash = '#/verification'; });
  return { ...phone, frame };
}

/**
 * A whole filing through the partner's page at `path`: the draft made on the beian origin, the
 * three captures filmed in the frame, the partner's sign-in, the submission the host hears of.
 */
export async function fileThrough(partner, browser, path, shot) {
  // The draft, as the applicant left it on the beian site before (the frame shares its storage).
  const start = await phonePage(browser);
  const { server, demo } = partner;
  const id = await draftAtVerification(start.page, server.url, example);
  let state = await start.context.storageState();
  await start.context.close();

  let phone = await partnerPhone(demo, path, 'id-front.y4m', state);
  await captureSide(phone.frame, 'id_front');
  await phone.frame.locator('.live-capture[data-kind="id_back"]').waitFor();
  state = await putDown(phone);

  phone = await partnerPhone(demo, path, 'id-back.y4m', state);
  await captureSide(phone.frame, 'id_back');
  await phone.frame.locator('.live-capture[data-kind="face"]').waitFor();
  state = await putDown(phone);

  phone = await partnerPhone(demo, path, 'face.y4m', state);
  const capture = phone.frame.locator('.live-capture[data-kind="face"]');
  await capture.locator('.capture-actions button.primary').tap();
  await capture.locator('.challenge[data-challenge="0"]').waitFor();
  await phone.page.screenshot({ path: join(SHOTS, `${shot}-face-360.png`), fullPage: true });
  await phone.frame.locator('.live-capture[data-kind="done"]').waitFor({ timeout: 30_000 });

  // The partner signs its user in; the filing goes from the review.
  const { page, frame } = phone;
  const phoneNumber = uniquePhone();
  const token = partnerToken(phoneNumber);
  if (path === '/element') {
    await page.evaluate((t) => document.querySelector('beian-filing').setAttribute('partner-token', t), token);
  } else {
    await page.evaluate((t) => window.frame.send({ type: 'sign_in', token: t }), token);
  }
  const signedIn = await hear(page, 'signed_in');
  assert.equal(signedIn.phone, `${phoneNumber.slice(0, 3)}****${phoneNumber.slice(7)}`);
  await frame.evaluate(() => { location.hash = '#/review'; });
  await frame.locator('button.submit').tap();
  const submitted = await hear(page, 'submitted');
  assert.equal(submitted.application, id);
  await frame.locator('[data-stage="submitted"][aria-current="step"]').waitFor();
  await page.screenshot({ path: join(SHOTS, `${shot}-submitted-360.png`), fullPage: true });

  // The server has the filing submitted, by the partner's user, with the three captures complete.
  const body = await (await apiFetch(page, `${server.url}/api/v1/applications/${id}`)).json();
  assert.equal(body.status, 'submitted');
  const listed = await (await apiFetch(page, `${server.url}/api/v1/applications/${id}/captures`)).json();
  const complete = listed.captures.filter((c) => c.state === 'complete').map((c) => c.kind).sort();
  assert.deepEqual(complete, ['face', 'id_back', 'id_front']);
  await putDown(phone);
}
