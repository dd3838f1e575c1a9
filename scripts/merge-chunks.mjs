// Merges the split client's small shared chunks into one (scripts/split-wasm.mjs runs it after
// wasm-split-cli, before wasm-opt).
//
// wasm-split-cli makes one chunk per set of modules that share code: with ten split points that
// is over 70 chunks, most under 2 KB, and a module waits for every chunk it shares code through
// (the rules' module for 25 of them, 信息核验 for 36). Over HTTP/1.1 a browser fetches six at a
// time, so a phone on a 150 ms round trip waits for the requests more than for the bytes. The
// chunks under the threshold become one, which every module that needed any of them waits for.
//
// A chunk imports only the main module's memory, function table and shared globals (module
// `__wasm_split`) and exports nothing: its functions go into the shared table (active element
// segments) and its data into the shared memory (active data segments), at addresses the
// splitter fixed. binaryen's wasm-merge joins modules, but would give each chunk an import of
// the memory of its own (several memories). So the chunks' imports are first renamed to a
// provider module that imports each once and exports it; wasm-merge links them to the provider,
// whose imports are the merged chunk's. Loading the merged chunk earlier than a small one would
// have been is safe: its table slots and data addresses are its own, and nothing calls into
// code of a module before that module's loader has waited for every chunk it needs.
//
// The loader (__wasm_split.js) is rewritten to match: the merged chunks' definitions go, one
// definition of the merged chunk comes before the first chunk, and each module's list of chunks
// names the merged chunk once instead of its small ones.
import { readFileSync, readdirSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** The merged chunk's file name (as wasm-split-cli names chunks: chunk_<name>.wasm). */
export const MERGED = 'chunk_merged.wasm';
const PROVIDER = '__wasm_split_provider';
const SHARED = '__wasm_split';
// The features of rustc's wasm32-unknown-unknown output (rustc 1.95), which the chunks use.
const FEATURES = ['--enable-reference-types', '--enable-bulk-memory', '--enable-bulk-memory-opt',
  '--enable-call-indirect-overlong', '--enable-mutable-globals', '--enable-sign-ext',
  '--enable-nontrapping-float-to-int', '--enable-multivalue'];

function uleb(buf, i) {
  let result = 0;
  let shift = 0;
  let byte;
  do {
    byte = buf[i++];
    result += (byte & 0x7f) * 2 ** shift;
    shift += 7;
  } while (byte & 0x80);
  return [result, i];
}

function leb(n) {
  const out = [];
  do {
    let byte = n & 0x7f;
    n = Math.floor(n / 128);
    if (n) byte |= 0x80;
    out.push(byte);
  } while (n);
  return Buffer.from(out);
}

const name = (s) => {
  const bytes = Buffer.from(s, 'utf8');
  return Buffer.concat([leb(bytes.length), bytes]);
};
const section = (id, content) => Buffer.concat([Buffer.from([id]), leb(content.length), content]);

/** A module's sections: `{ id, start, end }` of each section's content, in order. */
function sections(wasm) {
  if (wasm.readUInt32LE(0) !== 0x6d736100) throw new Error('merge-chunks: not a wasm module');
  const out = [];
  let i = 8;
  while (i < wasm.length) {
    const id = wasm[i];
    const [size, start] = uleb(wasm, i + 1);
    out.push({ id, head: i, start, end: start + size });
    i = start + size;
  }
  return out;
}

/** A module's imports: `{ module, field, kind, desc }`, `desc` the descriptor's bytes (kind included). */
export function imports(wasm) {
  const imp = sections(wasm).find((s) => s.id === 2);
  if (!imp) return [];
  let [n, j] = uleb(wasm, imp.start);
  const out = [];
  for (let k = 0; k < n; k++) {
    const read = () => {
      let len;
      [len, j] = uleb(wasm, j);
      const s = wasm.subarray(j, j + len).toString('utf8');
      j += len;
      return s;
    };
    const module = read();
    const field = read();
    const from = j;
    const kind = wasm[j++];
    const limits = () => {
      const flags = wasm[j++];
      [, j] = uleb(wasm, j);
      if (flags & 1) [, j] = uleb(wasm, j);
    };
    if (kind === 0) [, j] = uleb(wasm, j); // function: its type
    else if (kind === 1) { j++; limits(); } // table: element type, limits
    else if (kind === 2) limits(); // memory
    else if (kind === 3) j += 2; // global: value type, mutability
    else throw new Error(`merge-chunks: import kind ${kind} (${module}.${field})`);
    out.push({ module, field, kind, desc: wasm.subarray(from, j) });
  }
  return out;
}

/** `wasm` with the module name of every import from `from` changed to `to`. */
export function renameImports(wasm, from, to) {
  const parts = [wasm.subarray(0, 8)];
  for (const s of sections(wasm)) {
    if (s.id !== 2) {
      parts.push(wasm.subarray(s.head, s.end));
      continue;
    }
    const list = imports(wasm);
    const content = Buffer.concat([leb(list.length),
      ...list.map((i) => Buffer.concat([name(i.module === from ? to : i.module), name(i.field), i.desc]))]);
    parts.push(section(2, content));
  }
  return Buffer.concat(parts);
}

/** A module that imports each of `list` from `SHARED` and exports it under its own name. */
export function provider(list) {
  const counts = [0, 0, 0, 0];
  const exports = list.map((i) => Buffer.concat([name(i.field), Buffer.from([i.kind]), leb(counts[i.kind]++)]));
  return Buffer.concat([
    Buffer.from([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00]),
    section(2, Buffer.concat([leb(list.length), ...list.map((i) => Buffer.concat([name(SHARED), name(i.field), i.desc]))])),
    section(7, Buffer.concat([leb(list.length), ...exports])),
  ]);
}

/** The loader with the `merged` chunks (wasm-split-cli's `chunk_<n>.wasm`) replaced by `MERGED`. */
export function rewriteLoader(js, merged) {
  const vars = new Set();
  let first = -1;
  for (const file of merged) {
    const n = file.match(/^chunk_(\d+)\.wasm$/)[1];
    const definition = new RegExp(`(?:/\\*[^*]*\\*/\\n)?const __chunk_${n} = makeLoad\\(\\(\\) => \\{\\s*const src = fetch\\(new URL\\("\\./chunk_${n}\\.wasm"[\\s\\S]*?\\n\\}\\n, \\[\\]\\);\\n`);
    const m = js.match(definition);
    if (!m) throw new Error(`merge-chunks: the loader does not define chunk ${n} as expected`);
    const at = js.indexOf(m[0]);
    first = first === -1 ? at : Math.min(first, at);
    js = js.replace(m[0], '');
    vars.add(`__chunk_${n}`);
  }
  const fetcher = js.match(/const __chunk_\d+ = makeLoad\((\(\) => \{\s*const src = fetch\(new URL\("\.\/)chunk_\d+\.wasm("[\s\S]*?\n\})\n, \[\]\);/)
    ?? js.match(/makeLoad\((\(\) => \{\s*const src = fetch\(new URL\("\.\/)split_\w+\.wasm("[\s\S]*?\n\})\n, \[/);
  if (!fetcher) throw new Error('merge-chunks: no fetcher to copy in the loader');
  const definition = `/* the small shared chunks, merged (scripts/merge-chunks.mjs) */\nconst __chunk_merged = makeLoad(${fetcher[1]}${MERGED}${fetcher[2]}\n, []);\n`;
  js = js.slice(0, first) + definition + js.slice(first);
  let used = 0;
  js = js.replace(/\n, \[([^\]]*)\]\)/g, (all, deps) => {
    const list = deps.split(',').map((d) => d.trim()).filter(Boolean);
    const kept = list.filter((d) => !vars.has(d));
    if (kept.length === list.length) return all;
    used += 1;
    return `\n, [${['__chunk_merged', ...kept].join(', ')}])`;
  });
  if (used === 0) throw new Error('merge-chunks: no module waits for the merged chunks');
  return js;
}

/**
 * Merges the chunks in `dir` smaller than `maxBytes` (as wasm-split-cli wrote them) into
 * `MERGED`, and rewrites the loader `loader` (a file in `dir`). `run(tool, args)` runs binaryen's
 * tools (scripts/split-wasm.mjs's, which says what failed). Returns the merged chunks' names.
 */
export function mergeSmallChunks(dir, loader, maxBytes, run) {
  const small = readdirSync(dir)
    .filter((f) => /^chunk_\d+\.wasm$/.test(f) && statSync(join(dir, f)).size < maxBytes)
    .sort((a, b) => Number(a.match(/\d+/)[0]) - Number(b.match(/\d+/)[0]));
  if (small.length < 2) return [];
  const needed = new Map();
  for (const f of small) {
    for (const i of imports(readFileSync(join(dir, f)))) {
      if (i.module !== SHARED) throw new Error(`merge-chunks: ${f} imports ${i.module}.${i.field}, not from the main module`);
      const known = needed.get(i.field);
      if (known && !known.desc.equals(i.desc)) throw new Error(`merge-chunks: chunks import ${i.field} with different types`);
      needed.set(i.field, i);
    }
  }
  writeFileSync(join(dir, 'provider.wasm'), provider([...needed.values()]));
  const args = [join(dir, 'provider.wasm'), PROVIDER];
  for (const f of small) {
    const renamed = join(dir, `renamed_${f}`);
    writeFileSync(renamed, renameImports(readFileSync(join(dir, f)), SHARED, PROVIDER));
    args.push(renamed, f.replace(/\.wasm$/, ''));
  }
  const out = join(dir, MERGED);
  run('wasm-merge', [...args, ...FEATURES, '-o', out]);
  // wasm-merge drops the features section the chunks have, which the optimiser after it reads:
  // written back (no pass runs here).
  run('wasm-opt', [out, ...FEATURES, '--emit-target-features', '-o', out]);
  const merged = readFileSync(out);
  const left = imports(merged).filter((i) => i.module !== SHARED);
  if (left.length) throw new Error(`merge-chunks: the merged chunk still imports ${left.map((i) => `${i.module}.${i.field}`).join(', ')}`);
  for (const f of ['provider.wasm', ...small, ...small.map((f) => `renamed_${f}`)]) unlinkSync(join(dir, f));
  writeFileSync(join(dir, loader), rewriteLoader(readFileSync(join(dir, loader), 'utf8'), small));
  return small;
}
