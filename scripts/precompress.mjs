// Writes .br (quality 11) and .gz (level 9) copies of the release assets, so the server sends
// the smallest files without compressing on every request (run by scripts/post-build.mjs).
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { brotliCompressSync, gzipSync, constants } from 'node:zlib';

export function precompress(dir) {
  for (const name of readdirSync(dir)) {
    if (!/\.(wasm|js|css|html|tsv)$/.test(name)) continue;
    const bytes = readFileSync(join(dir, name));
    writeFileSync(
      join(dir, `${name}.br`),
      brotliCompressSync(bytes, {
        params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length },
      }),
    );
    writeFileSync(join(dir, `${name}.gz`), gzipSync(bytes, { level: 9 }));
  }
}
