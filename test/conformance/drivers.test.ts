import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { NewmanRunSummary } from 'newman';
import { newmanSummaryToRecord } from './newman-driver.js';
import { setsTimeouts, toPagewatchRunOptions } from './run-config.js';
import { timeoutErrors } from './run-record.js';

describe('newmanSummaryToRecord', () => {
  test('one record per item even when Newman lists a retried (digest) request twice; errors make it `error`', () => {
    const digest = {
      id: 'i1',
      cursor: { ref: 'r1', iteration: 0 },
      item: { id: 'i1', name: 'digest' },
      request: { method: 'GET', url: { toString: () => 'https://postman-echo.com/digest-auth' } },
      response: { code: 200, status: 'OK', responseTime: 1 },
      assertions: [{ assertion: 'authenticated' }, { assertion: 'second', error: new Error('nope') }],
    };
    const broken = {
      id: 'i2',
      cursor: { ref: 'r2', iteration: 0 },
      item: { id: 'i2', name: 'broken' },
      request: { method: 'POST', url: { toString: () => 'https://postman-echo.com/post' } },
      response: { code: 200, status: 'OK', responseTime: 1 },
      testScript: [{ error: new Error('x is not defined') }],
    };
    const summary = {
      run: {
        stats: { requests: { total: 3, failed: 0 } },
        executions: [digest, digest, broken],
        failures: [],
      },
    } as unknown as NewmanRunSummary;
    const starts = [
      { ref: 'r1', name: 'digest', method: 'GET', iteration: 0 },
      { ref: 'r2', name: 'broken', method: 'POST', iteration: 0 },
      { ref: 'r3', name: 'never sent', method: 'PUT', iteration: 0 },
    ];
    assert.deepEqual(newmanSummaryToRecord(summary, starts), {
      status: 'error',
      requestCount: 3,
      requests: [
        {
          name: 'digest',
          method: 'GET',
          code: 200,
          iteration: 0,
          assertions: [
            { name: 'authenticated', passed: true },
            { name: 'second', passed: false, error: 'nope' },
          ],
        },
        {
          name: 'broken',
          method: 'POST',
          code: 200,
          iteration: 0,
          assertions: [],
          error: 'test script: x is not defined',
        },
        { name: 'never sent', method: 'PUT', iteration: 0, assertions: [] },
      ],
    });
  });

  test('a failed assertion alone is `failure`; a run error is `error`', () => {
    const execution = {
      cursor: { ref: 'r1' },
      response: { code: 200 },
      assertions: [{ assertion: 'a', error: new Error('no') }],
    };
    const summary = {
      run: { stats: { requests: { total: 1 } }, executions: [execution], failures: [] },
    } as unknown as NewmanRunSummary;
    const starts = [{ ref: 'r1', name: 'x', method: 'GET', iteration: 0 }];
    assert.equal(newmanSummaryToRecord(summary, starts).status, 'failure');
    assert.equal(newmanSummaryToRecord(summary, starts, new Error('boom')).status, 'error');
  });
});

describe('toPagewatchRunOptions', () => {
  test('maps the Newman run options of the corpus configs onto RunOptions', () => {
    assert.deepEqual(toPagewatchRunOptions({ timeout: 10000, timeoutRequest: 3000, timeoutScript: 500 }), {
      runTimeoutMs: 10000,
      requestTimeoutMs: 3000,
      scriptTimeoutMs: 500,
    });
    assert.deepEqual(toPagewatchRunOptions({ ignoreRedirects: true, insecure: true, iterationCount: 2 }), {
      followRedirects: false,
      strictSSL: false,
      iterationCount: 2,
    });
  });

  test('an option with no mapping is an error naming it, not silently dropped', () => {
    assert.throws(() => toPagewatchRunOptions({ bail: true }), /Newman option "bail" has no pagewatch/);
    assert.throws(() => toPagewatchRunOptions({ timeoutRequest: '3s' }), /timeoutRequest must be a number/);
  });
});

test('timing: configs that set timeouts, and the timeout errors of a record', () => {
  assert.equal(setsTimeouts({ timeout: 10000, timeoutRequest: 3000, timeoutScript: 500 }), true);
  assert.equal(setsTimeouts({ ignoreRedirects: true }), false);
  const request = { name: 'r', method: 'GET', iteration: 0, assertions: [] };
  assert.deepEqual(
    timeoutErrors({
      status: 'error',
      requestCount: 2,
      runError: 'Script execution timed out after 500ms',
      requests: [
        {
          ...request,
          error: 'test script: did not finish within the script timeout (is there an endless loop?)',
        },
        { ...request, error: 'ESOCKETTIMEDOUT' },
        { ...request, error: 'test script: ReferenceError: x is not defined' },
      ],
    }),
    [
      'Script execution timed out after 500ms',
      'test script: did not finish within the script timeout (is there an endless loop?)',
      'ESOCKETTIMEDOUT',
    ],
  );
});
