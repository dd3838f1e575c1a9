// The release build's merge of small shared chunks (scripts/merge-chunks.mjs), on modules of the
// shape wasm-split-cli writes: the merged module fills the shared table and memory as the small
// ones did, a large chunk stays as it is, and the loader waits for the merged chunk instead.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { imports, MERGED, mergeSmallChunks, rewriteLoader } from '../../scripts/merge-chunks.mjs';

const BIN = join(import.meta.dirname, '../../node_modules/.bin');
const TABLE = 16;

/** A chunk as wasm-split-cli writes one: the shared memory, table (and stack pointer) imported,
 *  a function put into the table at `slot`, `data` written at `address`. */
function chunk(dir, n, { slot, value, address, data, stackPointer = true }) {
  const wat = `(module
    (import "__wasm_split" "memory" (memory 1))
    (import "__wasm_split" "__indirect_function_table" (table ${TABLE} funcref))
    ${stackPointer ? '(import "__wasm_split" "__wasm_split_shared0" (global $sp (mut i32)))' : ''}
    (func $f (result i32) ${stackPointer ? '(global.set $sp (global.get $sp))' : ''} (i32.const ${value}))
    (elem (i32.const ${slot}) $f)
    (data (i32.const ${address}) "${data}"))`;
  writeFileSync(join(dir, `chunk_${n}.wat`), wat);
  execFileSync(join(BIN, 'wasm-as'), [`chunk_${n}.wat`, '-o', `chunk_${n}.wasm`, '--enable-reference-types'], { cwd: dir });
  rmSync(join(dir, `chunk_${n}.wat`));
}

const definition = (n) => `/* a, b */
const __chunk_${n} = makeLoad(() => {
    const src = fetch(new URL("./chunk_${n}.wasm", import.meta.url));
    src.catch(() => {});
    return async (imports) => (WebAssembly.instantiateStreaming(src, imports));
}
, []);
`;
const part = (name, deps) => `export const __wasm_split_load_${name} = wrapAsyncCb(makeLoad(() => {
    const src = fetch(new URL("./split_${name}.wasm", import.meta.url));
    src.catch(() => {});
    return async (imports) => (WebAssembly.instantiateStreaming(src, imports));
}
, [${deps.join(', ')}]));
`;
// The loader's runtime, reduced to what the test reads: each load and what it waits for.
const LOADER = `function wrapAsyncCb(callee) { return callee; }
function makeLoad(fetcher, deps) { return { fetcher, deps }; }
${definition(11)}${definition(12)}${definition(13)}${part('a', ['__chunk_11', '__chunk_13'])}${part('b', ['__chunk_12'])}${part('c', ['__chunk_13'])}`;

test('small chunks become one module that fills the shared table and memory as they did', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'beian-merge-'));
  try {
    chunk(dir, 11, { slot: 1, value: 11, address: 100, data: 'abc' });
    chunk(dir, 12, { slot: 2, value: 12, address: 200, data: 'xyz', stackPointer: false });
    chunk(dir, 13, { slot: 3, value: 13, address: 300, data: 'L'.repeat(400) });
    writeFileSync(join(dir, 'loader.mjs'), LOADER);

    const run = (tool, args) => execFileSync(join(BIN, tool), args, { stdio: ['ignore', 'pipe', 'pipe'] });
    const merged = mergeSmallChunks(dir, 'loader.mjs', 300, run);
    assert.deepEqual(merged, ['chunk_11.wasm', 'chunk_12.wasm']);
    assert.ok(!existsSync(join(dir, 'chunk_11.wasm')) && !existsSync(join(dir, 'chunk_12.wasm')), 'the small ones are gone');
    assert.ok(existsSync(join(dir, 'chunk_13.wasm')), 'a chunk over the threshold stays');

    // One import each of the main module's memory, table and stack pointer.
    const bytes = readFileSync(join(dir, MERGED));
    assert.deepEqual(imports(bytes).map((i) => `${i.module}.${i.field}`).sort(),
      ['__wasm_split.__indirect_function_table', '__wasm_split.__wasm_split_shared0', '__wasm_split.memory']);
    const memory = new WebAssembly.Memory({ initial: 1 });
    const table = new WebAssembly.Table({ initial: TABLE, element: 'anyfunc' });
    const stack = new WebAssembly.Global({ value: 'i32', mutable: true }, 4096);
    new WebAssembly.Instance(new WebAssembly.Module(bytes), {
      __wasm_split: { memory, __indirect_function_table: table, __wasm_split_shared0: stack },
    });
    assert.equal(table.get(1)(), 11);
    assert.equal(table.get(2)(), 12);
    assert.equal(table.get(3), null, 'the large chunk\'s slot is its own');
    const text = (at, n) => Buffer.from(memory.buffer, at, n).toString();
    assert.equal(text(100, 3), 'abc');
    assert.equal(text(200, 3), 'xyz');

    // The loader: the merged chunk defined once, before the modules; each module waits for it
    // instead of its small chunks, and for its large ones as before.
    const loader = readFileSync(join(dir, 'loader.mjs'), 'utf8');
    assert.doesNotMatch(loader, /__chunk_1[12]\b/);
    assert.match(loader, /const __chunk_merged = makeLoad\(\(\) => \{\s*const src = fetch\(new URL\("\.\/chunk_merged\.wasm"/);
    const m = await import(pathToFileURL(join(dir, 'loader.mjs')));
    const file = (load) => load.fetcher.toString().match(/"\.\/([^"]+)"/)[1];
    assert.deepEqual(m.__wasm_split_load_a.deps.map(file), ['chunk_merged.wasm', 'chunk_13.wasm']);
    assert.deepEqual(m.__wasm_split_load_b.deps.map(file), ['chunk_merged.wasm']);
    assert.deepEqual(m.__wasm_split_load_c.deps.map(file), ['chunk_13.wasm']);
    assert.equal(m.__wasm_split_load_a.deps[0], m.__wasm_split_load_b.deps[0], 'one load of the merged chunk');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a loader that does not define a chunk as expected is refused, not half rewritten', () => {
  assert.throws(() => rewriteLoader('const __chunk_11 = somethingElse();\n', ['chunk_11.wasm']), /does not define chunk 11/);
});
