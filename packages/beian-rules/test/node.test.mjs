// @beian/rules used from Node.js, as a partner's build or server code would.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import {
  init, validateApplication, validateField, locateAddress, checkDomain, checkCertificateNumber, catalogue,
  chinaToday, BeianRulesError,
} from '../index.js';

import { readFileSync } from 'node:fs';

// The complete example application of the beian repository, with another number and domain.
const example = JSON.parse(
  readFileSync(new URL('../../../docs/examples/first-filing-personal.json', import.meta.url), 'utf8'),
);
const application = (number, domain) => {
  const a = structuredClone(example);
  a.subject.certificate_number = number;
  a.subject_owner.certificate_number = number;
  a.websites[0].owner.certificate_number = number;
  a.websites[0].domain = domain;
  a.websites[0].homepage_url = '';
  return a;
};

before(async () => {
  await init();
  await init(); // a second call is harmless
});

test('a valid application passes; a flawed one names its fields', () => {
  const ok = validateApplication(application('440305199003071236', 'example.com'), { today: '2026-11-22' });
  assert.equal(ok.valid, true, JSON.stringify(ok.findings));
  assert.deepEqual(ok.findings.map((f) => f.code), ['domain.suffix_fileable', 'province.extra_document']);

  const bad = validateApplication(JSON.stringify(application('440305199003071235', 'blog.example.com')));
  assert.equal(bad.valid, false);
  // The check digit (subject and both people) and the sub-domain.
  assert.equal(bad.errors, 4);
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
  // The message says what is wrong and where, as a field path or a line and column.
  for (const [input, message] of [
    [{ schema_version: 1, websites: [{}, { domain: 5 }] }, 'expected a string, found a number at `websites[1].domain`'],
    [{ schema_version: 1, subject: { nme: 'x' } }, 'unknown field `nme` at `subject`'],
    ['{"schema_version":1,\n"subject":{,}}', 'not JSON at line 2, column 12'],
  ]) {
    assert.throws(() => validateApplication(input), (e) => e.code === 'invalid_document' && e.message === message, JSON.stringify(input));
  }
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

test('one field in the context of the application', () => {
  const a = application('440305199003071236', 'example.com');
  a.subject.certificate_address = '河南省郑州市金水区花园路1号';
  const r = validateField(a, 'subject.certificate_address', { today: '2026-11-22' });
  assert.deepEqual(r.findings.map((f) => f.code), ['province.personal_cross_province_permit']);
  assert.match(r.findings[0].message['zh-CN'], /河南省/);
  assert.equal(validateField(a, 'websites[0]').errors, 0);
  assert.throws(() => validateField('{nope', 'subject'), (e) => e.code === 'invalid_document');
});

test('addresses: short forms and every reading of an ambiguous one', () => {
  const [p] = locateAddress('深圳南山粤海街道');
  assert.deepEqual([p.province_name, p.city_name, p.county_name], ['广东省', '深圳市', '南山区']);
  assert.deepEqual(locateAddress('朝阳区建国路').map((r) => r.province).sort(), ['11', '22']);
  assert.deepEqual(locateAddress('北京路100号'), []);
});
