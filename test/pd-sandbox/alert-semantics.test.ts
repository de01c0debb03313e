import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import { startPdSandbox, type PdSandbox } from '../../src/pd-sandbox/index.js';
import {
  EVENTS_V2_PATH,
  FakeClock,
  OTHER_ROUTING_KEY,
  followUpEvent,
  get,
  post,
  triggerEvent,
} from './helpers.js';

describe('pd-sandbox: alert semantics (dedup key, acknowledge, resolve)', () => {
  const clock = new FakeClock();
  let sandbox: PdSandbox;
  before(async () => {
    sandbox = await startPdSandbox({ clock });
  });
  after(() => sandbox.close());
  beforeEach(() => sandbox.reset());

  const send = async (body: unknown) => {
    const reply = await post(sandbox.url, EVENTS_V2_PATH, body);
    assert.equal(reply.status, 202, JSON.stringify(reply.body));
    return reply;
  };
  const outcomes = () => sandbox.events().map((event) => event.outcome);

  test('a trigger opens one alert with everything the console needs, routing key masked', async () => {
    const openedAt = clock.iso();
    await send(triggerEvent());
    assert.deepEqual(sandbox.alerts(), [
      {
        id: 'alert-1',
        routingKey: '****************************d1a6',
        dedupKey: 'pagewatch/monitor-1',
        status: 'triggered',
        summary: 'GET /health failed: expected 200, got 503',
        severity: 'critical',
        source: 'pagewatch/monitor-1',
        createdAt: openedAt,
        acknowledgedAt: null,
        resolvedAt: null,
        log: [
          {
            at: openedAt,
            action: 'trigger',
            outcome: 'opened',
            summary: 'GET /health failed: expected 200, got 503',
          },
        ],
      },
    ]);
  });

  test('repeated triggers with the same dedup key keep one alert and grow its log', async () => {
    await send(triggerEvent());
    clock.advance(60_000);
    await send(triggerEvent({}, { summary: 'still failing (reminder)' }));
    clock.advance(60_000);
    await send(triggerEvent({}, { summary: 'still failing (reminder 2)' }));

    const alerts = sandbox.alerts();
    assert.equal(alerts.length, 1);
    assert.deepEqual(
      alerts[0]?.log.map((entry) => [entry.outcome, entry.summary]),
      [
        ['opened', 'GET /health failed: expected 200, got 503'],
        ['deduplicated', 'still failing (reminder)'],
        ['deduplicated', 'still failing (reminder 2)'],
      ],
    );
    assert.equal(
      alerts[0]?.summary,
      'GET /health failed: expected 200, got 503',
      'the first trigger names the alert',
    );
  });

  test('acknowledge moves the open alert to acknowledged; a later trigger does not un-acknowledge it', async () => {
    await send(triggerEvent());
    clock.advance(5_000);
    const acknowledgedAt = clock.iso();
    await send(followUpEvent('acknowledge'));
    await send(triggerEvent());

    const [alert] = sandbox.alerts();
    assert.equal(alert?.status, 'acknowledged');
    assert.equal(alert?.acknowledgedAt, acknowledgedAt);
    assert.deepEqual(
      alert?.log.map((entry) => entry.outcome),
      ['opened', 'acknowledged', 'deduplicated'],
    );
  });

  test('resolve moves the open alert to resolved', async () => {
    await send(triggerEvent());
    clock.advance(90_000);
    const resolvedAt = clock.iso();
    await send(followUpEvent('resolve'));

    const [alert] = sandbox.alerts();
    assert.equal(alert?.status, 'resolved');
    assert.equal(alert?.resolvedAt, resolvedAt);
    assert.deepEqual(outcomes(), ['accepted', 'accepted']);
  });

  test('acknowledge and resolve for an unknown dedup key are answered 202 and dropped', async () => {
    const ack = await send(followUpEvent('acknowledge', { dedup_key: 'never-triggered' }));
    const resolve = await send(followUpEvent('resolve', { dedup_key: 'never-triggered' }));
    assert.deepEqual(ack.body, {
      status: 'success',
      message: 'Event processed',
      dedup_key: 'never-triggered',
    });
    assert.deepEqual(resolve.body, ack.body);
    assert.deepEqual(sandbox.alerts(), []);
    assert.deepEqual(outcomes(), ['dropped', 'dropped']);
  });

  test('acknowledge and resolve after the alert is resolved are dropped and change nothing', async () => {
    await send(triggerEvent());
    await send(followUpEvent('resolve'));
    const before = sandbox.alerts();
    await send(followUpEvent('acknowledge'));
    await send(followUpEvent('resolve'));
    assert.deepEqual(sandbox.alerts(), before);
    assert.deepEqual(outcomes(), ['accepted', 'accepted', 'dropped', 'dropped']);
  });

  test('a trigger after resolve opens a new alert with the same dedup key', async () => {
    await send(triggerEvent());
    await send(followUpEvent('resolve'));
    await send(triggerEvent());

    const alerts = sandbox.alerts();
    assert.deepEqual(
      alerts.map((alert) => [alert.id, alert.dedupKey, alert.status]),
      [
        ['alert-1', 'pagewatch/monitor-1', 'resolved'],
        ['alert-2', 'pagewatch/monitor-1', 'triggered'],
      ],
    );
  });

  test('acknowledge and resolve sent with another routing key do not touch the alert', async () => {
    await send(triggerEvent());
    await send(followUpEvent('acknowledge', { routing_key: OTHER_ROUTING_KEY }));
    await send(followUpEvent('resolve', { routing_key: OTHER_ROUTING_KEY }));

    const [alert] = sandbox.alerts();
    assert.equal(alert?.status, 'triggered');
    assert.equal(alert?.log.length, 1);
    assert.deepEqual(outcomes(), ['accepted', 'dropped', 'dropped']);
  });

  test('the same dedup key on another routing key is another alert', async () => {
    await send(triggerEvent());
    await send(triggerEvent({ routing_key: OTHER_ROUTING_KEY }));
    assert.deepEqual(
      sandbox.alerts().map((alert) => alert.routingKey),
      ['****************************d1a6', '****************************cdef'],
    );
  });

  test('GET /sandbox/alerts filters by status and dedup key', async () => {
    await send(triggerEvent({ dedup_key: 'a' }));
    await send(triggerEvent({ dedup_key: 'b' }));
    await send(followUpEvent('resolve', { dedup_key: 'b' }));

    const triggered = await get(sandbox.url, '/sandbox/alerts?status=triggered');
    assert.deepEqual(
      (triggered.body as { alerts: { dedupKey: string }[] }).alerts.map((alert) => alert.dedupKey),
      ['a'],
    );
    const byKey = await get(sandbox.url, '/sandbox/alerts?dedupKey=b&status=resolved');
    assert.deepEqual(
      (byKey.body as { alerts: { id: string }[] }).alerts.map((alert) => alert.id),
      ['alert-2'],
    );
  });

  test('GET /sandbox/alerts with an unknown status is a 400 in pagewatch error shape', async () => {
    const reply = await get(sandbox.url, '/sandbox/alerts?status=open');
    assert.equal(reply.status, 400);
    const { error } = reply.body as { error: { code: string; details: { path: string }[] } };
    assert.equal(error.code, 'PW_ERR_VALIDATION');
    assert.equal(error.details[0]?.path, 'status');
  });
});
