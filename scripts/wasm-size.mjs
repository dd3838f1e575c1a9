// Prints the size of the built client (raw, gzip, brotli), the phone user's download.
// Usage: node scripts/wasm-size.mjs dist
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { brotliCompressSync, gzipSync, constants } from 'node:zlib';

const dir = process.argv[2] ?? 'dist';
const kib = (n) => `${(n / 1024).toFixed(1)} KiB`;
let total = { raw: 0, br: 0 };
for (const name of readdirSync(dir).sort()) {
  if (!/\.(wasm|js|css|html|tsv)$/.test(name)) continue;
  const bytes = readFileSync(join(dir, name));
  const br = brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length;
  const gz = gzipSync(bytes, { level: 9 }).length;
  total.raw += bytes.length;
  total.br += br;
  console.log(`${name.padEnd(40)} raw ${kib(bytes.length).padStart(10)}  gzip ${kib(gz).padStart(10)}  brotli ${kib(br).padStart(10)}`);
}
console.log(`${'total'.padEnd(40)} raw ${kib(total.raw).padStart(10)}  ${' '.repeat(16)}  brotli ${kib(total.br).padStart(10)}`);
