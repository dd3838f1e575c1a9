// Its own file: node --test runs each file in a fresh process, so the module is not loaded yet.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkDomain, init, BeianRulesError } from '../index.js';

test('using it before init() says so, and works after', async () => {
  assert.throws(() => checkDomain('example.com'), (e) => e instanceof BeianRulesError && e.code === 'not_initialized');
  await init();
  assert.equal(checkDomain('example.com').normalized.ascii, 'example.com');
});
