import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { createPooledRunner, type PooledRunner } from '../../src/runner/index.js';
import { KeepAliveAgents } from '../../src/runner/keep-alive-agents.js';
import { RunLimiter } from '../../src/runner/run-limiter.js';
import { collectionOf, healthCollection } from '../helpers/collections.js';
import { startTargetServer, type TargetServer } from '../helpers/target-server.js';

describe('pooled runner', () => {
  let target: TargetServer;
  let runner: PooledRunner;
  before(async () => {
    target = await startTargetServer();
    runner = createPooledRunner({ sandbox: { size: 2 }, maxConcurrentRuns: 16 });
  });
  after(async () => {
    await runner.close();
    await target.close();
  });

  test('runs a collection like runCollection: statuses, assertions, console', async () => {
    const passed = await runner.run({ collection: healthCollection(target.url) });
    assert.equal(passed.status, 'success');
    assert.deepEqual(passed.stats.assertions, { total: 2, failed: 0 });
    const logged = await runner.run({
      collection: collectionOf('Console', [
        { name: 'Log', url: `${target.url}/health`, tests: ['console.log("hello", { a: 1 });'] },
      ]),
    });
    assert.deepEqual(logged.console, [{ level: 'log', message: 'hello { a: 1 }' }]);
    const syntax = await runner.run({
      collection: collectionOf('Syntax', [
        { name: 'Broken', url: `${target.url}/health`, prerequest: ['bad('] },
      ]),
    });
    assert.equal(syntax.status, 'error');
    assert.match(syntax.executions[0]?.error ?? '', /^pre-request script: SyntaxError/);
  });

  test('16 concurrent runs share two contexts and each gets its own variables and results', async () => {
    const results = await Promise.all(
      Array.from({ length: 16 }, (_, i) =>
        runner.run({
          collection: collectionOf(`Run ${i}`, [
            {
              name: `Echo ${i}`,
              url: `${target.url}/health`,
              prerequest: [`pm.variables.set("me", ${i});`],
              tests: [
                `pm.test("sees only its own variable ${i}", () => pm.expect(pm.variables.get("me")).to.equal(${i}));`,
                'pm.test("status 200", () => pm.response.to.have.status(200));',
              ],
            },
          ]),
          environment: { values: [{ key: 'who', value: `env-${i}` }] },
        }),
      ),
    );
    results.forEach((result, i) => {
      assert.equal(result.status, 'success', `run ${i}: ${JSON.stringify(result.executions)}`);
      assert.equal(result.executions[0]?.assertions[0]?.name, `sees only its own variable ${i}`);
    });
    assert.ok(runner.stats().contexts <= 2);
  });

  test('a script that loops forever only costs its own context: replaced, other runs go on', async () => {
    const looping = runner.run(
      {
        collection: collectionOf('Loop', [
          { name: 'Spin', url: `${target.url}/health`, tests: ['while (true) {}'] },
        ]),
      },
      { scriptTimeoutMs: 300 },
    );
    const others = Array.from({ length: 4 }, () => runner.run({ collection: healthCollection(target.url) }));
    const [loopResult, ...otherResults] = await Promise.all([looping, ...others]);
    assert.equal(loopResult?.status, 'error');
    assert.match(loopResult?.executions[0]?.error ?? '', /did not finish within the script timeout/);
    for (const result of otherResults) assert.equal(result.status, 'success');
    assert.ok(runner.stats().replacedContexts >= 1);
    const after = await runner.run({ collection: healthCollection(target.url) });
    assert.equal(after.status, 'success');
  });

  test('result size is bounded: long assertion errors, console lines and run errors are cut', async () => {
    const result = await runner.run(
      {
        collection: collectionOf('Big', [
          {
            name: 'Loud',
            url: `${target.url}/health`,
            tests: [
              'console.log("x".repeat(10000));',
              'pm.test("fails loudly", () => { throw new Error("y".repeat(10000)); });',
              'for (let i = 0; i < 50; i++) pm.test("t" + i, () => {});',
            ],
          },
        ]),
      },
      { maxMessageChars: 100, maxAssertions: 10, maxConsoleLines: 1 },
    );
    assert.equal(result.console?.[0]?.message.length, 101);
    assert.ok(result.console?.[0]?.message.endsWith('…'));
    const [first] = result.executions[0]?.assertions ?? [];
    assert.equal(first?.error?.length, 101);
    assert.equal(result.executions[0]?.assertions.length, 10);
    assert.deepEqual(result.stats.assertions, { total: 51, failed: 1 });
  });

  test('APIs that could run code after the script ended are not available', async () => {
    const result = await runner.run({
      collection: collectionOf('Async APIs', [
        {
          name: 'Probe',
          url: `${target.url}/health`,
          tests: [
            'pm.test("no Atomics.waitAsync", () => pm.expect(typeof Atomics.waitAsync).to.equal("undefined"));',
            'pm.test("no AbortSignal.timeout", () => pm.expect(typeof AbortSignal.timeout).to.equal("undefined"));',
            'pm.test("no CompressionStream", () => pm.expect(typeof CompressionStream).to.equal("undefined"));',
          ],
        },
      ]),
    });
    assert.equal(result.status, 'success', JSON.stringify(result.executions[0]?.assertions));
  });

  test('after close(), runs end as errors instead of hanging', async () => {
    const closing = createPooledRunner({ sandbox: { size: 1 } });
    assert.equal((await closing.run({ collection: healthCollection(target.url) })).status, 'success');
    await closing.close();
    const result = await closing.run({ collection: healthCollection(target.url) });
    assert.equal(result.status, 'error');
    assert.match(result.error ?? '', /runner is closed/);
  });
});

describe('keep-alive agents', () => {
  test('sequential runs reuse one connection', async () => {
    let connections = 0;
    const server = createServer((_request, response) => response.end('ok'));
    server.on('connection', () => (connections += 1));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
    const runner = createPooledRunner({ sandbox: { size: 1 } });
    try {
      for (let i = 0; i < 3; i++) {
        const result = await runner.run({ collection: collectionOf('KA', [{ name: 'Get', url }]) });
        assert.equal(result.status, 'success');
      }
      assert.equal(connections, 1);
    } finally {
      await runner.close();
      server.closeAllConnections();
      server.close();
    }
  });

  test('strictSSL decides the HTTPS agent: runs that skip verification never share sockets with ones that verify', () => {
    const agents = new KeepAliveAgents();
    try {
      assert.equal(agents.forRun(true).http, agents.forRun(false).http);
      assert.notEqual(agents.forRun(true).https, agents.forRun(false).https);
      assert.equal(agents.forRun(true).https.options.rejectUnauthorized, true);
      assert.equal(agents.forRun(false).https.options.rejectUnauthorized, false);
    } finally {
      agents.destroy();
    }
  });
});

describe('RunLimiter', () => {
  test('runs at most `limit` tasks at once, the rest in arrival order', async () => {
    const limiter = new RunLimiter(2);
    let running = 0;
    let peak = 0;
    const order: number[] = [];
    const releases: (() => void)[] = [];
    const tasks = Array.from({ length: 5 }, (_, i) =>
      limiter.run(async () => {
        running += 1;
        peak = Math.max(peak, running);
        order.push(i);
        await new Promise<void>((resolve) => releases.push(resolve));
        running -= 1;
      }),
    );
    for (let released = 0; released < 5; released++) {
      while (releases.length === 0) await new Promise((resolve) => setImmediate(resolve));
      assert.ok(limiter.stats().running <= 2);
      releases.shift()?.();
    }
    await Promise.all(tasks);
    assert.equal(peak, 2);
    assert.deepEqual(order, [0, 1, 2, 3, 4]);
    assert.deepEqual(limiter.stats(), { running: 0, waiting: 0 });
  });
});
