/**
 * Known bug 2 of the fault suite (docs/faults.md): a run whose bookkeeping met SQLite's write lock past
 * busy_timeout was left `queued`/`running` and never judged. Here another connection on the same file holds the
 * write lock (BEGIN IMMEDIATE) while the run handler records a run; busy_timeout is 50 ms, so every write of the
 * handler fails with SQLITE_BUSY until the lock goes.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, test } from 'node:test';
import Database from 'better-sqlite3';
import { createMetrics } from '../../src/observability/metrics.js';
import type { RunJob, RunQueue } from '../../src/queue/run-queue.js';
import type { RunStatus } from '../../src/runner/run-result.js';
import { createSecretBox } from '../../src/secrets/secret-box.js';
import { createIntegration } from '../../src/services/integration-service.js';
import { createMonitor, runMonitorNow } from '../../src/services/monitor-service.js';
import { createRunHandler, type RunHandlerOptions } from '../../src/services/run-service.js';
import type { ServerContext } from '../../src/services/server-context.js';
import { openStore, type Store } from '../../src/store/open-store.js';
import { getRun } from '../../src/store/repositories/run-repository.js';
import { systemClock } from '../../src/util/clock.js';
import { healthCollection } from '../helpers/collections.js';
import { runResultFixture, TEST_INTEGRATION_KEY } from '../helpers/fixtures.js';
import { captureLogger } from '../helpers/capture-logger.js';

const BUSY_TIMEOUT_MS = 50;
/** Quick retries, so a test waits for its lock and not for production backoff. */
const QUICK_RETRY = { retries: 1_000, minDelayMs: 20, maxDelayMs: 100, maxTotalMs: 20_000 };

interface World {
  context: ServerContext;
  file: string;
  logs: string[];
  monitorId: string;
  queued: RunJob[];
  /** Called inside the fake runner, i.e. after the run's start was recorded and before its verdict. */
  duringRun?: () => void;
  runStatus: RunStatus;
}

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

async function createWorld(): Promise<World> {
  const dir = await mkdtemp(join(tmpdir(), 'pagewatch-busy-'));
  const file = join(dir, 'pagewatch.db');
  const store: Store = await openStore({ url: file, busyTimeoutMs: BUSY_TIMEOUT_MS });
  cleanups.push(async () => {
    await store.close();
    await rm(dir, { recursive: true, force: true });
  });
  const { logger, lines: logs } = captureLogger();
  const queued: RunJob[] = [];
  const queue = {
    upsertSchedule: async () => ({ nextRunAt: new Date(Date.now() + 86_400_000).toISOString() }),
    enqueueRun: async (job: RunJob) => {
      queued.push(job);
    },
  } as unknown as RunQueue;
  const world = { file, logs, queued, runStatus: 'failure' } as World;
  world.context = {
    store,
    box: createSecretBox(randomBytes(32)),
    clock: systemClock,
    logger,
    metrics: createMetrics(),
    queue,
    dispatcher: { wake: () => undefined },
    runCollection: async () => {
      world.duringRun?.();
      return runResultFixture(world.runStatus);
    },
    region: 'local',
    source: 'pagewatch@test',
  };
  const monitor = await createMonitor(world.context, {
    name: 'Health API',
    collection: healthCollection('http://127.0.0.1:9'),
    schedule: { every: '24h' },
  });
  world.monitorId = monitor.id;
  await createIntegration(world.context, {
    type: 'pagerduty',
    name: 'On-call',
    config: { integrationKey: TEST_INTEGRATION_KEY, eventsUrl: 'http://127.0.0.1:9' },
    monitorIds: [monitor.id],
  });
  return world;
}

/** Takes SQLite's write lock from a second connection on the same file now; releases it after `ms`. */
function holdWriteLock(file: string, ms: number): Promise<void> {
  const other = new Database(file);
  other.exec('BEGIN IMMEDIATE');
  return new Promise((resolve) =>
    setTimeout(() => {
      other.exec('COMMIT');
      other.close();
      resolve();
    }, ms),
  );
}

function scheduledJob(world: World): RunJob {
  return {
    monitorId: world.monitorId,
    region: 'local',
    scheduledAt: new Date().toISOString(),
    trigger: 'schedule',
    attempt: 0,
  };
}

async function runsOf(world: World) {
  return world.context.store.db
    .selectFrom('runs')
    .select(['id', 'status', 'error', 'finished_at'])
    .where('monitor_id', '=', world.monitorId)
    .execute();
}

async function openIncidents(world: World) {
  return world.context.store.db
    .selectFrom('incidents')
    .select('id')
    .where('monitor_id', '=', world.monitorId)
    .where('status', '!=', 'resolved')
    .execute();
}

async function deliveries(world: World) {
  return world.context.store.db
    .selectFrom('deliveries')
    .select(['action', 'status'])
    .where('monitor_id', '=', world.monitorId)
    .execute();
}

async function handle(world: World, job: RunJob, options: RunHandlerOptions): Promise<void> {
  await createRunHandler(world.context, options)(job, { signal: new AbortController().signal });
}

describe('run service: a run whose bookkeeping meets SQLite locked past busy_timeout', () => {
  test('its verdict is retried with backoff and commits once the lock goes: run failed, one incident, one trigger', async () => {
    const world = await createWorld();
    let released: Promise<void> | undefined;
    world.duringRun = () => {
      released = holdWriteLock(world.file, 400);
    };
    const started = Date.now();
    await handle(world, scheduledJob(world), { storeRetry: QUICK_RETRY });
    assert.ok(released, 'the fake runner took the lock');
    await released;
    assert.ok(Date.now() - started >= 400, 'the verdict waited for the lock');

    const runs = await runsOf(world);
    assert.deepEqual(
      runs.map((run) => [run.status, run.error]),
      [['failure', null]],
    );
    assert.equal((await openIncidents(world)).length, 1);
    assert.deepEqual(await deliveries(world), [{ action: 'trigger', status: 'pending' }]);
    assert.ok(
      world.logs.some(
        (line) => line.includes('run verdict not recorded yet') && line.includes('SQLITE_BUSY'),
      ),
      'each retry is logged with the reason',
    );
  });

  test('a verdict that still cannot commit is marked error with the reason once the database is free, and not judged', async () => {
    const world = await createWorld();
    let released: Promise<void> | undefined;
    world.duringRun = () => {
      released = holdWriteLock(world.file, 1_000);
    };
    await handle(world, scheduledJob(world), {
      // The verdict gives up after 2 attempts (≈ 100 ms); marking the run waits out the rest of the lock.
      storeRetry: { retries: 1, minDelayMs: 10, maxDelayMs: 10 },
      errorMarkRetry: QUICK_RETRY,
    });
    await released;

    const [run, ...others] = await runsOf(world);
    assert.equal(others.length, 0);
    assert.equal(run?.status, 'error');
    assert.match(run?.error ?? '', /^could not be recorded: database is locked \(SQLITE_BUSY\)$/);
    assert.ok(run?.finished_at, 'the run is finished');
    assert.equal((await getRun(world.context.store.db, run.id))?.executions.length, 1, 'requests are kept');
    // Not judged: the next run judges the monitor again.
    assert.equal((await openIncidents(world)).length, 0);
    assert.deepEqual(await deliveries(world), []);
    assert.ok(world.logs.some((line) => line.includes('marked error, not judged')));
  });

  test('a manual run whose start meets the lock waits for it instead of staying queued', async () => {
    const world = await createWorld();
    const { runId } = await runMonitorNow(world.context, world.monitorId);
    const released = holdWriteLock(world.file, 400);
    await handle(world, world.queued[0]!, { storeRetry: QUICK_RETRY });
    await released;

    const runs = await runsOf(world);
    assert.deepEqual(
      runs.map((run) => [run.id, run.status]),
      [[runId, 'failure']],
    );
    assert.equal((await openIncidents(world)).length, 1);
    assert.ok(world.logs.some((line) => line.includes('run start not recorded yet')));
  });

  test('a scheduled run whose insert meets the lock is inserted once, then judged', async () => {
    const world = await createWorld();
    const released = holdWriteLock(world.file, 400);
    await handle(world, scheduledJob(world), { storeRetry: QUICK_RETRY });
    await released;

    assert.deepEqual(
      (await runsOf(world)).map((run) => run.status),
      ['failure'],
    );
    assert.deepEqual(await deliveries(world), [{ action: 'trigger', status: 'pending' }]);
  });

  test('a manual run whose start cannot be recorded is marked error, not left queued', async () => {
    const world = await createWorld();
    const { runId } = await runMonitorNow(world.context, world.monitorId);
    let ran = false;
    world.duringRun = () => {
      ran = true;
    };
    const released = holdWriteLock(world.file, 1_000);
    await handle(world, world.queued[0]!, {
      storeRetry: { retries: 1, minDelayMs: 10, maxDelayMs: 10 },
      errorMarkRetry: QUICK_RETRY,
    });
    await released;

    assert.equal(ran, false, 'the collection never ran');
    const runs = await runsOf(world);
    assert.deepEqual(
      runs.map((run) => [run.id, run.status, run.error]),
      [[runId, 'error', 'could not be started: database is locked (SQLITE_BUSY)']],
    );
    assert.equal((await openIncidents(world)).length, 0);
  });
});
