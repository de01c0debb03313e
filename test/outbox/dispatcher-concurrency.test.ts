/**
 * Two dispatchers, each with its own connection pool, on one outbox: every event reaches PagerDuty exactly once
 * and each key's events stay in order. The point of `FOR UPDATE SKIP LOCKED` on PostgreSQL; on SQLite the claim is
 * one atomic UPDATE, so the same holds there (pagewatch runs one dispatcher on SQLite, but two must not hurt).
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import { countByStatus, enqueueDeliveries } from '../../src/outbox/delivery-repository.js';
import { createDispatcher, type Dispatcher } from '../../src/outbox/dispatcher.js';
import type { NewDelivery } from '../../src/outbox/delivery.js';
import { startPdSandbox, type PdSandbox } from '../../src/pd-sandbox/index.js';
import { openStore, type Store } from '../../src/store/open-store.js';
import { systemClock } from '../../src/util/clock.js';
import { fetchHttpClient, type HttpClient } from '../../src/util/http-client.js';
import { TEST_ENGINES } from '../helpers/stores.js';
import { newDelivery, pagerDutyTarget, targetsOf, waitFor, withStore } from './helpers.js';

const INTEGRATIONS = ['int_concurrent0000001', 'int_concurrent0000002', 'int_concurrent0000003'];
const ROUTING_KEYS = [
  'a0000000000000000000000000000001',
  'a0000000000000000000000000000002',
  'a0000000000000000000000000000003',
];
const KEYS_PER_INTEGRATION = 25;

/** A second, independent connection to the same outbox. */
async function openSecondStore(store: Store): Promise<Store> {
  if (store.engine === 'sqlite') return openStore({ url: store.location, migrate: false });
  const { rows } = await sql<{ schema: string }>`select current_schema() as schema`.execute(store.db);
  return openStore({
    url: process.env.DATABASE_URL!,
    postgresSchema: rows[0]!.schema,
    migrate: false,
    poolSize: 4,
  });
}

for (const engine of TEST_ENGINES) {
  describe(`two dispatchers on one outbox on ${engine.name}`, () => {
    let sandbox: PdSandbox;
    before(async () => {
      sandbox = await startPdSandbox();
    });
    after(() => sandbox.close());

    test('every event is delivered exactly once, in order per key, while both dispatchers work', (t) =>
      withStore(engine, t, async (store) => {
        const second = await openSecondStore(store);
        const rows: NewDelivery[] = [];
        INTEGRATIONS.forEach((integrationId, i) => {
          for (let k = 0; k < KEYS_PER_INTEGRATION; k += 1) {
            const dedupKey = `pagewatch/mon_${i}_${k}`;
            rows.push(newDelivery(dedupKey, 'trigger', { integrationId }));
            rows.push(newDelivery(dedupKey, 'resolve', { integrationId }));
          }
        });
        // Interleave keys the way real traffic does, keeping each key's trigger before its resolve.
        await enqueueDeliveries(store.db, rows, new Date(), { engine: store.engine });
        sandbox.injectFault({ status: 503, count: 5 }); // some sends need a retry, whoever made them

        const targets = Object.fromEntries(
          INTEGRATIONS.map((id, i) => [id, pagerDutyTarget(sandbox.url, ROUTING_KEYS[i])]),
        );
        const accepted = new Map<string, number>();
        const counting =
          (name: string): HttpClient =>
          async (request) => {
            const response = await fetchHttpClient(request);
            if (response.status === 202) accepted.set(name, (accepted.get(name) ?? 0) + 1);
            return response;
          };
        const dispatchers: Dispatcher[] = [store, second].map((s, i) =>
          createDispatcher({
            db: s.db,
            engine: s.engine,
            resolveTarget: targetsOf(targets),
            http: counting(`d${i}`),
            clock: systemClock,
            options: {
              claimerId: `d${i}`,
              pollIntervalMs: 10,
              batchSize: 6,
              minDelayMs: 5,
              maxDelayMs: 20,
              rateLimitPerMinute: 0,
            },
          }),
        );
        try {
          for (const dispatcher of dispatchers) dispatcher.start();
          await waitFor(async () => (await countByStatus(store.db)).sent === rows.length, 30_000);
        } finally {
          await Promise.all(dispatchers.map((dispatcher) => dispatcher.stop()));
          await second.close();
        }

        assert.deepEqual(await countByStatus(store.db), { pending: 0, sent: rows.length, failed: 0 });
        const delivered = sandbox
          .events()
          .filter((event) => event.httpStatus === 202)
          .map((event) => {
            const body = event.body as { dedup_key: string; event_action: string };
            return `${body.dedup_key}:${body.event_action}`;
          });
        assert.equal(delivered.length, rows.length, 'no event was sent twice');
        assert.equal(new Set(delivered).size, rows.length);
        for (const row of rows.filter((r) => r.action === 'trigger')) {
          assert.ok(
            delivered.indexOf(`${row.dedupKey}:trigger`) < delivered.indexOf(`${row.dedupKey}:resolve`),
            `${row.dedupKey}: trigger before resolve`,
          );
        }
        const alerts = sandbox.alerts();
        assert.equal(alerts.length, INTEGRATIONS.length * KEYS_PER_INTEGRATION);
        assert.ok(alerts.every((alert) => alert.status === 'resolved'));
        assert.ok(
          (accepted.get('d0') ?? 0) > 0 && (accepted.get('d1') ?? 0) > 0,
          `both worked: ${[...accepted]}`,
        );
      }));
  });
}
