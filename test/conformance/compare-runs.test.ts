import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { applyAllowList, type AllowListEntry } from './allow-list.js';
import { compareRuns, formatDifferences } from './compare-runs.js';
import { formatConformanceTable } from './conformance-table.js';
import type { RunRecord } from './run-record.js';

function record(overrides: Partial<RunRecord> = {}): RunRecord {
  return {
    status: 'success',
    requestCount: 2,
    requests: [
      {
        name: 'Get',
        method: 'GET',
        code: 200,
        iteration: 0,
        assertions: [
          { name: 'status is 200', passed: true },
          { name: 'has url', passed: true },
        ],
      },
      { name: 'Post', method: 'POST', code: 200, iteration: 0, assertions: [] },
    ],
    ...overrides,
  };
}

describe('compareRuns', () => {
  test('identical runs conform', () => {
    assert.deepEqual(compareRuns(record(), record()), []);
  });

  test('one assertion passing on one side and failing on the other is reported, with both sides', () => {
    const pagewatch = record({ status: 'failure' });
    pagewatch.requests[0]!.assertions[1] = { name: 'has url', passed: false, error: 'expected undefined' };
    const differences = compareRuns(record(), pagewatch);
    assert.deepEqual(differences, [
      { key: 'status', where: 'run status', newman: 'success', pagewatch: 'failure' },
      {
        key: 'requests[0].assertions[1].passed',
        where: 'request 1 "Get", assertion 2 "has url"',
        newman: '"has url" passed',
        pagewatch: '"has url" failed: expected undefined',
      },
    ]);
    assert.match(
      formatDifferences(differences),
      /newman: {4}"has url" passed\n {4}pagewatch: "has url" failed/,
    );
  });

  test('request count, codes, names, missing requests and missing assertions are differences', () => {
    const pagewatch = record({ requestCount: 3 });
    pagewatch.requests[0]!.code = 401;
    pagewatch.requests[0]!.assertions.pop();
    pagewatch.requests[1]!.name = 'Put';
    pagewatch.requests.push({ name: 'Extra', method: 'GET', iteration: 0, assertions: [] });
    assert.deepEqual(
      compareRuns(record(), pagewatch).map((d) => [d.key, d.newman, d.pagewatch]),
      [
        ['requestCount', '2', '3'],
        ['requests.length', '2', '3'],
        ['requests[0].code', '200', '401'],
        ['requests[0].assertions.length', '2', '1'],
        ['requests[0].assertions[1]', '"has url" passed', '(none)'],
        ['requests[1].name', 'Post', 'Put'],
        ['requests[2]', '(none)', 'GET "Extra" → no response, 0 assertion(s)'],
      ],
    );
  });

  test('an error on one side only is a difference; different error texts are not', () => {
    const newman = record();
    newman.requests[1]!.error = 'test script: boom';
    const pagewatch = record();
    pagewatch.requests[1]!.error = 'test script: Error: boom';
    assert.deepEqual(compareRuns(newman, pagewatch), []);
    assert.deepEqual(
      compareRuns(newman, record()).map((d) => d.key),
      ['requests[1].error'],
    );
  });
});

describe('applyAllowList', () => {
  const entry: AllowListEntry = {
    collection: 'c',
    key: 'requests[0].code',
    newman: '200',
    pagewatch: /^40\d$/,
    justification: 'test',
  };

  test('an entry covers exactly its difference; the rest stay unexplained', () => {
    const pagewatch = record({ requestCount: 3 });
    pagewatch.requests[0]!.code = 401;
    const outcome = applyAllowList('c', compareRuns(record(), pagewatch), [entry]);
    assert.deepEqual(
      outcome.allowed.map((a) => a.difference.key),
      ['requests[0].code'],
    );
    assert.deepEqual(
      outcome.unexplained.map((d) => d.key),
      ['requestCount'],
    );
    assert.deepEqual(outcome.unused, []);
  });

  test('an entry for another collection, or with other values, does not apply; unused entries are listed', () => {
    const pagewatch = record();
    pagewatch.requests[0]!.code = 500;
    assert.equal(applyAllowList('other', compareRuns(record(), pagewatch), [entry]).unexplained.length, 1);
    const outcome = applyAllowList('c', compareRuns(record(), pagewatch), [entry]);
    assert.equal(outcome.unexplained.length, 1);
    assert.deepEqual(outcome.unused, [entry]);
  });
});

test('formatConformanceTable: one row per collection, Newman / pagewatch side by side', () => {
  const failing = record({ status: 'failure' });
  failing.requests[0]!.assertions[0]!.passed = false;
  const table = formatConformanceTable([
    { collection: 'a', newman: record(), pagewatch: record(), result: 'same' },
    { collection: 'b|c', newman: record(), pagewatch: failing, result: 'DIFFERENT (2)', notes: ['v1'] },
  ]);
  assert.equal(
    table,
    [
      '| collection | requests N/P | assertions N/P | status N/P | result |',
      '|---|---|---|---|---|',
      '| a | 2 / 2 | 2 / 2 | success / success | same |',
      '| b\\|c | 2 / 2 | 2 / 2 (1 failed) | success / failure | DIFFERENT (2); v1 |',
      '',
      '2 collections: 1 same, 0 with allowed differences, 1 failing.',
    ].join('\n'),
  );
});
