// @beian/rules used from Node.js, as a partner's build or server code would.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import {
  init, validateApplication, checkDomain, checkCertificateNumber, catalogue, chinaToday, BeianRulesError,
} from '../index.js';

const application = (number, domain) => ({
  schema_version: 1,
  subject: {
    region: { province: '44', city: '4403', district: '440305' },
    nature: 5,
    certificate_type: 'resident_id',
    certificate_number: number,
  },
  websites: [{ domain }],
});

before(async () => {
  await init();
  await init(); // a second call is harmless
});

test('a valid application passes; a flawed one names its fields', () => {
  const ok = validateApplication(application('440524188001010014', 'example.com'), { today: '2026-11-22' });
  assert.equal(ok.valid, true);
  assert.deepEqual(ok.findings.map((f) => f.code), ['domain.suffix_fileable']);

  const bad = validateApplication(JSON.stringify(application('440524188001010015', 'blog.example.com')));
  assert.equal(bad.valid, false);
  assert.equal(bad.errors, 2);
  const sub = bad.findings.find((f) => f.code === 'domain.subdomain');
  assert.equal(sub.field, 'websites[0].domain');
  assert.match(sub.message['zh-CN'], /example\.com/);
  assert.equal(sub.params.registrable, 'example.com');
});

test('documents that are not applications throw a typed error', () => {
  for (const [input, code] of [
    ['{nope', 'invalid_document'],
    [{ schema_version: 1, surprise: true }, 'invalid_document'],
    [{ schema_version: 7 }, 'unsupported_schema_version'],
  ]) {
    assert.throws(() => validateApplication(input), (e) => e instanceof BeianRulesError && e.code === code, JSON.stringify(input));
  }
  assert.throws(() => validateApplication(application('1', 'a.cn'), { today: 'tomorrow' }), (e) => e.code === 'bad_date');
});

test('single fields: domain and certificate number', () => {
  const d = checkDomain('WWW.例子。中国');
  assert.equal(d.normalized.ascii, 'xn--fsqu00a.xn--fiqs8s');
  assert.equal(d.normalized.unicode, '例子.中国');
  assert.equal(checkDomain('example.hk').findings[0].severity, 'error');

  const n = checkCertificateNumber('business_licence', '91350100M000100Y43', { nature: 4, province: '44' });
  assert.deepEqual(n.findings.map((f) => f.code), ['certificate.region_mismatch']);
  assert.equal(n.valid, true, 'a warning does not make it invalid');
  assert.throws(() => checkCertificateNumber('library_card', '1'), (e) => e.code === 'unknown_certificate_type');
});

test('the catalogue lists every rule with both languages', () => {
  const rules = catalogue();
  assert.ok(rules.length >= 30);
  for (const r of rules) assert.ok(r.message['zh-CN'] && r.message.en && r.source && r.fields.length, r.code);
  assert.match(chinaToday(new Date('2026-11-22T20:00:00Z')), /^2026-11-23$/, 'UTC+8');
});
