import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { computeRetryDelayMs, parseRetryAfterMs } from '../../../src/notifiers/pagerduty/index.js';

const NOW = Date.parse('2025-03-01T10:00:00.000Z');

describe('parseRetryAfterMs', () => {
  const cases: { header: string | undefined; expected: number | undefined }[] = [
    { header: '2', expected: 2000 },
    { header: ' 30 ', expected: 30_000 },
    { header: '0', expected: 0 },
    { header: '1.5', expected: 1500 },
    { header: 'Sat, 01 Mar 2025 10:00:10 GMT', expected: 10_000 },
    { header: 'Sat, 01 Mar 2025 09:59:00 GMT', expected: 0 },
    { header: undefined, expected: undefined },
    { header: '', expected: undefined },
    { header: '-1', expected: undefined },
    { header: 'soon', expected: undefined },
  ];
  for (const { header, expected } of cases) {
    it(`${JSON.stringify(header)} → ${expected}`, () =>
      assert.equal(parseRetryAfterMs(header, NOW), expected));
  }
});

describe('computeRetryDelayMs', () => {
  const backoff = { minDelayMs: 1000, maxDelayMs: 30_000 };
  const cases: { retry: number; random: number; retryAfterMs?: number; expected: number }[] = [
    { retry: 1, random: 0, expected: 1000 },
    { retry: 1, random: 0.5, expected: 1500 },
    { retry: 2, random: 0, expected: 2000 },
    { retry: 3, random: 0.999, expected: 7996 },
    { retry: 10, random: 0, expected: 30_000 },
    { retry: 1, random: 0, retryAfterMs: 2000, expected: 2000 },
    { retry: 1, random: 0, retryAfterMs: 45_000, expected: 45_000 },
  ];
  for (const { retry, random, retryAfterMs, expected } of cases) {
    it(`retry ${retry}, jitter ${random}, Retry-After ${retryAfterMs ?? '-'} → ${expected} ms`, () => {
      assert.equal(computeRetryDelayMs(retry, { ...backoff, random: () => random }, retryAfterMs), expected);
    });
  }
});
