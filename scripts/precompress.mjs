// Trunk post_build hook: writes .br (quality 11) and .gz (level 9) copies of the release assets,
// so the server sends the smallest files without compressing on every request.
// Debug builds (trunk serve) are left alone: compressing a debug wasm at quality 11 is slow.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { brotliCompressSync, gzipSync, constants } from 'node:zlib';

if (process.env.TRUNK_PROFILE !== 'release') process.exit(0);
const dir = process.env.TRUNK_STAGING_DIR;
if (!dir) {
  console.error('precompress: TRUNK_STAGING_DIR is not set (run through trunk)');
  process.exit(1);
}
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
