import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { createSecretBox } from '../../src/secrets/secret-box.js';
import {
  deleteMonitor,
  getMonitor,
  insertMonitor,
  listMonitors,
  updateMonitor,
} from '../../src/store/repositories/monitor-repository.js';
import {
  finishRun,
  getRun,
  insertRun,
  listRuns,
  pruneRuns,
} from '../../src/store/repositories/run-repository.js';
import {
  getDeliveryTarget,
  getIntegration,
  insertIntegration,
  listIntegrationsForMonitor,
  updateIntegration,
} from '../../src/store/repositories/integration-repository.js';
import { newId } from '../../src/util/ids.js';
import {
  monitorFixture,
  pagerDutyIntegrationFixture,
  runResultFixture,
  TEST_INTEGRATION_KEY,
} from '../helpers/fixtures.js';
import { TEST_ENGINES } from '../helpers/stores.js';

const box = createSecretBox(Buffer.alloc(32, 7));

for (const engine of TEST_ENGINES) {
  describe(`repositories on ${engine.name}`, () => {
    test('monitors: insert, read back, update, list newest first with cursor pages and last run, delete', async (t) => {
      if (engine.skipReason) return t.skip(engine.skipReason);
      const store = await engine.open();
      try {
        const monitors = [0, 1, 2].map((i) =>
          monitorFixture({ name: `m${i}`, createdAt: new Date(Date.UTC(2026, 0, 1, 0, i)).toISOString() }),
        );
        for (const monitor of monitors) await insertMonitor(store.db, monitor);
        assert.deepEqual(await getMonitor(store.db, monitors[0]!.id), monitors[0]);
        await updateMonitor(store.db, { ...monitors[0]!, name: 'renamed', enabled: false });
        assert.equal((await getMonitor(store.db, monitors[0]!.id))?.name, 'renamed');

        const runId = newId('run');
        await insertRun(store.db, {
          id: runId,
          monitorId: monitors[2]!.id,
          region: 'local',
          trigger: 'schedule',
          scheduledAt: '2026-01-01T00:05:00.000Z',
          attempt: 0,
          status: 'running',
          startedAt: '2026-01-01T00:05:00.000Z',
        });
        await finishRun(store.db, runId, runResultFixture('failure'));

        const first = await listMonitors(store.db, { limit: 2 });
        assert.deepEqual(
          first.items.map((m) => m.name),
          ['m2', 'm1'],
        );
        assert.equal(first.items[0]?.lastRun?.status, 'failure');
        assert.equal(first.items[1]?.lastRun, null);
        assert.equal(first.items[0]?.collection, undefined, 'lists omit bodies');
        const second = await listMonitors(store.db, { limit: 2, cursor: first.nextCursor ?? '' });
        assert.deepEqual(
          second.items.map((m) => m.name),
          ['renamed'],
        );
        assert.equal(second.nextCursor, null);

        await deleteMonitor(store.db, monitors[2]!.id);
        assert.equal(await getMonitor(store.db, monitors[2]!.id), undefined);
        assert.equal(await getRun(store.db, runId), undefined, 'runs go with their monitor');
      } finally {
        await store.close();
      }
    });

    test('runs: a slot runs once; results and per-request rows round-trip; list and prune', async (t) => {
      if (engine.skipReason) return t.skip(engine.skipReason);
      const store = await engine.open();
      try {
        const monitor = monitorFixture();
        await insertMonitor(store.db, monitor);
        const slot = {
          monitorId: monitor.id,
          region: 'local',
          trigger: 'schedule' as const,
          scheduledAt: '2026-01-01T00:01:00.000Z',
          attempt: 0,
          status: 'running' as const,
          startedAt: '2026-01-01T00:01:00.010Z',
        };
        assert.equal(await insertRun(store.db, { ...slot, id: 'run_a' }), true);
        assert.equal(
          await insertRun(store.db, { ...slot, id: 'run_b' }),
          false,
          'the same slot is not run twice',
        );
        const result = runResultFixture('failure', new Date('2026-01-01T00:01:00.010Z'));
        await finishRun(store.db, 'run_a', result);
        const stored = await getRun(store.db, 'run_a');
        assert.equal(stored?.status, 'failure');
        assert.deepEqual(stored?.executions, result.executions);
        assert.deepEqual(stored?.stats, result.stats);

        await insertRun(store.db, {
          ...slot,
          id: 'run_c',
          scheduledAt: '2026-01-01T00:02:00.000Z',
          startedAt: '2026-01-01T00:02:00.000Z',
        });
        const page = await listRuns(store.db, monitor.id, { limit: 1 });
        assert.deepEqual(
          page.items.map((r) => r.id),
          ['run_c'],
        );
        const next = await listRuns(store.db, monitor.id, { limit: 1, cursor: page.nextCursor ?? '' });
        assert.deepEqual(
          next.items.map((r) => r.id),
          ['run_a'],
        );

        assert.equal(await pruneRuns(store.db, new Date('2026-01-01T00:01:30.000Z')), 1);
        assert.equal(await getRun(store.db, 'run_a'), undefined);
        assert.ok(await getRun(store.db, 'run_c'));
      } finally {
        await store.close();
      }
    });

    test('integrations: the key is encrypted at rest, masked when read, decrypted only for delivery', async (t) => {
      if (engine.skipReason) return t.skip(engine.skipReason);
      const store = await engine.open();
      try {
        const monitor = monitorFixture();
        await insertMonitor(store.db, monitor);
        const integration = pagerDutyIntegrationFixture({ monitorIds: [monitor.id] });
        await insertIntegration(store.db, box, integration);
        const raw = await store.db.selectFrom('integrations').selectAll().executeTakeFirstOrThrow();
        assert.ok(!JSON.stringify(raw).includes(TEST_INTEGRATION_KEY), 'the key never appears in the row');
        const read = await getIntegration(store.db, integration.id);
        assert.equal(read?.type === 'pagerduty' && read.config.integrationKey, `${'•'.repeat(28)}c5d6`);
        assert.deepEqual(read?.monitorIds, [monitor.id]);
        assert.deepEqual(await getDeliveryTarget(store.db, box, integration.id), {
          type: 'pagerduty',
          routingKey: TEST_INTEGRATION_KEY,
          eventsUrl: 'http://127.0.0.1:1',
          apiVersion: 'v2',
        });
        // Saving what was read back (masked key) keeps the stored key.
        await updateIntegration(store.db, box, { ...read!, name: 'renamed' });
        assert.equal(
          (await getDeliveryTarget(store.db, box, integration.id))?.type === 'pagerduty' && 'ok',
          'ok',
        );
        const target = await getDeliveryTarget(store.db, box, integration.id);
        assert.equal(target?.type === 'pagerduty' ? target.routingKey : '', TEST_INTEGRATION_KEY);
        assert.deepEqual(
          (await listIntegrationsForMonitor(store.db, monitor.id)).map((i) => i.name),
          ['renamed'],
        );
      } finally {
        await store.close();
      }
    });
  });
}
