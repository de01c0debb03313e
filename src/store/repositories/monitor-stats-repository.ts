import { sql, type Kysely } from 'kysely';
import type { Database } from '../schema.js';
import { FINISHED_RUN_STATUSES } from './monitor-repository.js';

type Db = Kysely<Database>;

/** What monitor lists show of a monitor's recent runs, aggregated by the database. */
export interface MonitorStats {
  /** Share of finished runs (success/failure/error/abort) of the last 24 h that were a success; null when none. */
  uptime24h: number | null;
  /** The same over the last 7 days. */
  uptime7d: number | null;
  /** Finished runs in the last 24 h. */
  runs24h: number;
  /** Finished runs in the last 7 days. */
  runs7d: number;
  /**
   * Average duration (ms) of the finished runs in each of the last 24 hours (the hour of `now` and the 23 before it,
   * by UTC hour), oldest first; null for an hour without runs.
   */
  durations: (number | null)[];
}

export const STATS_HOURS = 24;
const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

/** `2026-01-01T13`: the hour of an ISO time, as `substr(created_at, 1, 13)` gives it in SQL. */
function hourOf(date: Date): string {
  return date.toISOString().slice(0, 13);
}

/**
 * Uptime over 24 h / 7 d and hourly average durations over 24 h of every monitor in `monitorIds`, in one query
 * grouped by monitor and hour (by the `bucket` alias: PostgreSQL would not match two parameterised copies) (runs older than the 24 hourly buckets share one group per monitor), whatever the
 * number of monitors. Times are ISO text, so windows compare ISO strings; portable SQL for SQLite and PostgreSQL.
 * Every id asked for is in the result (a monitor without runs gets nulls and zeros).
 */
export async function monitorStats(
  db: Db,
  monitorIds: readonly string[],
  now: Date,
): Promise<Map<string, MonitorStats>> {
  const hours = Array.from({ length: STATS_HOURS }, (_, index) =>
    hourOf(new Date(now.getTime() - (STATS_HOURS - 1 - index) * HOUR_MS)),
  );
  const result = new Map<string, MonitorStats>(
    monitorIds.map((id) => [
      id,
      { uptime24h: null, uptime7d: null, runs24h: 0, runs7d: 0, durations: hours.map(() => null) },
    ]),
  );
  if (monitorIds.length === 0) return result;

  const nowIso = now.toISOString();
  const since24h = new Date(now.getTime() - DAY_MS).toISOString();
  const since7d = new Date(now.getTime() - 7 * DAY_MS).toISOString();
  // The start of the oldest hourly bucket, as an ISO time ("2026-01-01T13" sorts before "2026-01-01T13:00:00.000Z").
  const firstHour = hourOf(new Date(now.getTime() - (STATS_HOURS - 1) * HOUR_MS));
  const bucket = sql<string>`case when created_at >= ${firstHour} then substr(created_at, 1, 13) else 'older' end`;
  const rows = await db
    .selectFrom('runs')
    .select([
      'monitor_id',
      bucket.as('bucket'),
      sql<number | string>`count(*)`.as('runs'),
      sql<number | string>`sum(case when status = 'success' then 1 else 0 end)`.as('passed'),
      sql<number | string>`sum(case when created_at >= ${since24h} then 1 else 0 end)`.as('runs_24h'),
      sql<
        number | string
      >`sum(case when created_at >= ${since24h} and status = 'success' then 1 else 0 end)`.as('passed_24h'),
      sql<number | string | null>`avg(duration_ms)`.as('avg_duration'),
    ])
    .where('monitor_id', 'in', [...monitorIds])
    .where('status', 'in', [...FINISHED_RUN_STATUSES])
    .where('created_at', '>=', since7d)
    .where('created_at', '<=', nowIso)
    .groupBy(['monitor_id', sql`bucket`])
    .execute();

  const totals = new Map<string, { runs: number; passed: number; runs24h: number; passed24h: number }>();
  for (const row of rows) {
    const stats = result.get(row.monitor_id);
    if (!stats) continue;
    const total = totals.get(row.monitor_id) ?? { runs: 0, passed: 0, runs24h: 0, passed24h: 0 };
    total.runs += Number(row.runs);
    total.passed += Number(row.passed);
    total.runs24h += Number(row.runs_24h);
    total.passed24h += Number(row.passed_24h);
    totals.set(row.monitor_id, total);
    const index = hours.indexOf(row.bucket);
    if (index >= 0 && row.avg_duration !== null)
      stats.durations[index] = Math.round(Number(row.avg_duration));
  }
  for (const [id, total] of totals) {
    const stats = result.get(id);
    if (!stats) continue;
    stats.runs7d = total.runs;
    stats.runs24h = total.runs24h;
    stats.uptime7d = total.runs ? total.passed / total.runs : null;
    stats.uptime24h = total.runs24h ? total.passed24h / total.runs24h : null;
  }
  return result;
}
