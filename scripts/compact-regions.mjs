// The release build's division table in the compact form the rules read
// (crates/beian-rules/src/regions.rs, `parse_compact`; the rules crate's build.rs writes the
// same form for the table it compiles in): per row a level mark (`>` a province, `+` a city,
// none for a county), the code's last two digits and the name. The `# as_of:` line stays (the
// rules report it); the other comment lines, which document the file for people, go.
// dist/regions.tsv keeps its name (the page preloads it, the client fetches it); the rules read
// either form.
import { readFileSync, writeFileSync } from 'node:fs';

const MARKS = { 2: '>', 4: '+', 6: '' };

/** `tsv` (data/regions.tsv) in the compact form. Throws on a row it does not know. */
export function compactRegions(tsv) {
  const out = [];
  for (const line of tsv.split('\n')) {
    if (line === '') continue;
    if (line.startsWith('#')) {
      if (line.replace(/^#+/, '').trim().startsWith('as_of:')) out.push(line);
      continue;
    }
    const [code, name, ...rest] = line.split('\t');
    const mark = MARKS[code.length];
    if (mark === undefined || !/^[0-9]+$/.test(code) || !name || rest.length > 0) {
      throw new Error(`compact-regions: unexpected division row ${JSON.stringify(line)}`);
    }
    out.push(`${mark}${code.slice(-2)}${name}`);
  }
  return `${out.join('\n')}\n`;
}

/** Rewrites `file` (a copy of data/regions.tsv) in the compact form, in place. */
export function compactRegionsFile(file) {
  writeFileSync(file, compactRegions(readFileSync(file, 'utf8')));
}
