import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { runCollection } from '../../src/runner/index.js';
import { collectionOf, healthCollection } from '../helpers/collections.js';
import { startTargetServer, type TargetServer } from '../helpers/target-server.js';

describe('runCollection', () => {
  let target: TargetServer;
  before(async () => {
    target = await startTargetServer();
  });
  after(() => target.close());

  test('all tests pass → success, with per-request status, timing, size and assertions', async () => {
    const result = await runCollection({ collection: healthCollection(target.url) });
    assert.equal(result.status, 'success');
    assert.deepEqual(result.stats, {
      requests: { total: 1, failed: 0 },
      assertions: { total: 2, failed: 0 },
    });
    const [execution] = result.executions;
    assert.equal(execution?.name, 'Get health');
    assert.equal(execution?.method, 'GET');
    assert.equal(execution?.url, `${target.url}/health`);
    assert.equal(execution?.status, 200);
    assert.ok((execution?.responseSize ?? 0) > 0);
    assert.equal(typeof execution?.responseTimeMs, 'number');
    assert.deepEqual(
      execution?.assertions.map((a) => [a.name, a.passed]),
      [
        ['status is 200', true],
        ['reports ok', true],
      ],
    );
    assert.ok(Date.parse(result.finishedAt) >= Date.parse(result.startedAt));
  });

  test('a failed test → failure, with the assertion message', async () => {
    target.setHealthy(false);
    try {
      const result = await runCollection({ collection: healthCollection(target.url) });
      assert.equal(result.status, 'failure');
      assert.deepEqual(result.stats.assertions, { total: 2, failed: 2 });
      const failed = result.executions[0]?.assertions[0];
      assert.equal(failed?.passed, false);
      assert.match(failed?.error ?? '', /expected response to have status code 200 but got 503/);
    } finally {
      target.setHealthy(true);
    }
  });

  test('connection refused → error naming the cause', async () => {
    const collection = collectionOf('Refused', [
      { name: 'Nobody home', url: 'http://127.0.0.1:1/x', tests: [] },
    ]);
    const result = await runCollection({ collection });
    assert.equal(result.status, 'error');
    assert.deepEqual(result.stats.requests, { total: 1, failed: 1 });
    assert.match(result.executions[0]?.error ?? '', /ECONNREFUSED/);
  });

  test('a script syntax error → error naming the script', async () => {
    const collection = collectionOf('Syntax', [
      { name: 'Broken', url: `${target.url}/health`, prerequest: ['this is bad('] },
    ]);
    const result = await runCollection({ collection });
    assert.equal(result.status, 'error');
    assert.match(result.executions[0]?.error ?? '', /^pre-request script: SyntaxError/);
  });

  test('a script that loops forever hits the script timeout → error', async () => {
    const collection = collectionOf('Loop', [
      {
        name: 'Spin',
        url: `${target.url}/health`,
        tests: ['while (true) {}', 'pm.test("never", () => {});'],
      },
    ]);
    const result = await runCollection({ collection }, { scriptTimeoutMs: 300 });
    assert.equal(result.status, 'error');
    assert.match(result.executions[0]?.error ?? '', /test script: did not finish within the script timeout/);
  });

  test('a request slower than the request timeout → error', async () => {
    const collection = collectionOf('Slow', [{ name: 'Slow', url: `${target.url}/delay/2000` }]);
    const result = await runCollection({ collection }, { requestTimeoutMs: 200 });
    assert.equal(result.status, 'error');
    assert.match(result.executions[0]?.error ?? '', /ETIMEDOUT|ESOCKETTIMEDOUT|timeout/i);
  });

  test('the whole-run cap stops the run → abort', async () => {
    const collection = collectionOf('Long', [
      { name: 'One', url: `${target.url}/delay/300` },
      { name: 'Two', url: `${target.url}/delay/300` },
      { name: 'Three', url: `${target.url}/delay/300` },
    ]);
    const result = await runCollection({ collection }, { runTimeoutMs: 400 });
    assert.equal(result.status, 'abort');
    assert.match(result.error ?? '', /run time limit/);
    assert.ok(
      result.stats.requests.total < 3,
      `expected the run to stop early, ran ${result.stats.requests.total}`,
    );
  });

  test('environment, globals and iteration data reach the requests', async () => {
    const collection = collectionOf('Vars', [
      {
        name: 'Echo {{who}}',
        method: 'GET',
        url: '{{baseUrl}}/echo?who={{who}}&g={{g}}',
        tests: [
          'pm.test("echoed " + pm.iterationData.get("who"), () => pm.expect(pm.response.json().query.who).to.equal(pm.iterationData.get("who")));',
        ],
      },
    ]);
    const result = await runCollection({
      collection,
      environment: { values: [{ key: 'baseUrl', value: target.url }] },
      globals: { values: [{ key: 'g', value: 'global-value' }] },
      iterationData: [{ who: 'alice' }, { who: 'bob' }],
    });
    assert.equal(result.status, 'success');
    assert.deepEqual(
      result.executions.map((e) => [e.iteration, e.assertions[0]?.name]),
      [
        [0, 'echoed alice'],
        [1, 'echoed bob'],
      ],
    );
    assert.match(result.executions[1]?.url ?? '', /who=bob&g=global-value$/);
  });

  test('iterationCount repeats the collection', async () => {
    const result = await runCollection({ collection: healthCollection(target.url) }, { iterationCount: 3 });
    assert.equal(result.stats.requests.total, 3);
    assert.deepEqual(
      result.executions.map((e) => e.iteration),
      [0, 1, 2],
    );
  });

  test('an undefined {{variable}} is sent literally and reported as a warning', async () => {
    const collection = collectionOf('Unresolved', [{ name: 'Get', url: `${target.url}/echo?x={{novar}}` }]);
    const result = await runCollection({ collection });
    assert.equal(result.status, 'success');
    assert.deepEqual(result.warnings, [
      'Variable {{novar}} is not defined (environment, globals, collection or data); request "Get" sent it literally.',
    ]);
  });

  test('redirects are followed by default and not with followRedirects: false', async () => {
    const collection = collectionOf('Redirect', [
      {
        name: 'Go',
        url: `${target.url}/redirect`,
        tests: ['pm.test("code", () => pm.expect(pm.response.code).to.be.oneOf([200, 302]));'],
      },
    ]);
    const followed = await runCollection({ collection });
    const notFollowed = await runCollection({ collection }, { followRedirects: false });
    assert.equal(followed.executions[0]?.status, 200);
    assert.equal(notFollowed.executions[0]?.status, 302);
  });

  test('delay between requests spaces them out', async () => {
    const collection = collectionOf('Delayed', [
      { name: 'A', url: `${target.url}/health` },
      { name: 'B', url: `${target.url}/health` },
      { name: 'C', url: `${target.url}/health` },
    ]);
    const result = await runCollection({ collection }, { delayRequestMs: 150 });
    assert.equal(result.status, 'success');
    assert.ok(
      result.durationMs >= 300,
      `two delays of 150 ms must separate three requests (took ${result.durationMs} ms)`,
    );
  });

  test('console output of scripts is kept, capped', async () => {
    const collection = collectionOf('Console', [
      {
        name: 'Log',
        url: `${target.url}/health`,
        tests: ['for (let i = 0; i < 5; i++) console.log("line", i, { i });'],
      },
    ]);
    const result = await runCollection({ collection }, { maxConsoleLines: 3 });
    assert.deepEqual(result.console, [
      { level: 'log', message: 'line 0 { i: 0 }' },
      { level: 'log', message: 'line 1 { i: 1 }' },
      { level: 'log', message: 'line 2 { i: 2 }' },
    ]);
  });

  test('a v2.0 collection (string URLs, v2.0 schema) runs', async () => {
    const collection = {
      info: { name: 'v2.0', schema: 'https://schema.getpostman.com/json/collection/v2.0.0/collection.json' },
      item: [
        {
          name: 'Health',
          request: `${target.url}/health`,
          event: [
            { listen: 'test', script: { exec: ['tests["status is 200"] = responseCode.code === 200;'] } },
          ],
        },
      ],
    };
    const result = await runCollection({ collection });
    assert.equal(result.status, 'success');
    assert.deepEqual(result.executions[0]?.assertions, [{ name: 'status is 200', passed: true }]);
  });

  test('hostIpMap answers for a name instead of DNS', async () => {
    const mapped = target.url.replace('127.0.0.1', 'pw-mapped.invalid');
    const result = await runCollection(
      { collection: healthCollection(mapped) },
      { hostIpMap: { 'pw-mapped.invalid': '127.0.0.1' } },
    );
    assert.equal(result.status, 'success', result.executions[0]?.error);
    assert.equal(result.executions[0]?.url, `${mapped}/health`);
  });

  test('maxResponseBytes fails a request whose body is larger', async () => {
    const small = await runCollection(
      { collection: healthCollection(target.url) },
      { maxResponseBytes: 1_000_000 },
    );
    assert.equal(small.status, 'success');
    const capped = await runCollection({ collection: healthCollection(target.url) }, { maxResponseBytes: 4 });
    assert.equal(capped.status, 'error');
    assert.match(capped.executions[0]?.error ?? '', /size/i);
  });
});
