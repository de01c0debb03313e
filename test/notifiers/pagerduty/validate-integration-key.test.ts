import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { validateIntegrationKey } from '../../../src/notifiers/pagerduty/index.js';
import { ROUTING_KEY } from './fakes.js';

describe('validateIntegrationKey', () => {
  const valid = [ROUTING_KEY, 'R0123456789ABCDEFGHIJKLMNOPQRSTU', '0'.repeat(32)];
  for (const key of valid) {
    it(`accepts a 32-character alphanumeric key (${key.slice(0, 4)}…)`, () => {
      assert.equal(validateIntegrationKey(key), undefined);
    });
  }

  const invalid: { name: string; key: unknown; mentions: RegExp }[] = [
    { name: 'empty', key: '', mentions: /0 characters/ },
    { name: '31 characters', key: ROUTING_KEY.slice(1), mentions: /31 characters/ },
    { name: '33 characters', key: `${ROUTING_KEY}Z`, mentions: /33 characters/ },
    { name: 'with a dash', key: `${ROUTING_KEY.slice(0, 31)}-`, mentions: /other than A-Z/ },
    { name: 'with a trailing newline', key: `${ROUTING_KEY.slice(0, 31)}\n`, mentions: /whitespace/ },
    { name: 'not a string', key: 42, mentions: /must be a string/ },
  ];
  for (const { name, key, mentions } of invalid) {
    it(`rejects a key ${name}, naming the field and the problem`, () => {
      const problem = validateIntegrationKey(key);
      assert.ok(problem);
      assert.equal(problem.path, 'routing_key');
      assert.match(problem.message, /routing_key/);
      assert.match(problem.message, mentions);
    });
  }

  it('never echoes the key: at most its last 4 characters', () => {
    const secret = 'sEcReTkEy0123456789abcdefXYZW77'; // 31 characters
    const problem = validateIntegrationKey(secret);
    assert.ok(problem);
    assert.ok(!problem.message.includes(secret));
    assert.ok(!problem.message.includes(secret.slice(0, 8)));
    assert.match(problem.message, /ending in "ZW77"/);
    assert.match(problem.message, /31 characters/);
  });

  it('shows nothing of a short key, whose last 4 would be most of it', () => {
    const problem = validateIntegrationKey('abc123');
    assert.ok(problem);
    assert.ok(!problem.message.includes('c123'));
  });

  it('names another field when asked (v1 service_key)', () => {
    assert.equal(validateIntegrationKey('x', 'service_key')?.path, 'service_key');
  });
});
