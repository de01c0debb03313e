import type { Kysely, Selectable } from 'kysely';
import {
  DEFAULT_MONITOR_OPTIONS,
  type Monitor,
  type MonitorOptions,
  type Schedule,
} from '../../monitors/monitor.js';
import { beforeCursor, toPage, type Page } from '../pagination.js';
import type { Database, MonitorsTable } from '../schema.js';

/** A monitor's last finished run, as lists show it. */
export interface LastRunSummary {
  id: string;
  status: string;
  finishedAt: string | null;
}

/** What monitor lists carry: the monitor without its bodies (unless asked), plus its last run. */
export type MonitorListItem = Omit<Monitor, 'collection' | 'environment' | 'iterationData'> &
  Partial<Pick<Monitor, 'collection' | 'environment' | 'iterationData'>> & { lastRun: LastRunSummary | null };

type Db = Kysely<Database>;

/** Run statuses that are a verdict (not queued, running or a skipped overlap). */
export const FINISHED_RUN_STATUSES = ['success', 'failure', 'error', 'abort'] as const;

export async function insertMonitor(db: Db, monitor: Monitor): Promise<void> {
  await db.insertInto('monitors').values(toRow(monitor)).execute();
}

export async function updateMonitor(db: Db, monitor: Monitor): Promise<void> {
  const { id, created_at: _createdAt, ...changes } = toRow(monitor);
  await db.updateTable('monitors').set(changes).where('id', '=', id).execute();
}

export async function getMonitor(db: Db, id: string): Promise<Monitor | undefined> {
  const row = await db.selectFrom('monitors').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? fromRow(row) : undefined;
}

export async function getMonitorByName(db: Db, name: string): Promise<Monitor | undefined> {
  const row = await db.selectFrom('monitors').selectAll().where('name', '=', name).executeTakeFirst();
  return row ? fromRow(row) : undefined;
}

/** Every enabled monitor's id and schedule: what the scheduler loads on boot. */
export async function listEnabledSchedules(db: Db): Promise<{ id: string; schedule: Schedule }[]> {
  const rows = await db.selectFrom('monitors').select(['id', 'schedule']).where('enabled', '=', 1).execute();
  return rows.map((row) => ({ id: row.id, schedule: JSON.parse(row.schedule) as Schedule }));
}

export async function listAllMonitorIds(db: Db): Promise<string[]> {
  return (await db.selectFrom('monitors').select('id').execute()).map((row) => row.id);
}

export async function setMonitorEnabled(db: Db, id: string, enabled: boolean, now: Date): Promise<void> {
  await db
    .updateTable('monitors')
    .set({
      enabled: enabled ? 1 : 0,
      updated_at: now.toISOString(),
      ...(enabled ? {} : { next_run_at: null }),
    })
    .where('id', '=', id)
    .execute();
}

export async function setMonitorNextRunAt(db: Db, id: string, nextRunAt: string | null): Promise<void> {
  await db.updateTable('monitors').set({ next_run_at: nextRunAt }).where('id', '=', id).execute();
}

/** Deletes the monitor, its runs and its integration links (incidents stay as history). */
export async function deleteMonitor(db: Db, id: string): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const runIds = trx.selectFrom('runs').select('id').where('monitor_id', '=', id);
    await trx.deleteFrom('run_requests').where('run_id', 'in', runIds).execute();
    await trx.deleteFrom('runs').where('monitor_id', '=', id).execute();
    await trx.deleteFrom('integration_monitors').where('monitor_id', '=', id).execute();
    await trx.deleteFrom('monitors').where('id', '=', id).execute();
  });
}

/**
 * A page of monitors, newest first, each with its last finished run — one query, whatever the number of monitors
 * (the last run comes from a correlated subquery on the (monitor_id, created_at) index).
 */
export async function listMonitors(
  db: Db,
  options: { limit: number; cursor?: string; includeBodies?: boolean },
): Promise<Page<MonitorListItem>> {
  let query = db
    .selectFrom('monitors as m')
    .leftJoin('runs as r', (join) =>
      join.on('r.id', '=', (eb) =>
        eb
          .selectFrom('runs as lr')
          .select('lr.id')
          .whereRef('lr.monitor_id', '=', 'm.id')
          .where('lr.status', 'in', [...FINISHED_RUN_STATUSES])
          .orderBy('lr.created_at', 'desc')
          .limit(1),
      ),
    )
    .selectAll('m')
    .select(['r.id as last_run_id', 'r.status as last_run_status', 'r.finished_at as last_run_finished_at'])
    .orderBy('m.created_at', 'desc')
    .orderBy('m.id', 'desc')
    .limit(options.limit + 1);
  if (options.cursor) query = query.where(beforeCursor('m.created_at', 'm.id', options.cursor));
  const rows = await query.execute();
  const items = rows.map((row): MonitorListItem => {
    const { collection, environment, iterationData, ...monitor } = fromRow(row);
    return {
      ...monitor,
      ...(options.includeBodies ? { collection, environment, iterationData } : {}),
      lastRun: row.last_run_id
        ? {
            id: row.last_run_id,
            status: row.last_run_status ?? 'unknown',
            finishedAt: row.last_run_finished_at ?? null,
          }
        : null,
    };
  });
  return toPage(items, options.limit, (item) => ({ at: item.createdAt, id: item.id }));
}

function toRow(monitor: Monitor): MonitorsTable {
  return {
    id: monitor.id,
    name: monitor.name,
    collection: JSON.stringify(monitor.collection),
    environment: monitor.environment ? JSON.stringify(monitor.environment) : null,
    iteration_data: monitor.iterationData ? JSON.stringify(monitor.iterationData) : null,
    schedule: JSON.stringify(monitor.schedule),
    options: JSON.stringify(monitor.options),
    enabled: monitor.enabled ? 1 : 0,
    next_run_at: monitor.nextRunAt,
    created_at: monitor.createdAt,
    updated_at: monitor.updatedAt,
  };
}

function fromRow(row: Selectable<MonitorsTable>): Monitor {
  return {
    id: row.id,
    name: row.name,
    collection: JSON.parse(row.collection) as Record<string, unknown>,
    environment: row.environment ? (JSON.parse(row.environment) as Record<string, unknown>) : null,
    iterationData: row.iteration_data ? (JSON.parse(row.iteration_data) as Record<string, unknown>[]) : null,
    schedule: JSON.parse(row.schedule) as Schedule,
    options: { ...DEFAULT_MONITOR_OPTIONS, ...(JSON.parse(row.options) as Partial<MonitorOptions>) },
    enabled: Number(row.enabled) === 1,
    nextRunAt: row.next_run_at,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}
