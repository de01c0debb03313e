import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import { PagewatchError } from '../../src/errors/pagewatch-error.js';
import { startPdSandbox, type PdSandbox } from '../../src/pd-sandbox/index.js';
import { EVENTS_V1_PATH, EVENTS_V2_PATH, ROUTING_KEY, get, post, triggerEvent } from './helpers.js';

describe('pd-sandbox: fault injection', () => {
  let sandbox: PdSandbox;
  before(async () => {
    sandbox = await startPdSandbox(); // system clock: the delay test measures real time
  });
  after(() => sandbox.close());
  beforeEach(() => sandbox.reset());

  const sendTrigger = () => post(sandbox.url, EVENTS_V2_PATH, triggerEvent());

  test('503 twice, then accepted: the retried event is taken exactly once', async () => {
    const queued = await post(sandbox.url, '/sandbox/faults', { status: 503, count: 2 });
    assert.equal(queued.status, 201);
    assert.deepEqual(queued.body, { faults: [{ status: 503, remaining: 2 }] });

    const first = await sendTrigger();
    const second = await sendTrigger();
    const third = await sendTrigger();
    assert.deepEqual([first.status, second.status, third.status], [503, 503, 202]);
    assert.deepEqual(first.body, {
      status: 'service unavailable',
      message: 'Service Unavailable (fault injected by the pagewatch PagerDuty sandbox)',
    });

    const alerts = sandbox.alerts();
    assert.equal(alerts.length, 1);
    assert.equal(alerts[0]?.log.length, 1, 'the faulted attempts left no trace on the alert');
    assert.deepEqual(
      sandbox.events().map((event) => [event.httpStatus, event.outcome]),
      [
        [503, 'faulted'],
        [503, 'faulted'],
        [202, 'accepted'],
      ],
    );
  });

  test('an injected 429 carries Retry-After and the throttle body', async () => {
    sandbox.injectFault({ status: 429, count: 1, retryAfterSeconds: 3 });
    const throttled = await sendTrigger();
    assert.equal(throttled.status, 429);
    assert.equal(throttled.headers.get('retry-after'), '3');
    assert.deepEqual(throttled.body, {
      status: 'throttle event',
      message: 'Requests for this service are arriving too quickly. Please retry later.',
    });
    assert.equal((await sendTrigger()).status, 202);
  });

  test('a connection reset makes fetch reject, and the event is not taken', async () => {
    sandbox.injectFault({ reset: true });
    await assert.rejects(sendTrigger(), TypeError); // undici: "fetch failed", cause ECONNRESET / socket closed
    assert.deepEqual(sandbox.alerts(), []);
    const [logged] = sandbox.events();
    assert.equal(logged?.outcome, 'faulted');
    assert.equal(logged?.httpStatus, null);
    assert.equal((await sendTrigger()).status, 202, 'the next request is served normally');
  });

  test('a delay answers slowly, then normally', async () => {
    sandbox.injectFault({ delayMs: 300 });
    const started = performance.now();
    const reply = await sendTrigger();
    const elapsed = performance.now() - started;
    assert.equal(reply.status, 202);
    assert.ok(elapsed >= 290, `answered after ${elapsed.toFixed(0)} ms`);
    assert.equal(sandbox.alerts().length, 1);
  });

  test('faults apply in the order they were queued, to every Events API endpoint', async () => {
    sandbox.injectFault({ status: 500 });
    sandbox.injectFault({ status: 502, count: 2 });
    assert.deepEqual((await get(sandbox.url, '/sandbox/faults')).body, {
      faults: [
        { status: 500, remaining: 1 },
        { status: 502, remaining: 2 },
      ],
    });
    const v1Event = { service_key: ROUTING_KEY, event_type: 'trigger', description: 'down' };
    const statuses = [
      (await sendTrigger()).status,
      (await post(sandbox.url, EVENTS_V1_PATH, v1Event)).status,
      (await sendTrigger()).status,
      (await sendTrigger()).status,
    ];
    assert.deepEqual(statuses, [500, 502, 502, 202]);
    assert.deepEqual(sandbox.pendingFaults(), []);
  });

  test('the control API is never faulted', async () => {
    sandbox.injectFault({ status: 503 });
    assert.equal((await get(sandbox.url, '/sandbox/alerts')).status, 200);
    assert.equal(sandbox.pendingFaults().length, 1);
  });

  test('an invalid fault is refused: 400 over HTTP, PagewatchError in-process', async () => {
    const reply = await post(sandbox.url, '/sandbox/faults', { count: 2 });
    assert.equal(reply.status, 400);
    assert.equal((reply.body as { error: { code: string } }).error.code, 'PW_ERR_VALIDATION');
    assert.throws(
      () => sandbox.injectFault({ status: 503, reset: true }),
      (error: unknown) => error instanceof PagewatchError && error.code === 'PW_ERR_VALIDATION',
    );
    assert.deepEqual(sandbox.pendingFaults(), []);
  });
});
