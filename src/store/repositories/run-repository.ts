import type { Kysely, Selectable } from 'kysely';
import type { RunSummary, RunTrigger, StoredRun, StoredRunStatus } from '../../monitors/run.js';
import type { AssertionResult, ConsoleLine, RunResult } from '../../runner/run-result.js';
import { beforeCursor, toPage, type Page } from '../pagination.js';
import type { Database, RunsTable } from '../schema.js';
import { FINISHED_RUN_STATUSES } from './monitor-repository.js';

type Db = Kysely<Database>;

export interface NewRun {
  id: string;
  monitorId: string;
  region: string;
  trigger: RunTrigger;
  scheduledAt: string;
  attempt: number;
  /** `running` for a run that starts now, `overlap` for a skipped slot. */
  status: 'running' | 'overlap';
  startedAt: string;
  error?: string;
}

/**
 * Records the start of a run. Returns false when (monitor, region, scheduledAt, attempt) already exists: the same
 * slot was already run (a schedule that fired twice), so the caller must not run it again.
 */
export async function insertRun(db: Db, run: NewRun): Promise<boolean> {
  const result = await db
    .insertInto('runs')
    .values(
      newRunRow(run, {
        status: run.status,
        startedAt: run.startedAt,
        // A skipped slot is finished the moment it is recorded.
        finishedAt: run.status === 'overlap' ? run.startedAt : null,
        error: run.error ?? null,
      }),
    )
    .onConflict((conflict) =>
      conflict.columns(['monitor_id', 'region', 'scheduled_at', 'attempt']).doNothing(),
    )
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
}

/** Stores a finished run's result and its per-request rows (bodies are never kept). Call inside the run's transaction. */
export async function finishRun(db: Db, runId: string, result: RunResult): Promise<void> {
  await db
    .updateTable('runs')
    .set({
      status: result.status,
      started_at: result.startedAt,
      finished_at: result.finishedAt,
      duration_ms: Math.round(result.durationMs),
      requests_total: result.stats.requests.total,
      requests_failed: result.stats.requests.failed,
      assertions_total: result.stats.assertions.total,
      assertions_failed: result.stats.assertions.failed,
      error: result.error ?? null,
      console: result.console?.length ? JSON.stringify(result.console) : null,
      warnings: result.warnings?.length ? JSON.stringify(result.warnings) : null,
    })
    .where('id', '=', runId)
    .execute();
  if (result.executions.length === 0) return;
  await db
    .insertInto('run_requests')
    .values(
      result.executions.map((execution, position) => ({
        run_id: runId,
        position,
        name: execution.name,
        method: execution.method,
        url: execution.url,
        status: execution.status ?? null,
        response_time_ms: execution.responseTimeMs ?? null,
        response_size: execution.responseSize ?? null,
        iteration: execution.iteration,
        assertions: JSON.stringify(execution.assertions),
        error: execution.error ?? null,
      })),
    )
    .execute();
}

export async function getRun(db: Db, id: string): Promise<StoredRun | undefined> {
  const row = await db.selectFrom('runs').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) return undefined;
  const requests = await db
    .selectFrom('run_requests')
    .selectAll()
    .where('run_id', '=', id)
    .orderBy('position')
    .execute();
  return {
    ...summaryFromRow(row),
    executions: requests.map((request) => ({
      name: request.name,
      method: request.method,
      url: request.url,
      ...(request.status !== null ? { status: request.status } : {}),
      ...(request.response_time_ms !== null ? { responseTimeMs: request.response_time_ms } : {}),
      ...(request.response_size !== null ? { responseSize: request.response_size } : {}),
      iteration: request.iteration,
      assertions: JSON.parse(request.assertions) as AssertionResult[],
      ...(request.error !== null ? { error: request.error } : {}),
    })),
    ...(row.console ? { console: JSON.parse(row.console) as ConsoleLine[] } : {}),
  };
}

/** A monitor's runs, newest first. */
export async function listRuns(
  db: Db,
  monitorId: string,
  options: { limit: number; cursor?: string; status?: StoredRunStatus },
): Promise<Page<RunSummary>> {
  let query = db
    .selectFrom('runs')
    .selectAll()
    .where('monitor_id', '=', monitorId)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(options.limit + 1);
  if (options.status) query = query.where('status', '=', options.status);
  if (options.cursor) query = query.where(beforeCursor('created_at', 'id', options.cursor));
  const page = toPage(await query.execute(), options.limit, (row) => ({ at: row.created_at, id: row.id }));
  return { items: page.items.map(summaryFromRow), nextCursor: page.nextCursor };
}

/** The verdict of a monitor's last finished run, or null when it has none. */
export async function lastRunStatus(db: Db, monitorId: string): Promise<RunResult['status'] | null> {
  return ((await lastRunSummary(db, monitorId))?.status as RunResult['status'] | undefined) ?? null;
}

/** Runs left `running` by a process that died: recorded as errors, so history says what happened. */
export async function failInterruptedRuns(db: Db, now: Date): Promise<number> {
  const result = await db
    .updateTable('runs')
    .set({
      status: 'error',
      finished_at: now.toISOString(),
      error: 'interrupted: pagewatch stopped during the run',
    })
    .where('status', 'in', ['running', 'queued'])
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/** Deletes runs (and their request rows) created before `before`, in batches; returns how many went. */
export async function pruneRuns(db: Db, before: Date, batchSize = 1_000): Promise<number> {
  let total = 0;
  for (;;) {
    const ids = (
      await db
        .selectFrom('runs')
        .select('id')
        .where('created_at', '<', before.toISOString())
        .limit(batchSize)
        .execute()
    ).map((row) => row.id);
    if (ids.length === 0) return total;
    await db.transaction().execute(async (trx) => {
      await trx.deleteFrom('run_requests').where('run_id', 'in', ids).execute();
      await trx.deleteFrom('runs').where('id', 'in', ids).execute();
    });
    total += ids.length;
  }
}

function summaryFromRow(row: Selectable<RunsTable>): RunSummary {
  return {
    id: row.id,
    monitorId: row.monitor_id,
    region: row.region,
    trigger: row.trigger as RunTrigger,
    scheduledAt: row.scheduled_at,
    attempt: row.attempt,
    status: row.status as StoredRunStatus,
    startedAt: row.started_at,
    finishedAt: row.finished_at,
    durationMs: row.duration_ms,
    stats: {
      requests: { total: row.requests_total, failed: row.requests_failed },
      assertions: { total: row.assertions_total, failed: row.assertions_failed },
    },
    ...(row.error !== null ? { error: row.error } : {}),
    ...(row.warnings ? { warnings: JSON.parse(row.warnings) as string[] } : {}),
  };
}

/** Records a run that is queued now (manual runs), so its id can be returned before it starts. */
/**
 * Records a run that is queued but not started (a manual "run now"). Returns false, writing nothing, when a run of
 * the same monitor, region, due time and attempt exists already (the runs_idempotency key).
 */
export async function insertQueuedRun(
  db: Db,
  run: Omit<NewRun, 'status' | 'startedAt'> & { queuedAt: string },
): Promise<boolean> {
  const result = await db
    .insertInto('runs')
    .values({
      ...newRunRow(run, { status: 'queued', startedAt: null, finishedAt: null, error: null }),
      created_at: run.queuedAt,
    })
    .onConflict((conflict) =>
      conflict.columns(['monitor_id', 'region', 'scheduled_at', 'attempt']).doNothing(),
    )
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0n) > 0;
}

/** The row of a run that has not produced a result yet. */
function newRunRow(
  run: Pick<NewRun, 'id' | 'monitorId' | 'region' | 'trigger' | 'scheduledAt' | 'attempt'>,
  state: { status: string; startedAt: string | null; finishedAt: string | null; error: string | null },
): RunsTable {
  return {
    id: run.id,
    monitor_id: run.monitorId,
    region: run.region,
    trigger: run.trigger,
    scheduled_at: run.scheduledAt,
    attempt: run.attempt,
    status: state.status,
    started_at: state.startedAt,
    finished_at: state.finishedAt,
    duration_ms: state.finishedAt ? 0 : null,
    requests_total: 0,
    requests_failed: 0,
    assertions_total: 0,
    assertions_failed: 0,
    error: state.error,
    console: null,
    warnings: null,
    created_at: state.startedAt ?? run.scheduledAt,
  };
}

/** Moves a queued run to running; false when it is not queued any more (already started elsewhere). */
export async function startQueuedRun(db: Db, runId: string, startedAt: string): Promise<boolean> {
  const result = await db
    .updateTable('runs')
    .set({ status: 'running', started_at: startedAt })
    .where('id', '=', runId)
    .where('status', '=', 'queued')
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** The last finished run of a monitor, as monitor views show it. */
export async function lastRunSummary(
  db: Db,
  monitorId: string,
): Promise<{ id: string; status: string; finishedAt: string | null } | null> {
  const row = await db
    .selectFrom('runs')
    .select(['id', 'status', 'finished_at'])
    .where('monitor_id', '=', monitorId)
    .where('status', 'in', [...FINISHED_RUN_STATUSES])
    .orderBy('created_at', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row ? { id: row.id, status: row.status, finishedAt: row.finished_at } : null;
}
