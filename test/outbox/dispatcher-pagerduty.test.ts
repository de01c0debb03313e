/**
 * The dispatcher against the local PagerDuty sandbox (real HTTP on 127.0.0.1), on every store engine. Time is a
 * fake clock: retries and leases are stepped through, never slept.
 */
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import {
  claimDueDeliveries,
  enqueueDeliveries,
  getDelivery,
  listDeliveries,
} from '../../src/outbox/delivery-repository.js';
import { createDispatcher, type Dispatcher, type DeliveryReport } from '../../src/outbox/dispatcher.js';
import type { DispatcherOptions } from '../../src/outbox/dispatcher-options.js';
import type { DeliveryTarget } from '../../src/notifiers/registry.js';
import { startPdSandbox, type PdSandbox } from '../../src/pd-sandbox/index.js';
import type { Store } from '../../src/store/open-store.js';
import { fetchHttpClient, type HttpClient } from '../../src/util/http-client.js';
import { TEST_ENGINES } from '../helpers/stores.js';
import {
  FakeClock,
  INTEGRATION_A,
  INTEGRATION_B,
  KEY_B,
  newDelivery,
  pagerDutyTarget,
  targetsOf,
  withStore,
} from './helpers.js';

function outcomes(reports: DeliveryReport[]): string[] {
  return reports.map((report) => `${report.dedupKey}:${report.outcome.kind}`);
}

for (const engine of TEST_ENGINES) {
  describe(`dispatcher → PagerDuty sandbox on ${engine.name}`, () => {
    let sandbox: PdSandbox;
    let clock: FakeClock;
    before(async () => {
      sandbox = await startPdSandbox();
    });
    after(() => sandbox.close());
    beforeEach(() => {
      sandbox.reset();
      clock = new FakeClock();
    });

    const now = () => new Date(clock.now());

    function dispatcherFor(
      store: Store,
      options: DispatcherOptions = {},
      targets: Record<string, DeliveryTarget> = { [INTEGRATION_A]: pagerDutyTarget(sandbox.url) },
      http: HttpClient = fetchHttpClient,
    ): Dispatcher {
      return createDispatcher({
        db: store.db,
        engine: store.engine,
        resolveTarget: targetsOf(targets),
        http,
        clock,
        options: { random: () => 0, claimerId: 'test', ...options },
      });
    }

    const acceptedActions = () =>
      sandbox
        .events()
        .filter((event) => event.httpStatus === 202)
        .map(
          (event) =>
            `${(event.body as { dedup_key: string }).dedup_key}:${(event.body as { event_action: string }).event_action}`,
        );

    test('an enqueue whose transaction rolls back is never delivered', (t) =>
      withStore(engine, t, async (store) => {
        await assert.rejects(
          store.db.transaction().execute(async (trx) => {
            await enqueueDeliveries(trx, [newDelivery('pagewatch/m1')], now(), { engine: store.engine });
            throw new Error('rollback');
          }),
        );
        assert.deepEqual(await dispatcherFor(store).drainOnce(), []);
        assert.deepEqual(sandbox.events(), []);
      }));

    test('trigger then resolve for one key: in order, although the trigger needs two retries (503 ×2)', (t) =>
      withStore(engine, t, async (store) => {
        sandbox.injectFault({ status: 503, count: 2 });
        const [trigger, resolve] = await store.db
          .transaction()
          .execute((trx) =>
            enqueueDeliveries(
              trx,
              [newDelivery('pagewatch/m1'), newDelivery('pagewatch/m1', 'resolve')],
              now(),
              { engine: store.engine },
            ),
          );
        const dispatcher = dispatcherFor(store);

        assert.deepEqual(outcomes(await dispatcher.drainOnce()), ['pagewatch/m1:retry']);
        let stored = await getDelivery(store.db, trigger!.id);
        assert.equal(stored?.attempts, 1);
        assert.match(stored?.lastError ?? '', /PagerDuty answered 503/);
        assert.equal(stored?.nextAttemptAt, new Date(clock.now() + 1_000).toISOString(), 'backoff 1 s × 2^0');
        assert.deepEqual(await dispatcher.drainOnce(), [], 'not due yet, and the resolve waits behind it');
        assert.equal((await getDelivery(store.db, resolve!.id))?.status, 'pending');

        clock.advance(1_000);
        assert.deepEqual(outcomes(await dispatcher.drainOnce()), ['pagewatch/m1:retry']);
        stored = await getDelivery(store.db, trigger!.id);
        assert.equal(stored?.nextAttemptAt, new Date(clock.now() + 2_000).toISOString(), 'backoff 1 s × 2^1');

        clock.advance(2_000);
        assert.deepEqual(outcomes(await dispatcher.drainOnce()), ['pagewatch/m1:sent']);
        assert.deepEqual(outcomes(await dispatcher.drainOnce()), ['pagewatch/m1:sent'], 'then the resolve');

        stored = await getDelivery(store.db, trigger!.id);
        assert.deepEqual([stored?.status, stored?.attempts], ['sent', 3]);
        assert.equal(stored?.sentAt, clock.iso());
        assert.deepEqual(
          sandbox
            .events()
            .map((event) => [event.httpStatus, (event.body as { event_action: string }).event_action]),
          [
            [503, 'trigger'],
            [503, 'trigger'],
            [202, 'trigger'],
            [202, 'resolve'],
          ],
        );
        const alerts = sandbox.alerts();
        assert.equal(alerts.length, 1);
        assert.equal(alerts[0]?.status, 'resolved');
        assert.equal(alerts[0]?.dedupKey, 'pagewatch/m1');
      }));

    test("400: the row fails with PagerDuty's error text, and later rows of the key still go", (t) =>
      withStore(engine, t, async (store) => {
        const invalid = newDelivery('pagewatch/m1', 'trigger', {
          payload: {
            event_action: 'trigger',
            dedup_key: 'pagewatch/m1',
            payload: { summary: 's', source: 'x' },
          },
        });
        const [trigger, resolve] = await enqueueDeliveries(
          store.db,
          [invalid, newDelivery('pagewatch/m1', 'resolve')],
          now(),
        );
        const dispatcher = dispatcherFor(store);
        assert.deepEqual(outcomes(await dispatcher.drainOnce()), ['pagewatch/m1:failed']);
        const failed = await getDelivery(store.db, trigger!.id);
        assert.equal(failed?.status, 'failed');
        assert.equal(failed?.attempts, 1);
        assert.match(
          failed?.lastError ?? '',
          /^PagerDuty rejected the event \(400\): 'payload.severity' is missing or blank/,
        );

        assert.deepEqual(outcomes(await dispatcher.drainOnce()), ['pagewatch/m1:sent']);
        assert.equal((await getDelivery(store.db, resolve!.id))?.status, 'sent');
        assert.deepEqual(
          sandbox.events().map((event) => [event.httpStatus, event.outcome]),
          [
            [400, 'rejected'],
            [202, 'dropped'],
          ],
          'PagerDuty takes and drops a resolve for an alert it never opened',
        );
      }));

    test('429 with Retry-After: the next attempt waits at least as long as asked', (t) =>
      withStore(engine, t, async (store) => {
        sandbox.injectFault({ status: 429, retryAfterSeconds: 120 });
        const [row] = await enqueueDeliveries(store.db, [newDelivery('pagewatch/m1')], now());
        const dispatcher = dispatcherFor(store);
        const startedAt = clock.now();
        assert.deepEqual(outcomes(await dispatcher.drainOnce()), ['pagewatch/m1:retry']);
        const retry = await getDelivery(store.db, row!.id);
        assert.equal(retry?.nextAttemptAt, new Date(startedAt + 120_000).toISOString());
        assert.match(retry?.lastError ?? '', /429 \(rate limited\); it asked to retry after 120 s/);

        clock.advance(119_999);
        assert.deepEqual(await dispatcher.drainOnce(), []);
        clock.advance(1);
        assert.deepEqual(outcomes(await dispatcher.drainOnce()), ['pagewatch/m1:sent']);
      }));

    test("a dead dispatcher's claim is taken over once its lease ends, and sent once", (t) =>
      withStore(engine, t, async (store) => {
        const [row] = await enqueueDeliveries(store.db, [newDelivery('pagewatch/m1')], now());
        const dead = await claimDueDeliveries(store.db, {
          now: now(),
          limit: 10,
          leaseMs: 60_000,
          claimerId: 'dead-process',
          engine: store.engine,
        });
        assert.equal(dead.length, 1); // …and the process dies before sending.

        const survivor = dispatcherFor(store, { claimerId: 'survivor' });
        clock.advance(30_000);
        assert.deepEqual(await survivor.drainOnce(), [], 'the lease still holds');
        clock.advance(30_001);
        const [report] = await survivor.drainOnce();
        assert.deepEqual([report?.id, report?.outcome.kind, report?.recorded], [row!.id, 'sent', true]);
        assert.deepEqual(acceptedActions(), ['pagewatch/m1:trigger']);
      }));

    test('an integration that no longer exists: the row fails with "integration deleted"', (t) =>
      withStore(engine, t, async (store) => {
        const [row] = await enqueueDeliveries(
          store.db,
          [newDelivery('pagewatch/m1', 'trigger', { integrationId: 'int_gone' })],
          now(),
        );
        assert.deepEqual(outcomes(await dispatcherFor(store).drainOnce()), ['pagewatch/m1:failed']);
        const failed = await getDelivery(store.db, row!.id);
        assert.deepEqual(
          [failed?.status, failed?.lastError, failed?.attempts],
          ['failed', 'integration deleted', 0],
        );
        assert.deepEqual(sandbox.events(), []);
      }));

    test('rate limit per integration key: a busy key waits for a free slot, another key does not', (t) =>
      withStore(engine, t, async (store) => {
        await enqueueDeliveries(
          store.db,
          [
            newDelivery('pagewatch/a1'),
            newDelivery('pagewatch/a2'),
            newDelivery('pagewatch/a3'),
            newDelivery('pagewatch/b1', 'trigger', { integrationId: INTEGRATION_B }),
          ],
          now(),
        );
        const dispatcher = dispatcherFor(
          store,
          { rateLimitPerMinute: 2 },
          {
            [INTEGRATION_A]: pagerDutyTarget(sandbox.url),
            [INTEGRATION_B]: pagerDutyTarget(sandbox.url, KEY_B),
          },
        );
        const startedAt = clock.now();
        assert.deepEqual(outcomes(await dispatcher.drainOnce()), [
          'pagewatch/a1:sent',
          'pagewatch/a2:sent',
          'pagewatch/a3:deferred',
          'pagewatch/b1:sent',
        ]);
        const [deferred] = (await listDeliveries(store.db, { limit: 10, status: 'pending' })).items;
        assert.deepEqual(
          [deferred?.dedupKey, deferred?.attempts, deferred?.nextAttemptAt],
          ['pagewatch/a3', 0, new Date(startedAt + 60_000).toISOString()],
          'not an attempt; due when the first slot leaves the window',
        );
        clock.advance(59_999);
        assert.deepEqual(await dispatcher.drainOnce(), []);
        clock.advance(1);
        assert.deepEqual(outcomes(await dispatcher.drainOnce()), ['pagewatch/a3:sent']);
        assert.equal(acceptedActions().length, 4);
      }));

    test('maxAttempts > 0 gives up on a row after that many transient failures', (t) =>
      withStore(engine, t, async (store) => {
        sandbox.injectFault({ status: 502, count: 2 });
        const [row] = await enqueueDeliveries(store.db, [newDelivery('pagewatch/m1')], now());
        const dispatcher = dispatcherFor(store, { maxAttempts: 2 });
        assert.deepEqual(outcomes(await dispatcher.drainOnce()), ['pagewatch/m1:retry']);
        clock.advance(1_000);
        assert.deepEqual(outcomes(await dispatcher.drainOnce()), ['pagewatch/m1:failed']);
        const failed = await getDelivery(store.db, row!.id);
        assert.equal(failed?.status, 'failed');
        assert.match(failed?.lastError ?? '', /^Gave up after 2 attempts: PagerDuty answered 502/);
      }));

    test('v1 keys go to the v1 API as service_key; change events to the change API', (t) =>
      withStore(engine, t, async (store) => {
        await enqueueDeliveries(
          store.db,
          [
            newDelivery('pagewatch/v1', 'trigger', {
              integrationId: INTEGRATION_B,
              payload: {
                event_type: 'trigger',
                incident_key: 'pagewatch/v1',
                description: 'Checkout is down',
              },
            }),
            newDelivery('pagewatch/change', 'change', {
              payload: { payload: { summary: 'Monitor "Checkout" edited', source: 'pagewatch' } },
            }),
          ],
          now(),
        );
        const dispatcher = dispatcherFor(
          store,
          {},
          {
            [INTEGRATION_A]: pagerDutyTarget(sandbox.url),
            [INTEGRATION_B]: {
              type: 'pagerduty',
              routingKey: KEY_B,
              eventsUrl: sandbox.url,
              apiVersion: 'v1',
            },
          },
        );
        assert.deepEqual(outcomes(await dispatcher.drainOnce()), [
          'pagewatch/v1:sent',
          'pagewatch/change:sent',
        ]);
        assert.deepEqual(
          sandbox.events().map((event) => [event.api, event.httpStatus]),
          [
            ['events-v1', 200],
            ['change-events-v2', 202],
          ],
        );
        const [v1Body] = sandbox.events().map((event) => event.body as Record<string, unknown>);
        assert.equal(v1Body?.service_key, `${'*'.repeat(28)}${KEY_B.slice(-4)}`);
        assert.equal(sandbox.changeEvents()[0]?.summary, 'Monitor "Checkout" edited');
      }));

    test('running: start() sends what is pending, wake() sends new rows at once, stop() waits for sends in flight', (t) =>
      withStore(engine, t, async (store) => {
        let release: () => void = () => undefined;
        let gate: Promise<void> | undefined = undefined; // closed later in the test
        let sendStarted: () => void = () => undefined;
        const started = new Promise<void>((resolve) => (sendStarted = resolve));
        const gatedHttp: HttpClient = async (request) => {
          if (gate) {
            sendStarted();
            await gate;
          }
          return fetchHttpClient(request);
        };
        await enqueueDeliveries(store.db, [newDelivery('pagewatch/left-by-last-run')], now());
        const dispatcher = dispatcherFor(store, {}, undefined, gatedHttp);
        dispatcher.start();
        dispatcher.start(); // idempotent
        await waitForAccepted(sandbox, 1);

        await enqueueDeliveries(store.db, [newDelivery('pagewatch/new')], now());
        dispatcher.wake(); // the fake clock never advances: only wake() can make this poll happen
        await waitForAccepted(sandbox, 2);

        gate = new Promise<void>((resolve) => (release = resolve));
        const [slow] = await enqueueDeliveries(store.db, [newDelivery('pagewatch/slow')], now());
        dispatcher.wake();
        await started;
        let stopped = false;
        const stopping = dispatcher.stop().then(() => (stopped = true));
        await new Promise((resolve) => setTimeout(resolve, 50));
        assert.equal(stopped, false, 'stop() waits for the send in flight');
        release();
        await stopping;
        assert.equal((await getDelivery(store.db, slow!.id))?.status, 'sent');
        assert.deepEqual(acceptedActions(), [
          'pagewatch/left-by-last-run:trigger',
          'pagewatch/new:trigger',
          'pagewatch/slow:trigger',
        ]);
      }));

    test('health: depth and age of the outbox; not ok when stopped, polling fails or a row is stalled', (t) =>
      withStore(engine, t, async (store) => {
        const unreachable: HttpClient = async () => {
          throw new TypeError('fetch failed', { cause: new Error('connect ECONNREFUSED 127.0.0.1:9') });
        };
        const dispatcher = dispatcherFor(store, { stalledAfterMs: 600_000 }, undefined, unreachable);
        assert.deepEqual(await dispatcher.health(), {
          ok: false,
          reason: 'the dispatcher is not running',
          running: false,
          inFlight: 0,
          pending: 0,
          failed: 0,
          oldestPendingAgeMs: 0,
        });

        await enqueueDeliveries(store.db, [newDelivery('pagewatch/m1')], now());
        await dispatcher.drainOnce();
        dispatcher.start();
        try {
          let health = await dispatcher.health();
          assert.equal(health.ok, true, health.reason);
          assert.equal(health.pending, 1);
          assert.match(health.lastError ?? '', /Could not reach PagerDuty .*ECONNREFUSED/);
          assert.equal(health.lastErrorAt, clock.iso());

          clock.advance(600_001);
          health = await dispatcher.health();
          assert.deepEqual(
            [health.ok, health.reason, health.oldestPendingAgeMs],
            [false, 'a delivery has been pending for 600 s', 600_001],
          );
        } finally {
          await dispatcher.stop();
        }
      }));
  });
}

async function waitForAccepted(sandbox: PdSandbox, count: number): Promise<void> {
  const deadline = Date.now() + 5_000;
  while (sandbox.events().filter((event) => event.httpStatus === 202).length < count) {
    if (Date.now() > deadline) throw new Error(`the sandbox did not get ${count} events in time`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
