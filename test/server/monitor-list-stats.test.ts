import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { newId } from '../../src/util/ids.js';
import { healthCollection } from '../helpers/collections.js';
import { startTestServer } from '../helpers/server-harness.js';
import { TEST_ENGINES } from '../helpers/stores.js';

interface ListItem {
  id: string;
  name: string;
  collection?: unknown;
  stats?: {
    uptime24h: number | null;
    uptime7d: number | null;
    runs24h: number;
    runs7d: number;
    durations: (number | null)[];
  };
}

for (const engine of TEST_ENGINES) {
  describe(`GET /api/v1/monitors?include=stats on ${engine.name}`, () => {
    test('each item of the page carries its uptime and hourly durations; without include, none', async (t) => {
      if (engine.skipReason) return t.skip(engine.skipReason);
      const server = await startTestServer(engine.name);
      try {
        const ids: string[] = [];
        for (const name of ['with runs', 'without runs']) {
          const created = await server.api<{ id: string }>('POST', '/api/v1/monitors', {
            name,
            collection: healthCollection('http://127.0.0.1:9'),
            schedule: { every: '24h' },
            enabled: false,
          });
          assert.equal(created.status, 201);
          ids.push(created.body.id);
        }
        const now = Date.now();
        const runs: [number, string, number][] = [
          [now - 60_000, 'success', 120],
          [now - 120_000, 'failure', 80],
          [now - 3 * 86_400_000, 'success', 40], // 7 d only
        ];
        for (const [at, status, duration] of runs) {
          const iso = new Date(at).toISOString();
          await server.server.context.store.db
            .insertInto('runs')
            .values({
              id: newId('run'),
              monitor_id: ids[0]!,
              region: 'local',
              trigger: 'schedule',
              scheduled_at: iso,
              attempt: 0,
              status,
              started_at: iso,
              finished_at: iso,
              duration_ms: duration,
              requests_total: 1,
              requests_failed: 0,
              assertions_total: 1,
              assertions_failed: 0,
              error: null,
              console: null,
              warnings: null,
              created_at: iso,
            })
            .execute();
        }

        const withStats = await server.api<{ data: ListItem[] }>('GET', '/api/v1/monitors?include=stats');
        assert.equal(withStats.status, 200);
        const byName = new Map(withStats.body.data.map((item) => [item.name, item]));
        const busy = byName.get('with runs')!.stats!;
        assert.equal(busy.uptime24h, 0.5);
        assert.equal(busy.uptime7d, 2 / 3);
        assert.equal(busy.runs24h, 2);
        assert.equal(busy.runs7d, 3);
        assert.equal(busy.durations.length, 24);
        // Both recent runs fall in the current hour or the one before (a test started just after the hour).
        assert.deepEqual(
          busy.durations.filter((value) => value !== null).reduce((sum, value) => sum + value!, 0),
          new Date(now - 120_000).getUTCHours() === new Date(now - 60_000).getUTCHours() ? 100 : 200,
        );
        assert.deepEqual(byName.get('without runs')!.stats, {
          uptime24h: null,
          uptime7d: null,
          runs24h: 0,
          runs7d: 0,
          durations: Array.from({ length: 24 }, () => null),
        });
        assert.equal(byName.get('with runs')!.collection, undefined);

        const plain = await server.api<{ data: ListItem[] }>('GET', '/api/v1/monitors');
        assert.ok(plain.body.data.every((item) => item.stats === undefined));

        const both = await server.api<{ data: ListItem[] }>(
          'GET',
          '/api/v1/monitors?include=collection,stats',
        );
        assert.ok(both.body.data.every((item) => item.stats !== undefined && item.collection !== undefined));

        const bad = await server.api('GET', '/api/v1/monitors?include=everything');
        assert.equal(bad.status, 400);
      } finally {
        await server.close();
      }
    });
  });
}
