/** Pure parts of the dispatcher (options, rate budget, channel registry) and its failure paths with a fake transport. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { PagewatchError } from '../../src/errors/pagewatch-error.js';
import { NOTIFIER_CHANNELS, channelFor, pagerDutyEventKind } from '../../src/notifiers/registry.js';
import { claimDueDeliveries, enqueueDeliveries, getDelivery } from '../../src/outbox/delivery-repository.js';
import { createDispatcher, type DispatcherLogger } from '../../src/outbox/dispatcher.js';
import { DISPATCHER_DEFAULTS, resolveDispatcherSettings } from '../../src/outbox/dispatcher-options.js';
import { createKeyRateLimiter } from '../../src/outbox/key-rate-limiter.js';
import { createLogger } from '../../src/observability/logger.js';
import type { HttpClient, HttpRequest } from '../../src/util/http-client.js';
import { TEST_ENGINES } from '../helpers/stores.js';
import { FakeClock, KEY_A, newDelivery, pagerDutyTarget, withStore } from './helpers.js';

const accepted: HttpClient = async () => ({ status: 202, headers: {}, body: '{"status":"success"}' });

describe('dispatcher options', () => {
  test('defaults', () => {
    assert.deepEqual(resolveDispatcherSettings(), DISPATCHER_DEFAULTS);
    assert.deepEqual(DISPATCHER_DEFAULTS, {
      pollIntervalMs: 500,
      batchSize: 20,
      leaseMs: 60_000,
      maxAttempts: 0,
      minDelayMs: 1_000,
      maxDelayMs: 300_000,
      rateLimitPerMinute: 120,
      requestTimeoutMs: 10_000,
      stalledAfterMs: 600_000,
    });
  });

  test('every invalid option is reported at once, with its path', () => {
    assert.throws(
      () =>
        resolveDispatcherSettings({
          batchSize: 0,
          maxAttempts: -1,
          minDelayMs: 10,
          maxDelayMs: 5,
          leaseMs: 1_000,
        }),
      (error: unknown) => {
        assert.ok(error instanceof PagewatchError);
        assert.equal(error.code, 'PW_ERR_VALIDATION');
        assert.deepEqual(
          error.details.map((detail) => detail.path),
          ['batchSize', 'maxAttempts', 'maxDelayMs', 'leaseMs'],
        );
        return true;
      },
    );
  });

  test('a pino logger is a DispatcherLogger', () => {
    const logger: DispatcherLogger = createLogger({ level: 'silent' });
    assert.ok(logger);
  });
});

describe('key rate limiter', () => {
  test('sliding window per key; says how long until a slot frees; 0 means no limit', () => {
    const clock = new FakeClock();
    const limiter = createKeyRateLimiter(clock, 2, 60_000);
    assert.equal(limiter.tryTake('a'), 0);
    clock.advance(10_000);
    assert.equal(limiter.tryTake('a'), 0);
    assert.equal(limiter.tryTake('a'), 50_000, 'the first slot leaves the window 60 s after it was taken');
    assert.equal(limiter.tryTake('b'), 0, 'another key is not affected');
    clock.advance(50_000);
    assert.equal(limiter.tryTake('a'), 0);
    assert.equal(limiter.tryTake('a'), 10_000);
    const unlimited = createKeyRateLimiter(clock, 0);
    for (let i = 0; i < 1_000; i += 1) assert.equal(unlimited.tryTake('a'), 0);
  });
});

describe('notifier registry', () => {
  test('PagerDuty API per action and key version', () => {
    assert.equal(pagerDutyEventKind('trigger', 'v2'), 'v2');
    assert.equal(pagerDutyEventKind('resolve', 'v1'), 'v1');
    assert.equal(pagerDutyEventKind('test', 'v2'), 'v2');
    assert.equal(pagerDutyEventKind('change', 'v2'), 'change');
    assert.equal(pagerDutyEventKind('change', 'v1'), 'change');
  });

  test('the PagerDuty channel adds the key to the stored body and sends once; rate-limit keys per channel', async () => {
    const requests: HttpRequest[] = [];
    const http: HttpClient = async (request) => {
      requests.push(request);
      return { status: 202, headers: {}, body: '{"status":"success","message":"Event processed"}' };
    };
    const target = pagerDutyTarget('https://events.eu.pagerduty.com/');
    const body = { event_action: 'resolve', dedup_key: 'pagewatch/m1' };
    await channelFor(target).send(body, target, {
      http,
      clock: new FakeClock(),
      action: 'resolve',
      deliveryId: 'dlv_1',
    });
    assert.equal(requests.length, 1);
    assert.equal(requests[0]?.url, 'https://events.eu.pagerduty.com/v2/enqueue');
    assert.deepEqual(JSON.parse(requests[0]!.body!), { ...body, routing_key: KEY_A });
    assert.deepEqual(
      body,
      { event_action: 'resolve', dedup_key: 'pagewatch/m1' },
      'the stored body is not mutated',
    );
    assert.equal(NOTIFIER_CHANNELS.pagerduty.rateLimitKey(target), `pagerduty:${KEY_A}`);
    assert.equal(
      NOTIFIER_CHANNELS.webhook.rateLimitKey({ type: 'webhook', url: 'https://x.test/h' }),
      'webhook:https://x.test/h',
    );
  });
});

for (const engine of TEST_ENGINES) {
  describe(`dispatcher failure paths on ${engine.name}`, () => {
    test('an integration that cannot be read now is retried, not dropped', (t) =>
      withStore(engine, t, async (store) => {
        const clock = new FakeClock();
        const [row] = await enqueueDeliveries(store.db, [newDelivery('pagewatch/m1')], new Date(clock.now()));
        const dispatcher = createDispatcher({
          db: store.db,
          engine: store.engine,
          resolveTarget: async () => {
            throw new PagewatchError('PW_ERR_INTERNAL', 'A stored secret could not be decrypted.');
          },
          http: accepted,
          clock,
          options: { random: () => 0 },
        });
        const [report] = await dispatcher.drainOnce();
        assert.equal(report?.outcome.kind, 'retry');
        const stored = await getDelivery(store.db, row!.id);
        assert.deepEqual(
          [stored?.status, stored?.attempts, stored?.lastError],
          ['pending', 1, 'Could not load the integration: A stored secret could not be decrypted.'],
        );
      }));

    test('a stored body that is not a JSON object fails the row', (t) =>
      withStore(engine, t, async (store) => {
        const clock = new FakeClock();
        const [row] = await enqueueDeliveries(store.db, [newDelivery('pagewatch/m1')], new Date(clock.now()));
        await store.db.updateTable('deliveries').set({ payload: '[1,2' }).where('id', '=', row!.id).execute();
        const dispatcher = createDispatcher({
          db: store.db,
          engine: store.engine,
          resolveTarget: async () => pagerDutyTarget('http://127.0.0.1:9'),
          http: accepted,
          clock,
        });
        await dispatcher.drainOnce();
        const stored = await getDelivery(store.db, row!.id);
        assert.deepEqual(
          [stored?.status, stored?.lastError],
          ['failed', 'The stored event body is not valid JSON'],
        );
      }));

    test('a send that outlives its lease: the late outcome is not recorded over the new owner, and is logged', (t) =>
      withStore(engine, t, async (store) => {
        const clock = new FakeClock();
        const [row] = await enqueueDeliveries(store.db, [newDelivery('pagewatch/m1')], new Date(clock.now()));
        const warnings: string[] = [];
        const logger: DispatcherLogger = {
          debug: () => undefined,
          info: () => undefined,
          error: () => undefined,
          warn: (_fields, message) => warnings.push(message),
        };
        const slowHttp: HttpClient = async (request) => {
          // While this request hangs, the lease runs out and another dispatcher claims the row.
          clock.advance(60_001);
          const taken = await claimDueDeliveries(store.db, {
            now: new Date(clock.now()),
            limit: 1,
            leaseMs: 60_000,
            claimerId: 'other',
            engine: store.engine,
          });
          assert.equal(taken.length, 1);
          return accepted(request);
        };
        const dispatcher = createDispatcher({
          db: store.db,
          engine: store.engine,
          resolveTarget: async () => pagerDutyTarget('http://127.0.0.1:9'),
          http: slowHttp,
          clock,
          logger,
          options: { claimerId: 'slow' },
        });
        const [report] = await dispatcher.drainOnce();
        assert.deepEqual([report?.outcome.kind, report?.recorded], ['sent', false]);
        assert.deepEqual(warnings, ['outbox: lease lost before the outcome was recorded']);
        const stored = await store.db
          .selectFrom('deliveries')
          .selectAll()
          .where('id', '=', row!.id)
          .executeTakeFirst();
        assert.deepEqual([stored?.status, stored?.claimed_by], ['pending', 'other'], 'the new owner decides');
      }));
  });
}
