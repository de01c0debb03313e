import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Kysely } from 'kysely';
import { insertMonitor } from '../../src/store/repositories/monitor-repository.js';
import { monitorStats } from '../../src/store/repositories/monitor-stats-repository.js';
import type { Database } from '../../src/store/schema.js';
import { newId } from '../../src/util/ids.js';
import { monitorFixture } from '../helpers/fixtures.js';
import { TEST_ENGINES } from '../helpers/stores.js';

/** A run row as the runner leaves it, created at `at`. */
async function insertRunAt(
  db: Kysely<Database>,
  monitorId: string,
  at: string,
  status: string,
  durationMs: number | null,
): Promise<void> {
  await db
    .insertInto('runs')
    .values({
      id: newId('run'),
      monitor_id: monitorId,
      region: 'local',
      trigger: 'schedule',
      scheduled_at: at,
      attempt: 0,
      status,
      started_at: at,
      finished_at: status === 'running' ? null : at,
      duration_ms: durationMs,
      requests_total: 1,
      requests_failed: 0,
      assertions_total: 1,
      assertions_failed: 0,
      error: null,
      console: null,
      warnings: null,
      created_at: at,
    })
    .execute();
}

const NOW = new Date('2026-03-10T12:30:00.000Z');

for (const engine of TEST_ENGINES) {
  describe(`monitor stats on ${engine.name}`, () => {
    test('uptime over 24 h / 7 d and hourly average durations, in SQL, for the asked monitors only', async (t) => {
      if (engine.skipReason) return t.skip(engine.skipReason);
      const store = await engine.open();
      try {
        const [busy, idle, other] = [monitorFixture(), monitorFixture(), monitorFixture()];
        for (const monitor of [busy!, idle!, other!]) await insertMonitor(store.db, monitor);
        const runs: [string, string, number | null][] = [
          ['2026-03-10T12:10:00.000Z', 'success', 100], // the hour of now (bucket 23)
          ['2026-03-10T12:20:00.000Z', 'failure', 300], // same hour: average 200
          ['2026-03-10T10:05:00.000Z', 'success', 50], // bucket 21
          ['2026-03-10T10:06:00.000Z', 'running', null], // no verdict: not counted
          ['2026-03-10T09:00:00.000Z', 'overlap', 0], // skipped slot: not counted, not averaged
          ['2026-03-09T12:45:00.000Z', 'error', 1000], // within 24 h, before the first hourly bucket (13:00)
          ['2026-03-09T12:15:00.000Z', 'success', 10], // 24 h ago and a bit: 7 d only
          ['2026-03-05T00:00:00.000Z', 'abort', 10], // 7 d only
          ['2026-03-04T00:00:00.000Z', 'success', 10], // 7 d only
          ['2026-03-01T00:00:00.000Z', 'failure', 10], // older than 7 d
          ['2026-03-10T13:00:00.000Z', 'success', 10], // after now
        ];
        for (const [at, status, duration] of runs)
          await insertRunAt(store.db, busy!.id, at, status, duration);
        await insertRunAt(store.db, other!.id, '2026-03-10T12:00:00.000Z', 'failure', 5);

        const stats = await monitorStats(store.db, [busy!.id, idle!.id], NOW);
        assert.deepEqual([...stats.keys()].sort(), [busy!.id, idle!.id].sort());
        const durations: (number | null)[] = Array.from({ length: 24 }, () => null);
        durations[21] = 50;
        durations[23] = 200;
        assert.deepEqual(stats.get(busy!.id), {
          uptime24h: 2 / 4,
          uptime7d: 4 / 7,
          runs24h: 4,
          runs7d: 7,
          durations,
        });
        assert.deepEqual(stats.get(idle!.id), {
          uptime24h: null,
          uptime7d: null,
          runs24h: 0,
          runs7d: 0,
          durations: Array.from({ length: 24 }, () => null),
        });
        assert.equal((await monitorStats(store.db, [], NOW)).size, 0);
      } finally {
        await store.close();
      }
    });
  });
}
