import { LOCAL_REGION, type Monitor } from '../monitors/monitor.js';
import type { RunJob, RunHandler } from '../queue/run-queue.js';
import type { RunResult } from '../runner/run-result.js';
import { getMonitor } from '../store/repositories/monitor-repository.js';
import { finishRun, insertRun, startQueuedRun } from '../store/repositories/run-repository.js';
import { newId } from '../util/ids.js';
import { toVariableScopeJson } from '../runner/load-variables.js';
import { judgeMonitor } from './judge-monitor.js';
import type { ServerContext } from './server-context.js';

/**
 * The queue's run handler: runs a monitor's collection (re-running a failed run up to `options.retries` times,
 * each attempt stored as its own run), then stores the final verdict and judges it against every attached
 * integration in ONE transaction, so a verdict's incident changes and outbox events commit together.
 */
export function createRunHandler(context: ServerContext): RunHandler {
  return async (job, { signal }) => {
    const monitor = await getMonitor(context.store.db, job.monitorId);
    if (!monitor) return; // deleted since the job was queued
    if (job.trigger === 'schedule' && !monitor.enabled) return;
    let attempt = job.attempt;
    for (;;) {
      // A retry is a run of its own: a new id (not the queued manual run's), trigger `retry`, the next attempt.
      const { runId: _queuedRunId, ...slot } = job;
      const attemptJob: RunJob = attempt > job.attempt ? { ...slot, attempt, trigger: 'retry' } : job;
      const verdict = await runAttempt(context, monitor, attemptJob, signal);
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
  monitor: Monitor,
  job: RunJob,
  signal: AbortSignal,
): Promise<RunResult | 'skipped'> {
  // A manual run was recorded as `queued` when it was asked for (its id was returned); other runs start here.
  const runId = job.runId ?? newId('run');
  const log = context.logger.child({ monitorId: monitor.id, runId });
  const startedAt = new Date(context.clock.now()).toISOString();
  const inserted = job.runId
    ? await startQueuedRun(context.store.db, job.runId, startedAt)
    : await insertRun(context.store.db, {
        id: runId,
        monitorId: monitor.id,
        region: job.region || LOCAL_REGION,
        trigger: job.trigger,
        scheduledAt: job.scheduledAt,
        attempt: job.attempt,
        status: 'running',
        startedAt,
      });
  if (!inserted) {
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
  const actions = await context.store.db.transaction().execute(async (trx) => {
    await finishRun(trx, runId, result);
    // A failed attempt that will be retried is history, not a verdict: it does not move incidents.
    if (!isFinal) return [];
    return judgeMonitor(context, trx, {
      monitor,
      event: { type: 'run', status: result.status },
      result,
      now,
    });
  });
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
