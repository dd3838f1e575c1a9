// Prints the size of the built client (raw, gzip, brotli), the phone user's download: first
// what the first screen waits for (the files index.html loads: the main wasm and its JS, the
// split loader, the CSS, the page), then what is fetched later (the division table, and the
// modules of the later steps, split off by scripts/split-wasm.mjs).
// Usage: node scripts/wasm-size.mjs dist
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { brotliCompressSync, gzipSync, constants } from 'node:zlib';

const dir = process.argv[2] ?? 'dist';
const kib = (n) => `${(n / 1024).toFixed(1)} KiB`;
const html = existsSync(join(dir, 'index.html')) ? readFileSync(join(dir, 'index.html'), 'utf8') : '';
// The division table is preloaded alongside, but the first screen does not wait for it.
const firstScreen = (name) =>
  name === 'index.html' || (!name.endsWith('.tsv') && (html.includes(`/${name}'`) || html.includes(`/${name}"`)));

const groups = { 'first screen': [], later: [] };
for (const name of readdirSync(dir).sort()) {
  if (!/\.(wasm|js|css|html|tsv)$/.test(name)) continue;
  const bytes = readFileSync(join(dir, name));
  const br = brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length;
  const gz = gzipSync(bytes, { level: 9 }).length;
  groups[firstScreen(name) ? 'first screen' : 'later'].push({ name, raw: bytes.length, gz, br });
}
const line = (name, f) =>
  `${name.padEnd(44)} raw ${kib(f.raw).padStart(10)}  gzip ${kib(f.gz).padStart(10)}  brotli ${kib(f.br).padStart(10)}`;
const all = { raw: 0, gz: 0, br: 0 };
for (const [group, files] of Object.entries(groups)) {
  if (files.length === 0) continue;
  const sum = { raw: 0, gz: 0, br: 0 };
  // Many small split modules: the largest ten by name, the rest counted together.
  const shown = [...files].sort((a, b) => b.br - a.br).slice(0, 10);
  for (const f of files) for (const k of Object.keys(sum)) sum[k] += f[k];
  for (const k of Object.keys(all)) all[k] += sum[k];
  console.log(`${group}:`);
  for (const f of shown) console.log(`  ${line(f.name, f)}`);
  if (files.length > shown.length) {
    const rest = { raw: 0, gz: 0, br: 0 };
    for (const f of files.filter((f) => !shown.includes(f))) for (const k of Object.keys(rest)) rest[k] += f[k];
    console.log(`  ${line(`(${files.length - shown.length} more)`, rest)}`);
  }
  console.log(`  ${line(`${group}, ${files.length} files`, sum)}`);
}
console.log(line('total', all));
