import { PagewatchError } from '../errors/pagewatch-error.js';
import type { IncidentEvent } from '../incidents/index.js';
import {
  monitorInputSchema,
  withDefaultOptions,
  type ValidMonitorInput,
} from '../monitors/monitor-input-schema.js';
import type { Monitor, MonitorStatus, Schedule } from '../monitors/monitor.js';
import { nextRunAt } from '../monitors/schedule.js';
import {
  deleteMonitor as deleteMonitorRows,
  getMonitor,
  getMonitorByName,
  insertMonitor,
  listMonitors,
  setMonitorEnabled,
  updateMonitor as updateMonitorRow,
  type LastRunSummary,
  type MonitorListItem,
} from '../store/repositories/monitor-repository.js';
import { monitorStats, type MonitorStats } from '../store/repositories/monitor-stats-repository.js';
import { insertQueuedRun, lastRunSummary } from '../store/repositories/run-repository.js';
import type { Page } from '../store/pagination.js';
import { newId } from '../util/ids.js';
import { judgeMonitor } from './judge-monitor.js';
import type { ServerContext } from './server-context.js';
import { validateInput } from './validate-input.js';

/** A monitor as the API shows it (API.md): the stored monitor plus status, last run and next run. */
export type MonitorView = Monitor & { status: MonitorStatus; lastRun: LastRunSummary | null };
export type MonitorListView = MonitorListItem & { status: MonitorStatus; stats?: MonitorStats };

export async function createMonitor(context: ServerContext, body: unknown): Promise<MonitorView> {
  const input = validateInput(monitorInputSchema, body, 'monitor');
  await assertNameFree(context, input.name);
  const at = new Date(context.clock.now()).toISOString();
  const monitor: Monitor = {
    id: newId('mon'),
    ...fromInput(input),
    nextRunAt: null,
    createdAt: at,
    updatedAt: at,
  };
  await insertMonitor(context.store.db, monitor);
  if (monitor.enabled) await context.queue.upsertSchedule(monitor.id, monitor.schedule);
  context.logger.info({ monitorId: monitor.id, name: monitor.name }, 'monitor created');
  return viewOf(context, monitor, null);
}

/** Replaces a monitor (PUT). Changing what is run resets the incident counters (`monitor-edited`). */
export async function replaceMonitor(
  context: ServerContext,
  id: string,
  body: unknown,
): Promise<MonitorView> {
  const existing = await requireMonitor(context, id);
  const input = validateInput(monitorInputSchema, body, 'monitor');
  if (input.name !== existing.name) await assertNameFree(context, input.name);
  const now = new Date(context.clock.now());
  const monitor: Monitor = { ...existing, ...fromInput(input), updatedAt: now.toISOString() };
  const changedRun =
    JSON.stringify([
      existing.collection,
      existing.environment,
      existing.iterationData,
      existing.schedule,
      existing.options,
    ]) !==
    JSON.stringify([
      monitor.collection,
      monitor.environment,
      monitor.iterationData,
      monitor.schedule,
      monitor.options,
    ]);
  await context.store.db.transaction().execute(async (trx) => {
    await updateMonitorRow(trx, monitor);
    if (changedRun) await judgeMonitor(context, trx, { monitor, event: { type: 'monitor-edited' }, now });
    if (existing.enabled !== monitor.enabled) {
      const event: IncidentEvent = { type: monitor.enabled ? 'monitor-resumed' : 'monitor-paused' };
      await judgeMonitor(context, trx, { monitor, event, now });
    }
  });
  if (monitor.enabled) await context.queue.upsertSchedule(monitor.id, monitor.schedule);
  else await context.queue.removeSchedule(monitor.id);
  context.dispatcher.wake();
  return viewOf(context, monitor, await lastRunSummary(context.store.db, monitor.id));
}

/** Partial update (PATCH): the given fields over the current monitor, then validated as a whole. */
export async function patchMonitor(context: ServerContext, id: string, body: unknown): Promise<MonitorView> {
  const existing = await requireMonitor(context, id);
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new PagewatchError('PW_ERR_VALIDATION', 'Invalid monitor: expected a JSON object.', [
      { path: '$', message: 'expected an object' },
    ]);
  }
  const { id: _id, nextRunAt: _next, createdAt: _c, updatedAt: _u, ...current } = existing;
  return replaceMonitor(context, id, { ...current, ...body });
}

export async function deleteMonitor(context: ServerContext, id: string): Promise<void> {
  const monitor = await requireMonitor(context, id);
  await context.queue.removeSchedule(id);
  const now = new Date(context.clock.now());
  // Resolve what is open first (reason "deleted"), in the same transaction as the delete of the monitor's links.
  await context.store.db
    .transaction()
    .execute((trx) => judgeMonitor(context, trx, { monitor, event: { type: 'monitor-deleted' }, now }));
  await deleteMonitorRows(context.store.db, id);
  context.dispatcher.wake();
  context.logger.info({ monitorId: id }, 'monitor deleted');
}

export async function pauseMonitor(context: ServerContext, id: string): Promise<MonitorView> {
  return setEnabled(context, id, false);
}

export async function resumeMonitor(context: ServerContext, id: string): Promise<MonitorView> {
  return setEnabled(context, id, true);
}

/** How far (ms) a manual run's due time may move past the request to find a free idempotency key. */
const MAX_MANUAL_RUN_SHIFT_MS = 1_000;

/** Queues a run now (202): the run id is returned at once and the run shows as `queued` until it starts. */
export async function runMonitorNow(context: ServerContext, id: string): Promise<{ runId: string }> {
  const monitor = await requireMonitor(context, id);
  const runId = newId('run');
  const queuedAt = new Date(context.clock.now()).toISOString();
  // A manual run is due when asked for; two asked for in the same millisecond would share the runs' idempotency
  // key (monitor, region, due time, attempt), so a later one takes the next free millisecond.
  let at = queuedAt;
  for (let offsetMs = 1; ; offsetMs += 1) {
    const inserted = await insertQueuedRun(context.store.db, {
      id: runId,
      monitorId: monitor.id,
      region: context.region,
      trigger: 'manual',
      scheduledAt: at,
      attempt: 0,
      queuedAt,
    });
    if (inserted) break;
    if (offsetMs > MAX_MANUAL_RUN_SHIFT_MS) throw new Error(`could not queue a manual run of ${monitor.id}`);
    at = new Date(Date.parse(queuedAt) + offsetMs).toISOString();
  }
  await context.queue.enqueueRun({
    monitorId: monitor.id,
    region: context.region,
    scheduledAt: at,
    trigger: 'manual',
    attempt: 0,
    runId,
  });
  return { runId };
}

export async function getMonitorView(context: ServerContext, id: string): Promise<MonitorView> {
  const monitor = await requireMonitor(context, id);
  return viewOf(context, monitor, await lastRunSummary(context.store.db, id));
}

export async function listMonitorViews(
  context: ServerContext,
  options: { limit: number; cursor?: string; includeBodies?: boolean; includeStats?: boolean },
): Promise<Page<MonitorListView>> {
  const { includeStats, ...listOptions } = options;
  const page = await listMonitors(context.store.db, listOptions);
  const now = new Date(context.clock.now());
  // Stats of the whole page come from one more grouped query, never one per monitor.
  const stats = includeStats
    ? await monitorStats(
        context.store.db,
        page.items.map((item) => item.id),
        now,
      )
    : undefined;
  return {
    nextCursor: page.nextCursor,
    items: page.items.map((item) => {
      const itemStats = stats?.get(item.id);
      return {
        ...item,
        status: statusOf(item.enabled, item.lastRun),
        nextRunAt: item.enabled ? nextRunAt(item.schedule, item.id, now).toISOString() : null,
        ...(itemStats ? { stats: itemStats } : {}),
      };
    }),
  };
}

async function setEnabled(context: ServerContext, id: string, enabled: boolean): Promise<MonitorView> {
  const monitor = await requireMonitor(context, id);
  if (monitor.enabled !== enabled) {
    const now = new Date(context.clock.now());
    await context.store.db.transaction().execute(async (trx) => {
      await setMonitorEnabled(trx, id, enabled, now);
      await judgeMonitor(context, trx, {
        monitor,
        event: { type: enabled ? 'monitor-resumed' : 'monitor-paused' },
        now,
      });
    });
    if (enabled) await context.queue.upsertSchedule(id, monitor.schedule);
    else await context.queue.removeSchedule(id);
    context.dispatcher.wake();
    context.logger.info({ monitorId: id }, enabled ? 'monitor resumed' : 'monitor paused');
  }
  return getMonitorView(context, id);
}

async function requireMonitor(context: ServerContext, id: string): Promise<Monitor> {
  const monitor = await getMonitor(context.store.db, id);
  if (!monitor)
    throw new PagewatchError('PW_ERR_NOT_FOUND', `No monitor ${id}.`, [{ path: 'id', message: 'not found' }]);
  return monitor;
}

async function assertNameFree(context: ServerContext, name: string): Promise<void> {
  if (await getMonitorByName(context.store.db, name)) {
    throw new PagewatchError('PW_ERR_CONFLICT', `A monitor named "${name}" already exists.`, [
      { path: 'name', message: 'already used by another monitor' },
    ]);
  }
}

function fromInput(
  input: ValidMonitorInput,
): Pick<
  Monitor,
  'name' | 'collection' | 'environment' | 'iterationData' | 'schedule' | 'options' | 'enabled'
> {
  return {
    name: input.name,
    collection: input.collection,
    environment: input.environment ?? null,
    iterationData: input.iterationData ?? null,
    schedule: toSchedule(input.schedule),
    options: withDefaultOptions(input.options),
    enabled: input.enabled ?? true,
  };
}

function toSchedule(schedule: ValidMonitorInput['schedule']): Schedule {
  if (schedule.every !== undefined) return { every: schedule.every };
  return { cron: schedule.cron ?? '', ...(schedule.timezone ? { timezone: schedule.timezone } : {}) };
}

function viewOf(context: ServerContext, monitor: Monitor, lastRun: LastRunSummary | null): MonitorView {
  const now = new Date(context.clock.now());
  return {
    ...monitor,
    nextRunAt: monitor.enabled ? nextRunAt(monitor.schedule, monitor.id, now).toISOString() : null,
    status: statusOf(monitor.enabled, lastRun),
    lastRun,
  };
}

function statusOf(enabled: boolean, lastRun: LastRunSummary | null): MonitorStatus {
  if (!enabled) return 'paused';
  if (!lastRun) return 'unknown';
  return lastRun.status === 'success' ? 'up' : 'down';
}
