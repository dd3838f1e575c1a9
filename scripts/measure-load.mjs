// Load-time benchmark of the built client (not a test: it reports, never asserts a time).
// A Lighthouse-like mobile profile in headless Chromium: 4x CPU slowdown, 150 ms round trip,
// 1.6 Mbps down / 750 kbps up, 360x740 phone viewport, empty cache each run.
// Reports first contentful paint (the static skeleton of index.html), "interactive": the
// wizard mounted and its first field usable, and "rules": the rules' module arrived too
// (src/validation.rs; the same as interactive in a build without the split), plus the encoding
// the server chose for the wasm.
// With a step's slug (`subject`), the page is opened on that step, as a reload mid-flow does, and
// "interactive" is that step's first field usable (its module arrived and ran).
//
//   cargo build -p beian-server && scripts/build-client && node scripts/measure-load.mjs [runs] [step]
import { launchChromium, phoneContext, startServer } from '../tests/e2e/support.mjs';

const runs = Number(process.argv[2] ?? 5);
const step = process.argv[3];
const server = await startServer();
const browser = await launchChromium();
const results = [];
for (let i = 0; i < runs; i++) {
  const context = await phoneContext(browser);
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
  await cdp.send('Network.emulateNetworkConditions', {
    offline: false,
    latency: 150,
    downloadThroughput: (1.6 * 1024 * 1024) / 8,
    uploadThroughput: (750 * 1024) / 8,
  });
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
  let wasmEncoding = '';
  page.on('response', (r) => {
    if (r.url().endsWith('.wasm')) wasmEncoding = r.headers()['content-encoding'] ?? 'identity';
  });
  await page.goto(step ? `${server.url}/#/${step}` : server.url, { waitUntil: 'commit' });
  await page.locator(step ? '.step :is(input, select, textarea)' : '#subject-region-province').first().waitFor();
  const interactive = await page.evaluate(() => performance.now());
  // (A build from before the rules had a module of their own has no such mark.)
  await page.locator('.beian-app:not([data-rules="loading"])').waitFor();
  const rules = await page.evaluate(() => performance.now());
  const fcp = await page.evaluate(
    () => performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? NaN,
  );
  results.push({ fcp, interactive, rules, wasmEncoding });
  await context.close();
}
await browser.close();
await server.stop();

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
for (const r of results) {
  console.log(`run: first paint ${r.fcp.toFixed(0)} ms, interactive ${r.interactive.toFixed(0)} ms, rules ${r.rules.toFixed(0)} ms (wasm sent as ${r.wasmEncoding})`);
}
console.log(
  `${step ? `opened on #/${step}: ` : ''}median of ${runs}: first contentful paint ${median(results.map((r) => r.fcp)).toFixed(0)} ms, ` +
    `interactive ${median(results.map((r) => r.interactive)).toFixed(0)} ms, ` +
    `rules ${median(results.map((r) => r.rules)).toFixed(0)} ms`,
);
