import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import { LOCAL_REGION, type Monitor } from '../monitors/monitor.js';
import type { RunJob, RunHandler } from '../queue/run-queue.js';
import type { RunResult } from '../runner/run-result.js';
import { getMonitor } from '../store/repositories/monitor-repository.js';
import type { Database } from '../store/schema.js';
import { finishRun, getRun, insertRun, startQueuedRun } from '../store/repositories/run-repository.js';
import { newId } from '../util/ids.js';
import { toVariableScopeJson } from '../runner/load-variables.js';
import { judgeMonitor } from './judge-monitor.js';
import type { ServerContext } from './server-context.js';
import { withStoreRetry, type StoreRetryInfo, type StoreRetryOptions } from './store-retry.js';

/** How long a run waits out database trouble (SQLite locked past busy_timeout, PostgreSQL restarting). */
export interface RunHandlerOptions {
  /**
   * Retries of a run's own store work (loading the monitor, recording the start, committing the verdict) on a
   * transient database error. Default `DEFAULT_STORE_RETRY` (store-retry.ts): backoff from 250 ms, for up to 60 s.
   */
  storeRetry?: StoreRetryOptions;
  /**
   * Retries of marking the run `error` when its verdict could still not be committed. Default
   * `DEFAULT_STORE_RETRY`. If that fails too, the run stays `running` until the next boot's reconciliation
   * records it as interrupted.
   */
  errorMarkRetry?: StoreRetryOptions;
}

/**
 * The queue's run handler: runs a monitor's collection (re-running a failed run up to `options.retries` times,
 * each attempt stored as its own run), then stores the final verdict and judges it against every attached
 * integration in ONE transaction, so a verdict's incident changes and outbox events commit together. Database
 * trouble that passes (a lock held past busy_timeout, a restart) is waited out with backoff; a run whose verdict
 * still cannot be committed is marked `error` with the reason, never left `running`.
 */
export function createRunHandler(context: ServerContext, options: RunHandlerOptions = {}): RunHandler {
  return async (job, { signal }) => {
    const monitor = await withStoreRetry(() => getMonitor(context.store.db, job.monitorId), {
      ...options.storeRetry,
      signal,
    });
    if (!monitor) return; // deleted since the job was queued
    if (job.trigger === 'schedule' && !monitor.enabled) return;
    let attempt = job.attempt;
    for (;;) {
      // A retry is a run of its own: a new id (not the queued manual run's), trigger `retry`, the next attempt.
      const { runId: _queuedRunId, ...slot } = job;
      const attemptJob: RunJob = attempt > job.attempt ? { ...slot, attempt, trigger: 'retry' } : job;
      const verdict = await runAttempt(context, options, monitor, attemptJob, signal);
      if (verdict === 'skipped') return;
      if (verdict.status === 'success' || attempt >= job.attempt + monitor.options.retries) return;
      attempt += 1;
    }
  };
}

/** Records a slot skipped because the monitor's previous run was still going. */
export async function recordOverlap(context: ServerContext, job: RunJob): Promise<void> {
  const now = new Date(context.clock.now()).toISOString();
  await insertRun(context.store.db, {
    id: newId('run'),
    monitorId: job.monitorId,
    region: job.region,
    trigger: job.trigger,
    scheduledAt: job.scheduledAt,
    attempt: job.attempt,
    status: 'overlap',
    startedAt: now,
    error: 'skipped: the previous run of this monitor was still running',
  });
  context.logger.warn(
    { monitorId: job.monitorId, scheduledAt: job.scheduledAt },
    'run skipped: previous run still running',
  );
}

async function runAttempt(
  context: ServerContext,
  options: RunHandlerOptions,
  monitor: Monitor,
  job: RunJob,
  signal: AbortSignal,
): Promise<RunResult | 'skipped'> {
  // A manual run was recorded as `queued` when it was asked for (its id was returned); other runs start here.
  const runId = job.runId ?? newId('run');
  const log = context.logger.child({ monitorId: monitor.id, runId });
  const startedAt = new Date(context.clock.now()).toISOString();
  const retrying = (what: string) => ({
    ...options.storeRetry,
    signal,
    onRetry: ({ attempt, error }: StoreRetryInfo) =>
      log.warn({ err: error, attempt }, `${what} not recorded yet (database busy or unreachable); retrying`),
  });
  let started: boolean;
  try {
    started = await withStoreRetry(
      (attempt) => recordStart(context, monitor, job, runId, startedAt, attempt),
      retrying('run start'),
    );
  } catch (error) {
    // A manual run shows as `queued` in the API: it is marked, so it does not stay queued until the next boot.
    const unrun = job.runId
      ? notRunResult(startedAt, new Date(context.clock.now()).toISOString())
      : undefined;
    await markUnrecorded(context, options, log, { runId, result: unrun, what: 'started', error, signal });
    return 'skipped';
  }
  if (!started) {
    log.info({ scheduledAt: job.scheduledAt, attempt: job.attempt }, 'run skipped: this slot already ran');
    return 'skipped';
  }
  const result = await context.runCollection(
    {
      collection: monitor.collection,
      ...(monitor.environment
        ? { environment: toVariableScopeJson(monitor.environment, `monitor ${monitor.name}`, 'environment') }
        : {}),
      ...(monitor.iterationData ? { iterationData: monitor.iterationData } : {}),
    },
    { ...monitor.options, signal },
  );
  if (signal.aborted) {
    // The server is stopping: this run says nothing about the API, so it is recorded but never judged (no page).
    await finishRun(context.store.db, runId, {
      ...result,
      status: 'error',
      error: 'interrupted: pagewatch stopped during the run',
    });
    log.warn({ durationMs: result.durationMs }, 'run interrupted by shutdown; not judged');
    return 'skipped';
  }
  const isFinal = result.status === 'success' || job.attempt >= monitor.options.retries;
  const now = new Date(context.clock.now());
  let actions: string[];
  try {
    // Repeatable: a failed attempt was rolled back, and the judgement reads the incident state inside the
    // transaction. Only a commit whose answer was lost (PostgreSQL connection cut during COMMIT) is recognised
    // and not judged twice. That check reads before the transaction, not in it: on SQLite a transaction that
    // reads and then writes fails at once while another connection holds the write lock, without busy_timeout.
    actions = await withStoreRetry(
      async (attempt) =>
        attempt > 1 && (await isRecorded(context.store.db, runId, result))
          ? []
          : context.store.db.transaction().execute(async (trx) => {
              await finishRun(trx, runId, result);
              // A failed attempt that will be retried is history, not a verdict: it does not move incidents.
              if (!isFinal) return [];
              return judgeMonitor(context, trx, {
                monitor,
                event: { type: 'run', status: result.status },
                result,
                now,
              });
            }),
      retrying('run verdict'),
    );
  } catch (error) {
    await markUnrecorded(context, options, log, { runId, result, what: 'recorded', error, signal });
    return 'skipped';
  }
  context.metrics.runsTotal.inc({ status: result.status });
  context.metrics.runDurationSeconds.observe(result.durationMs / 1000);
  log.info(
    {
      status: result.status,
      durationMs: result.durationMs,
      attempt: job.attempt,
      ...(actions.length ? { actions } : {}),
    },
    'run finished',
  );
  if (actions.length) context.dispatcher.wake();
  return result;
}

/**
 * Records the start of a run: a queued manual run becomes `running`, another run is inserted. False when the slot
 * already ran. On a retry, "already started" may be this run's own earlier attempt whose commit was not heard.
 */
async function recordStart(
  context: ServerContext,
  monitor: Monitor,
  job: RunJob,
  runId: string,
  startedAt: string,
  attempt: number,
): Promise<boolean> {
  const db = context.store.db;
  const started = job.runId
    ? await startQueuedRun(db, job.runId, startedAt)
    : await insertRun(db, {
        id: runId,
        monitorId: monitor.id,
        region: job.region || LOCAL_REGION,
        trigger: job.trigger,
        scheduledAt: job.scheduledAt,
        attempt: job.attempt,
        status: 'running',
        startedAt,
      });
  if (started || attempt === 1) return started;
  const stored = await getRun(db, runId);
  return stored?.status === 'running' && stored.startedAt === startedAt;
}

/** Whether this exact result is already stored (an earlier attempt committed it). */
async function isRecorded(db: Kysely<Database>, runId: string, result: RunResult): Promise<boolean> {
  const stored = await getRun(db, runId);
  return stored?.status === result.status && stored.finishedAt === result.finishedAt;
}

/**
 * The run's bookkeeping failed for good (retries spent, or an error that is not transient). The run is marked
 * `error` with the reason, unjudged like an interrupted run: the next run judges the monitor again. A scheduled
 * run that could not even be inserted has nothing to mark. If marking fails too (or the server is stopping), the
 * run stays `running` until the next boot's reconciliation records it as interrupted.
 */
async function markUnrecorded(
  context: ServerContext,
  options: RunHandlerOptions,
  log: Logger,
  failure: {
    runId: string;
    result: RunResult | undefined;
    what: string;
    error: unknown;
    signal: AbortSignal;
  },
): Promise<void> {
  const reason = `could not be ${failure.what}: ${describeError(failure.error)}`;
  const { result, signal } = failure;
  if (!result || signal.aborted) {
    log.error({ err: failure.error }, `run ${reason}; not judged`);
    return;
  }
  try {
    const marked = await withStoreRetry(
      async () => {
        // Only a run still open: a verdict whose commit answer was lost may have been recorded after all. Read
        // before the transaction, as in the verdict's retries.
        const stored = await getRun(context.store.db, failure.runId);
        if (!stored || !['queued', 'running'].includes(stored.status)) return false;
        await context.store.db
          .transaction()
          .execute((trx) => finishRun(trx, failure.runId, { ...result, status: 'error', error: reason }));
        return true;
      },
      { ...options.errorMarkRetry, signal },
    );
    if (marked) context.metrics.runsTotal.inc({ status: 'error' });
    log.error({ err: failure.error }, `run ${reason}; marked error, not judged`);
  } catch (markError) {
    log.error(
      { err: markError, reason },
      `run ${reason}, nor marked error; the next boot records it as interrupted`,
    );
  }
}

/** The result of a run that never ran (its start could not be recorded). */
function notRunResult(startedAt: string, finishedAt: string): RunResult {
  return {
    status: 'error',
    startedAt,
    finishedAt,
    durationMs: 0,
    stats: { requests: { total: 0, failed: 0 }, assertions: { total: 0, failed: 0 } },
    executions: [],
  };
}

function describeError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' && !error.message.includes(code)
    ? `${error.message} (${code})`
    : error.message;
}
