// End-to-end: the capture stream's resumption, driven by the real page. The phone reaches the
// server through a proxy: during the ID card's photo side every connection through it is cut, as
// a phone losing its network; during the emblem side the server process is killed (SIGKILL) and
// started again on the same data behind the same address; during the face the connection goes
// silent without closing (a phone that changed networks). Each time the page reconnects by
// itself, resumes after the last acknowledged message, and its session ends complete with every
// message it numbered stored exactly once.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import {
  apiFetch, cameraPhone, captureSide, draftAtVerification, startProxy, startServer, withOwnSubject,
} from './support.mjs';

const example = JSON.parse(readFileSync(new URL('../../docs/examples/first-filing-personal.json', import.meta.url)));
let server;
let proxy;

before(async () => {
  server = await startServer();
  proxy = await startProxy(() => new URL(server.url).host);
});
after(async () => {
  await proxy?.close();
  await server?.stop();
});

/** Waits until the page has retried its stream at least once and is connected again. */
async function reconnected(page) {
  await page.waitForFunction(() => {
    const p = document.querySelector('.capture-progress')?.dataset;
    return p && Number(p.retries) > 0 && p.connected === 'true';
  }, null, { timeout: 20_000 });
}

test('a cut network, a crashed server and a silent connection mid-stream: the page resumes, nothing lost or stored twice', async () => {
  const phone = await cameraPhone('id-front.y4m');
  const { page, problems } = phone;
  const id = await draftAtVerification(page, proxy.url, withOwnSubject(example));

  await captureSide(page, 'id_front', async () => {
    proxy.cut();
    await reconnected(page);
  });
  await captureSide(page, 'id_back', async () => {
    await server.crashAndRestart();
    await reconnected(page);
  });
  const face = page.locator('.live-capture[data-kind="face"]');
  await face.waitFor();
  await face.locator('.capture-actions button.primary').tap();
  await page.waitForFunction(() => Number(document.querySelector('.capture-progress')?.dataset.acked) >= 3);
  proxy.stall();
  await reconnected(page);
  await page.locator('.live-capture[data-kind="done"]').waitFor({ timeout: 30_000 });

  const listed = await (await apiFetch(page, `${proxy.url}/api/v1/applications/${id}/captures`)).json();
  assert.equal(listed.captures.length, 3);
  for (const c of listed.captures) {
    assert.equal(c.state, 'complete', JSON.stringify(c));
    // Numbered 1..last by the page, each stored once: as many messages as the last number.
    assert.equal(c.received.messages, c.received.last, JSON.stringify(c.received));
    const still = c.kind === 'face' ? 0 : 1;
    assert.ok(c.received.frames >= 3 && c.received.stills === still, JSON.stringify(c.received));
    // The stream was really opened again through the proxy.
    assert.ok(proxy.streams[c.id] >= 2, `${c.kind}: ${proxy.streams[c.id]} stream connections`);
  }
  // The page's own errors: a dropped WebSocket is reported by Chromium as a console error; any
  // other problem fails the test.
  assert.deepEqual(problems.filter((p) => !/WebSocket/.test(p)), []);
  await phone.browser.close();
});
