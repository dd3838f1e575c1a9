// @beian/rules: the beian ICP filing rules for JavaScript. See README.md and index.d.ts.
import initWasm, * as wasm from './dist/beian_rules.js';

let loading = null;
let ready = false;

/** An error from the rules API: `code` is stable, `message` says what was wrong. */
export class BeianRulesError extends Error {
  constructor(code, message) {
    super(message);
    this.name = 'BeianRulesError';
    this.code = code;
  }
}

async function defaultSource() {
  const url = new URL('./dist/beian_rules_bg.wasm', import.meta.url);
  if (url.protocol === 'file:') {
    // Node.js: fetch() cannot read files, so read the bytes. The comments keep bundlers
    // (webpack, Vite) from trying to resolve this Node-only module in a browser build.
    const { readFile } = await import(/* webpackIgnore: true */ /* @vite-ignore */ 'node:fs/promises');
    return readFile(url);
  }
  return url;
}

/**
 * Loads the WebAssembly module (once; later calls return the same promise). Without an argument
 * it loads `dist/beian_rules_bg.wasm` next to this file, in browsers and in Node.js alike.
 */
export function init(source) {
  loading ??= (async () => {
    await initWasm({ module_or_path: source ?? (await defaultSource()) });
    ready = true;
  })();
  return loading;
}

function call(fn, ...args) {
  if (!ready) throw new BeianRulesError('not_initialized', 'call and await init() first');
  const out = JSON.parse(fn(...args));
  if (out && out.error) throw new BeianRulesError(out.error.code, out.error.message);
  return out;
}

/** Today's date in China (UTC+8) as YYYY-MM-DD: the rules' default "today". */
export function chinaToday(now = new Date()) {
  return new Date(now.getTime() + 8 * 3600 * 1000).toISOString().slice(0, 10);
}

/** Validates a whole application (object or JSON text) and returns the report. */
export function validateApplication(application, { today = chinaToday() } = {}) {
  const json = typeof application === 'string' ? application : JSON.stringify(application);
  return call(wasm.validateApplication, json, today);
}

/**
 * The findings about one field of an application (or everything under a path such as
 * `websites[0]`), judged with the whole application as context; the same report shape.
 */
export function validateField(application, field, { today = chinaToday() } = {}) {
  const json = typeof application === 'string' ? application : JSON.stringify(application);
  return call(wasm.validateField, json, String(field), today);
}

/** Where the start of a Chinese address lies: every reading, best first (empty: no place). */
export function locateAddress(address) {
  return call(wasm.locateAddress, String(address));
}

/** Checks one domain as typed: its normal form and the findings. */
export function checkDomain(domain, { field = 'domain' } = {}) {
  return call(wasm.checkDomain, field, String(domain));
}

/** Checks a certificate number for a certificate type (ids as in the catalogue's data). */
export function checkCertificateNumber(
  certificateType,
  number,
  { nature = 0, province = '', field = 'certificate_number', today = chinaToday() } = {},
) {
  return call(wasm.checkCertificateNumber, field, String(certificateType), String(number), nature, province, today);
}

/** Every rule: code, severity, fields, message templates ({name} placeholders), source. */
export function catalogue() {
  return call(wasm.catalogue);
}
