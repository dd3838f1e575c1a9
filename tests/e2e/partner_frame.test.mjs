// End-to-end: the client in a partner's frame whose page forgot allow="camera". The server lets
// the partner's origin frame it (BEIAN_FRAME_ANCESTORS); the 真实性核验 step says, before any
// camera is tried, that the embedding page does not allow the camera and what to do.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { launchChromium, phonePage, startServer } from './support.mjs';

let partner;
let server;
let browser;

before(async () => {
  // The partner's page, on a port of its own (another origin).
  partner = http.createServer((req, res) => {
    const src = new URL(req.url, 'http://x').searchParams.get('src');
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    // It records the messages the client posts to it (the iframe contract, docs/embedding.md).
    res.end(`<!doctype html><title>Partner console</title><script>window.got = []; addEventListener('message', (e) => window.got.push({ origin: e.origin, data: e.data }));</script><iframe src="${src}" width="360" height="700"></iframe>`);
  });
  await new Promise((resolve) => partner.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${partner.address().port}`;
  server = await startServer({ BEIAN_FRAME_ANCESTORS: origin });
  browser = await launchChromium(['--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream']);
});
after(async () => {
  await browser?.close();
  await server?.stop();
  partner?.close();
});

test('in a partner\'s frame without allow="camera" the capture step says so before any camera', async () => {
  const { context, page, problems } = await phonePage(browser);
  const src = encodeURIComponent(`${server.url}/#/verification`);
  await page.goto(`http://127.0.0.1:${partner.address().port}/?src=${src}`);
  const frame = page.frameLocator('iframe');
  const problem = frame.locator('.preflight [data-problem="FrameWithoutCamera"]');
  await problem.waitFor();
  assert.match(await problem.innerText(), /allow="camera"/);
  // The partner's page is told as well, by the client's origin, so that it can fix its frame.
  await page.waitForFunction(() => window.got.some((m) => m.data?.type === 'problem'));
  const told = (await page.evaluate(() => window.got)).filter((m) => m.data.type === 'problem');
  assert.deepEqual(told, [{ origin: server.url, data: { beian: 1, type: 'problem', code: 'frame_without_camera' } }]);
  assert.deepEqual(problems, []);
  await context.close();
});
