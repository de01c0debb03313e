import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildRunSummary, ELLIPSIS, truncateWithEllipsis } from '../../../src/notifiers/pagerduty/index.js';
import type { RunResult } from '../../../src/runner/run-result.js';
import { failingExecution, passingExecution, runResult } from './fakes.js';

describe('buildRunSummary', () => {
  const cases: { name: string; result: RunResult; expected: string }[] = [
    {
      name: 'failure names the first failing request and assertion',
      result: runResult(),
      expected: 'Checkout API failed: "Get cart" — "status is 200": expected 500 to equal 200',
    },
    {
      name: 'error names the request that could not complete',
      result: runResult({
        status: 'error',
        executions: [
          passingExecution(),
          failingExecution({ status: undefined, assertions: [], error: 'connect ECONNREFUSED 127.0.0.1:9' }),
        ],
      }),
      expected: 'Checkout API errored: "Get cart": connect ECONNREFUSED 127.0.0.1:9',
    },
    {
      name: 'abort says after how long and why',
      result: runResult({ status: 'abort', durationMs: 600_000, error: 'run time limit', executions: [] }),
      expected: 'Checkout API aborted after 600000 ms (run time limit)',
    },
    {
      name: 'error outside any request uses the run error',
      result: runResult({ status: 'error', executions: [], error: 'SyntaxError: Unexpected token' }),
      expected: 'Checkout API errored: SyntaxError: Unexpected token',
    },
    {
      name: 'failure with several problems counts the others',
      result: runResult({
        executions: [
          failingExecution(),
          failingExecution({ name: 'Pay', assertions: [{ name: 'paid', passed: false }] }),
          failingExecution({ name: 'Ship', assertions: [], error: 'socket hang up' }),
        ],
      }),
      expected: 'Checkout API failed: "Get cart" — "status is 200": expected 500 to equal 200 (+2 more)',
    },
    {
      name: 'error prefers the request error over an earlier failed assertion',
      result: runResult({
        status: 'error',
        executions: [
          failingExecution(),
          failingExecution({ name: 'Pay', assertions: [], error: 'ETIMEDOUT' }),
        ],
      }),
      expected: 'Checkout API errored: "Pay": ETIMEDOUT (+1 more)',
    },
    {
      name: 'newlines in messages become spaces',
      result: runResult({
        executions: [
          failingExecution({
            assertions: [{ name: 'schema', passed: false, error: 'line one\n\tline two' }],
          }),
        ],
      }),
      expected: 'Checkout API failed: "Get cart" — "schema": line one line two',
    },
    {
      name: 'success is said plainly',
      result: runResult({ status: 'success', executions: [passingExecution()] }),
      expected: 'Checkout API passed',
    },
  ];
  for (const { name, result, expected } of cases) {
    it(name, () => assert.equal(buildRunSummary('Checkout API', result), expected));
  }

  it('is cut to exactly 1024 characters with an ellipsis when longer', () => {
    const result = runResult({
      executions: [
        failingExecution({ assertions: [{ name: 'big', passed: false, error: 'x'.repeat(5000) }] }),
      ],
    });
    const summary = buildRunSummary('Checkout API', result);
    assert.equal(summary.length, 1024);
    assert.ok(summary.endsWith(ELLIPSIS));
    assert.ok(summary.startsWith('Checkout API failed: "Get cart" — "big": xxx'));
  });

  it('keeps a summary of exactly 1024 characters whole', () => {
    const prefix = 'Checkout API failed: "Get cart" — "big": ';
    const error = 'y'.repeat(1024 - prefix.length);
    const result = runResult({
      executions: [failingExecution({ assertions: [{ name: 'big', passed: false, error }] })],
    });
    const summary = buildRunSummary('Checkout API', result);
    assert.equal(summary.length, 1024);
    assert.equal(summary, prefix + error);
  });
});

describe('truncateWithEllipsis', () => {
  const cases: { text: string; max: number; expected: string }[] = [
    { text: 'short', max: 10, expected: 'short' },
    { text: 'a'.repeat(1024), max: 1024, expected: 'a'.repeat(1024) },
    { text: 'a'.repeat(1025), max: 1024, expected: 'a'.repeat(1023) + '…' },
    { text: 'abcdef', max: 4, expected: 'abc…' },
    { text: 'ab😀cd', max: 4, expected: 'ab…' }, // never splits the emoji's surrogate pair
    { text: 'abc', max: 0, expected: '' },
  ];
  for (const { text, max, expected } of cases) {
    it(`${JSON.stringify(text.slice(0, 12))}… (${text.length}) to ${max} → ${expected.length} chars`, () => {
      const cut = truncateWithEllipsis(text, max);
      assert.equal(cut, expected);
      assert.ok(cut.length <= max);
    });
  }
});
