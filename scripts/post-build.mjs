// Trunk's post_build hook (Trunk.toml). trunk starts its hooks all at once, so the steps that
// must follow each other are in this one script:
//   1. the applicant client's wasm is split (scripts/split-wasm.mjs) when scripts/build-client
//      asks for it (BEIAN_WASM_SPLIT=1);
//   2. the division table the page fetches is written in its compact form
//      (scripts/compact-regions.mjs);
//   3. .br and .gz copies of every asset (scripts/precompress.mjs).
// Debug builds (trunk serve) are left alone: compressing a debug wasm at quality 11 is slow.
import { existsSync } from 'node:fs';
import { basename, join } from 'node:path';
import { compactRegionsFile } from './compact-regions.mjs';
import { precompress } from './precompress.mjs';
import { splitWasm } from './split-wasm.mjs';

if (process.env.TRUNK_PROFILE !== 'release') process.exit(0);
const dir = process.env.TRUNK_STAGING_DIR;
if (!dir) {
  console.error('post-build: TRUNK_STAGING_DIR is not set (run through trunk)');
  process.exit(1);
}
try {
  if (process.env.BEIAN_WASM_SPLIT === '1' && basename(process.env.TRUNK_HTML_FILE ?? '') === 'index.html') {
    await splitWasm(dir);
  }
  const regions = join(dir, 'regions.tsv');
  if (existsSync(regions)) compactRegionsFile(regions);
  precompress(dir);
} catch (e) {
  console.error(e.message);
  process.exit(1);
}
