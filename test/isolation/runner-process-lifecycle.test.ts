import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { ProcessRunnerPool } from '../../src/runner/isolation/index.js';
import { collectionOf, healthCollection } from '../helpers/collections.js';
import { startTargetServer, type TargetServer } from '../helpers/target-server.js';
import { busyProcessPid } from './isolation-support.js';

const slowCollection = (baseUrl: string, ms: number): Record<string, unknown> =>
  collectionOf('Slow', [{ name: 'Slow', url: `${baseUrl}/delay/${ms}` }]);

describe('runner processes: death, replacement, wall clock, cancel, close', () => {
  let target: TargetServer;
  let pool: ProcessRunnerPool;
  const exits: { pid: number | undefined; reason: string; lostRuns: number }[] = [];
  before(async () => {
    target = await startTargetServer();
    pool = new ProcessRunnerPool({
      processes: 2,
      sandbox: { size: 1 },
      // Above the 1 s an aborted run may take to finish, so a run's own cap always wins over the kill.
      wallClockGraceMs: 2_000,
      onWorkerExit: (event) => exits.push(event),
    });
    await pool.whenReady();
  });
  after(async () => {
    await pool.close();
    await target.close();
  });

  test('a runner process SIGKILLed mid-run: that run is an error naming it; it is replaced; the next run passes', async () => {
    const replacedBefore = pool.stats().replaced;
    const running = pool.run({ collection: slowCollection(target.url, 5_000) });
    const pid = await busyProcessPid(pool);
    process.kill(pid, 'SIGKILL');
    const result = await running;
    assert.equal(result.status, 'error');
    assert.equal(result.error, `runner process ${pid} killed by SIGKILL`);
    assert.deepEqual(exits.at(-1), { pid, reason: `runner process ${pid} killed by SIGKILL`, lostRuns: 1 });
    await pool.whenReady();
    assert.equal(pool.stats().replaced, replacedBefore + 1);
    assert.ok(!pool.stats().processes.some((p) => p.pid === pid));
    const next = await pool.run({ collection: healthCollection(target.url) });
    assert.equal(next.status, 'success', JSON.stringify(next));
  });

  test('a run past its wall-clock limit (a frozen runner) is killed and reported as such', async () => {
    await pool.whenReady();
    const running = pool.run({ collection: slowCollection(target.url, 5_000) }, { runTimeoutMs: 1_000 });
    const pid = await busyProcessPid(pool);
    // A stopped process cannot end its own run (its run cap is a timer in that process): only the pool can.
    process.kill(pid, 'SIGSTOP');
    const result = await running;
    assert.equal(result.status, 'error');
    assert.equal(
      result.error,
      `runner process ${pid} killed: the run exceeded its wall-clock limit of 3000 ms`,
    );
    await pool.whenReady();
    const next = await pool.run({ collection: healthCollection(target.url) });
    assert.equal(next.status, 'success');
  });

  test("a run's own cap still ends it first, as abort, without killing anything", async () => {
    await pool.whenReady();
    const replacedBefore = pool.stats().replaced;
    const result = await pool.run({ collection: slowCollection(target.url, 5_000) }, { runTimeoutMs: 500 });
    assert.equal(result.status, 'abort');
    assert.match(result.error ?? '', /run stopped after 500 ms/);
    assert.equal(pool.stats().replaced, replacedBefore);
  });

  test('an AbortSignal crosses as a cancel message: the run ends as abort', async () => {
    await pool.whenReady();
    const controller = new AbortController();
    const running = pool.run(
      { collection: slowCollection(target.url, 5_000) },
      { signal: controller.signal },
    );
    await busyProcessPid(pool);
    controller.abort();
    const result = await running;
    assert.equal(result.status, 'abort');
    assert.match(result.error ?? '', /cancelled/);
  });

  test('close() kills the runner processes: runs in flight end as error, later runs are refused', async () => {
    await pool.whenReady();
    const pids = pool.stats().processes.map((p) => p.pid);
    const running = pool.run({ collection: slowCollection(target.url, 5_000) });
    await busyProcessPid(pool);
    await pool.close();
    assert.match((await running).error ?? '', /runner process \d+ stopped: pagewatch is stopping/);
    const refused = await pool.run({ collection: healthCollection(target.url) });
    assert.equal(refused.status, 'error');
    assert.match(refused.error ?? '', /runner is closed/);
    for (const pid of pids) assert.throws(() => process.kill(pid as number, 0), /ESRCH/);
  });
});

describe('runner processes that cannot start', () => {
  test('runs fail with the reason instead of hanging, and restarts back off instead of spinning', async () => {
    // 1 MiB of data segment: node cannot even start.
    const pool = new ProcessRunnerPool({ processes: 1, memoryLimitMb: 1 });
    try {
      const result = await pool.run({ collection: healthCollection('http://127.0.0.1:9') });
      assert.equal(result.status, 'error');
      assert.match(result.error ?? '', /runner processes cannot start: runner process \d+ (crashed|killed)/);
      await new Promise((resolve) => setTimeout(resolve, 2_000));
      // 250 + 500 + 1 000 ms of backoff fit in 2 s: at most a handful of attempts, never hundreds.
      assert.ok(pool.stats().replaced <= 5, `replaced ${pool.stats().replaced} times in 2 s`);
    } finally {
      await pool.close();
    }
  });
});

describe('runner processes: more runs than they execute at once', () => {
  test('the extra runs wait in the pool (not in a process, where the wall clock would tick) and all complete', async () => {
    const target = await startTargetServer();
    const pool = new ProcessRunnerPool({
      processes: 1,
      sandbox: { size: 1 },
      maxConcurrentRunsPerProcess: 2,
    });
    try {
      await pool.whenReady();
      const runs = Array.from({ length: 5 }, () => pool.run({ collection: slowCollection(target.url, 300) }));
      await new Promise((resolve) => setTimeout(resolve, 100));
      assert.equal(pool.stats().processes[0]?.busy, 2);
      assert.equal(pool.stats().waiting, 3);
      const results = await Promise.all(runs);
      assert.deepEqual(
        results.map((result) => result.status),
        ['success', 'success', 'success', 'success', 'success'],
      );
    } finally {
      await pool.close();
      await target.close();
    }
  });
});
