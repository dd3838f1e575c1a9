// The release build's compact division table (scripts/compact-regions.mjs): read back as the
// rules read it (regions.rs, `parse_compact`: each code its parent's code and two digits), it
// holds every row of data/regions.tsv, and its date.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { compactRegions } from '../../scripts/compact-regions.mjs';

const TSV = readFileSync(join(import.meta.dirname, '../../crates/beian-rules/data/regions.tsv'), 'utf8');

/** The compact form read back to `code<TAB>name` rows, as `parse_compact` reads it. */
function expand(compact) {
  const rows = [];
  const current = ['', ''];
  for (const line of compact.split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const level = line[0] === '>' ? 0 : line[0] === '+' ? 1 : 2;
    const rest = level < 2 ? line.slice(1) : line;
    const code = (level === 0 ? '' : current[level - 1]) + rest.slice(0, 2);
    if (level < 2) current[level] = code;
    rows.push(`${code}\t${rest.slice(2)}`);
  }
  return rows;
}

test('the compact table reads back to every row of the data file, with its date', () => {
  const compact = compactRegions(TSV);
  const rows = TSV.split('\n').filter((l) => l !== '' && !l.startsWith('#'));
  assert.ok(rows.length > 3000);
  assert.deepEqual(expand(compact), rows);
  const comments = compact.split('\n').filter((l) => l.startsWith('#'));
  assert.equal(comments.length, 1);
  assert.match(comments[0], /^# as_of: \d{4}-\d{2}-\d{2}/);
  assert.ok(compact.length < TSV.length * 0.75, `${compact.length} of ${TSV.length}`);
});

test('a row the compact form cannot hold is refused, not dropped', () => {
  for (const row of ['1101001\t某街道', '11\t', 'ab\t北京市', '11\t北京市\textra']) {
    assert.throws(() => compactRegions(`# as_of: 2023-06-30\n${row}\n`), /unexpected division row/);
  }
});
