// Splits the applicant client's wasm into the first screen's module and one module per part
// that src/parts.rs marks as a split point (`wasm_split`), for a release build made with
// `--cfg beian_split -Clink-args=--emit-relocs` (scripts/build-client sets both).
//
// trunk 0.21 cannot split a module, so this runs as its post-build hook (scripts/post-build.mjs)
// and replaces trunk's wasm and JS in the staging folder:
//   1. wasm-split-cli (installed by scripts/bootstrap) splits cargo's raw module;
//   2. wasm-bindgen binds the main module (--keep-lld-exports: the parts share its memory and
//      function table);
//   3. the small shared chunks are merged into one (scripts/merge-chunks.mjs), and wasm-opt -Oz
//      optimises every module, as trunk does for an unsplit one;
//   4. every file is named with one hash of the whole set (the main module and the split loader
//      import each other, so no file can be hashed alone), and index.html is pointed at them,
//      with new integrity hashes and a modulepreload of the loader;
//   5. the two scripts (wasm-bindgen's glue and the loader) are minified (terser, from npm):
//      2.5 KiB brotli less before the first screen. The names' hash is of the scripts as
//      written (minifying is deterministic); the integrity hashes are of the bytes served.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { minify } from 'terser';
import { MERGED, mergeSmallChunks } from './merge-chunks.mjs';

const NAME = 'beian-web';
/// Chunks smaller than this (bytes, as wasm-split-cli writes them) are merged into one
/// (scripts/merge-chunks.mjs). Measured: 4 KB left 32 files after the first screen and 437.0 KiB
/// in all, 8 KB 23 files and 432.6 KiB, with the same load times within their noise.
const MERGE_BELOW = 8192;
const PROFILE = 'wasm-release';

function run(tool, args) {
  try {
    execFileSync(tool, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (e) {
    const out = `${e.stdout ?? ''}${e.stderr ?? ''}`.trim();
    throw new Error(`split-wasm: ${tool} failed${e.code === 'ENOENT' ? ' (not installed: run scripts/bootstrap)' : ''}\n${out}`);
  }
}

const sri = (bytes) => `sha384-${createHash('sha384').update(bytes).digest('base64')}`;

/// The page's address names the step to show (`#/subject`), and a reload on a later step needs
/// that step's module besides the first one: an inline script (allowed by the page's policy,
/// which hashes every inline script) preloads the step's module and the shared pieces it needs
/// as the page starts, so both downloads run together instead of one after the other. The files
/// come from the loader (`loaderJs`, its names already rewritten): each part's loader names its
/// module and the shared pieces it waits for.
export function stepPreloads(loaderJs, prefix = '', suffix = '') {
  const chunks = new Map();
  for (const m of loaderJs.matchAll(/const (__chunk_\w+) = makeLoad\(\(\) => \{\s*const src = fetch\(new URL\("\.\/([^"]+)"/g)) {
    chunks.set(m[1], m[2]);
  }
  const steps = {};
  const parts = /export const __wasm_split_load_(\w+) = wrapAsyncCb\(makeLoad\(\(\) => \{\s*const src = fetch\(new URL\("\.\/([^"]+)"[\s\S]*?\n, \[([^\]]*)\]\)\);/g;
  for (const m of loaderJs.matchAll(parts)) {
    // Not steps: the rules' module (src/validation.rs), which the wizard asks for as it starts,
    // after the first screen's module, on every step alike; the partner frame's contract
    // (src/embed.rs), fetched in a frame only.
    if (m[1] === 'validator' || m[1] === 'embed') continue;
    // The split names are the steps' slugs, but 我的备案 is at #/applications (my_filings.rs).
    const slug = m[1] === 'my_filings' ? 'applications' : m[1];
    const deps = m[3].split(',').map((d) => d.trim()).filter(Boolean).map((d) => {
      if (!chunks.has(d)) throw new Error(`split-wasm: the loader's ${d} has no file`);
      return chunks.get(d);
    });
    steps[slug] = [m[2], ...deps].map((f) => {
      if (!f.startsWith(prefix) || !f.endsWith(suffix)) throw new Error(`split-wasm: unexpected name ${f}`);
      return f.slice(prefix.length, f.length - suffix.length);
    });
  }
  if (Object.keys(steps).length === 0) throw new Error('split-wasm: no part found in the loader');
  const script = `(function(m,p,q){var s=location.hash.replace(/^#\\/?/,'');(Object.prototype.hasOwnProperty.call(m,s)?m[s]:[]).forEach(function(f){` +
    `var l=document.createElement('link');l.rel='preload';l.as='fetch';l.crossOrigin='anonymous';l.href=p+f+q;document.head.appendChild(l)})})(${JSON.stringify(steps)},'/${prefix}','${suffix}')`;
  return `<script>${script}</script>`;
}

/// `js` minified: a module (top-level names are its own), its exports and property names kept.
async function minified(js, name) {
  try {
    const { code } = await minify(js, { module: true, compress: { passes: 2 }, mangle: true, format: { comments: false } });
    return code;
  } catch (e) {
    throw new Error(`split-wasm: terser could not minify ${name}: ${e.message}`);
  }
}

/// Splits the build in `staging` (trunk's staging folder for index.html).
export async function splitWasm(staging) {
  const html = readFileSync(join(staging, 'index.html'), 'utf8');
  const trunkJs = html.match(new RegExp(`/(${NAME}-[0-9a-f]+\\.js)'`))?.[1];
  const trunkWasm = html.match(new RegExp(`/(${NAME}-[0-9a-f]+_bg\\.wasm)'`))?.[1];
  if (!trunkJs || !trunkWasm) throw new Error('split-wasm: index.html does not load the client as trunk writes it');

  const targetDir = process.env.CARGO_TARGET_DIR ?? 'target';
  const raw = join(targetDir, 'wasm32-unknown-unknown', PROFILE, `${NAME}.wasm`);
  const work = mkdtempSync(join(tmpdir(), 'beian-split-'));
  try {
    run('wasm-split-cli', [raw, work, '--out-name', NAME, '--target', 'web']);
    mergeSmallChunks(work, '__wasm_split.js', MERGE_BELOW, run);
    run('wasm-bindgen', ['--target=web', '--keep-lld-exports', '--no-demangle', '--no-typescript',
      `--out-dir=${work}`, `--out-name=${NAME}`, join(work, `${NAME}.wasm`)]);
    unlinkSync(join(work, `${NAME}.wasm`));
    const modules = readdirSync(work).filter((f) => f.endsWith('.wasm'));
    for (const m of modules) run('wasm-opt', ['-Oz', `--output=${join(work, m)}`, join(work, m)]);

    const files = new Map(readdirSync(work).sort().map((f) => [f, readFileSync(join(work, f))]));
    const hash = createHash('sha256');
    for (const [f, bytes] of files) hash.update(f).update(bytes);
    const h = hash.digest('hex').slice(0, 16);

    // chunk_9.wasm -> beian-web-chunk9-<h>.wasm; chunk_merged.wasm -> beian-web-chunk-merged-<h>.wasm;
    // split_my_filings.wasm -> beian-web-my-filings-<h>.wasm
    const renamed = new Map();
    for (const f of files.keys()) {
      let to;
      if (f === `${NAME}.js`) to = `${NAME}-${h}.js`;
      else if (f === `${NAME}_bg.wasm`) to = `${NAME}-${h}_bg.wasm`;
      else if (f === '__wasm_split.js') to = `${NAME}-split-${h}.js`;
      else if (/^chunk_\d+\.wasm$/.test(f)) to = `${NAME}-chunk${f.match(/\d+/)[0]}-${h}.wasm`;
      else if (f === MERGED) to = `${NAME}-chunk-merged-${h}.wasm`;
      else if (/^split_.+\.wasm$/.test(f)) to = `${NAME}-${f.replace(/^split_(.+)\.wasm$/, '$1').replaceAll('_', '-')}-${h}.wasm`;
      else throw new Error(`split-wasm: unexpected output ${f}`);
      renamed.set(f, to);
    }
    // Only where a file is fetched or imported: the wasm's import module names (the keys of the
    // glue's import object, "./__wasm_split.js") stay as they are.
    const rewrite = (text) => {
      for (const [from, to] of renamed) {
        text = text.replaceAll(`from "./${from}"`, `from "./${to}"`).replaceAll(`URL("./${from}"`, `URL("./${to}"`);
      }
      return text;
    };
    // The loader as written: its files and dependencies are read from it below.
    const loaderJs = rewrite(files.get('__wasm_split.js').toString('utf8'));
    for (const [f, bytes] of files) {
      const js = () => (f === '__wasm_split.js' ? loaderJs : rewrite(bytes.toString('utf8')));
      const out = f.endsWith('.js') ? Buffer.from(await minified(js(), f)) : bytes;
      files.set(f, out);
      writeFileSync(join(staging, renamed.get(f)), out);
    }
    for (const [from, to] of renamed) {
      if (from.startsWith('chunk_') || from.startsWith('split_')) {
        if (!loaderJs.includes(`"./${to}"`)) throw new Error(`split-wasm: the loader does not name ${from}`);
      }
    }
    if (!files.get(`${NAME}.js`).toString('utf8').includes(`./${renamed.get('__wasm_split.js')}`)) {
      throw new Error('split-wasm: the main module does not import the split loader');
    }

    unlinkSync(join(staging, trunkJs));
    unlinkSync(join(staging, trunkWasm));
    const js = renamed.get(`${NAME}.js`);
    const wasm = renamed.get(`${NAME}_bg.wasm`);
    const loader = renamed.get('__wasm_split.js');
    let page = html.replaceAll(trunkJs, js).replaceAll(trunkWasm, wasm);
    // New integrity hashes for the two links trunk wrote.
    page = page.replace(/(<link rel="modulepreload" href="\/[^"]+\.js"[^>]*integrity=")[^"]+"/, `$1${sri(files.get(`${NAME}.js`))}"`);
    page = page.replace(/(<link rel="preload" href="\/[^"]+_bg\.wasm"[^>]*integrity=")[^"]+"/, `$1${sri(files.get(`${NAME}_bg.wasm`))}"`);
    page = page.replace('</head>',
      `<link rel="modulepreload" href="/${loader}" crossorigin="anonymous" integrity="${sri(files.get('__wasm_split.js'))}">` +
      `${stepPreloads(loaderJs, `${NAME}-`, `-${h}.wasm`)}</head>`);
    writeFileSync(join(staging, 'index.html'), page);

    const kib = (n) => `${(n / 1024).toFixed(1)} KiB`;
    const size = (f) => files.get(f).length;
    const rest = [...files.keys()].filter((f) => f.endsWith('.wasm') && f !== `${NAME}_bg.wasm`);
    console.log(`split-wasm: first screen ${wasm} ${kib(size(`${NAME}_bg.wasm`))} + ${js} ${kib(size(`${NAME}.js`))} + ` +
      `${loader} ${kib(size('__wasm_split.js'))}; ${rest.length} modules loaded later, ${kib(rest.reduce((n, f) => n + size(f), 0))} (raw)`);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
