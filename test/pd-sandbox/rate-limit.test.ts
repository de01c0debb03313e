import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import { startPdSandbox, type PdSandbox } from '../../src/pd-sandbox/index.js';
import { admitToWindow } from '../../src/pd-sandbox/rate-limiter.js';
import {
  CHANGE_EVENTS_PATH,
  EVENTS_V1_PATH,
  EVENTS_V2_PATH,
  FakeClock,
  OTHER_ROUTING_KEY,
  ROUTING_KEY,
  post,
  triggerEvent,
} from './helpers.js';

const THROTTLED_BODY = {
  status: 'throttle event',
  message: 'Requests for this service are arriving too quickly. Please retry later.',
};

describe('pd-sandbox: rate limit per integration key (sliding 60 s window)', () => {
  const clock = new FakeClock();
  let sandbox: PdSandbox;
  before(async () => {
    sandbox = await startPdSandbox({ clock }); // default: 120 per minute
  });
  after(() => sandbox.close());
  beforeEach(() => sandbox.reset());

  const sendTriggers = async (count: number, routingKey = ROUTING_KEY) => {
    const statuses: number[] = [];
    for (let i = 0; i < count; i++) {
      statuses.push(
        (await post(sandbox.url, EVENTS_V2_PATH, triggerEvent({ routing_key: routingKey }))).status,
      );
    }
    return statuses;
  };

  test('the 121st event within 60 s is answered 429 with a JSON body and is not taken', async () => {
    assert.deepEqual(new Set(await sendTriggers(120)), new Set([202]));
    clock.advance(30_000);
    const reply = await post(sandbox.url, EVENTS_V2_PATH, triggerEvent());
    assert.equal(reply.status, 429);
    assert.deepEqual(reply.body, THROTTLED_BODY);
    assert.equal(sandbox.alerts()[0]?.log.length, 120, 'the throttled trigger added no log entry');
    assert.equal(sandbox.events().at(-1)?.outcome, 'throttled');
  });

  test('the window slides: events leave it 60 s after they were taken', async () => {
    await sendTriggers(60); // t = 0
    clock.advance(30_000);
    await sendTriggers(60); // t = 30 s: the window is full
    clock.advance(29_999);
    assert.deepEqual(await sendTriggers(1), [429], 'at 59.999 s the first 60 are still in the window');
    clock.advance(1);
    assert.deepEqual(new Set(await sendTriggers(60)), new Set([202]), 'at 60 s the first 60 have left');
    assert.deepEqual(await sendTriggers(1), [429], 'and the window is full again');
  });

  test('the limit is per integration key', async () => {
    await sendTriggers(120);
    assert.deepEqual(await sendTriggers(1), [429]);
    assert.deepEqual(await sendTriggers(1, OTHER_ROUTING_KEY), [202]);
  });

  test('admitToWindow: an event taken exactly windowMs ago no longer counts', () => {
    const policy = { limit: 2, windowMs: 60_000 };
    assert.deepEqual(admitToWindow([0, 10], 59_999, policy), { admitted: false, takenAt: [0, 10] });
    assert.deepEqual(admitToWindow([0, 10], 60_000, policy), { admitted: true, takenAt: [10, 60_000] });
  });
});

describe('pd-sandbox: rate limit on v1 and change events (limit 3 per minute)', () => {
  const clock = new FakeClock();
  let sandbox: PdSandbox;
  before(async () => {
    sandbox = await startPdSandbox({ clock, rateLimitPerMinute: 3 });
  });
  after(() => sandbox.close());
  beforeEach(() => sandbox.reset());

  test('Events API v1 answers 403 (not 429) when throttled, with a JSON body', async () => {
    const event = { service_key: ROUTING_KEY, event_type: 'trigger', incident_key: 'k', description: 'down' };
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) statuses.push((await post(sandbox.url, EVENTS_V1_PATH, event)).status);
    assert.deepEqual(statuses, [200, 200, 200, 403]);
    const reply = await post(sandbox.url, EVENTS_V1_PATH, event);
    assert.equal(reply.status, 403);
    assert.deepEqual(reply.body, THROTTLED_BODY);
    clock.advance(60_000);
    assert.equal((await post(sandbox.url, EVENTS_V1_PATH, event)).status, 200);
  });

  test('change events count against the same key and are throttled with 429', async () => {
    const change = { routing_key: ROUTING_KEY, payload: { summary: 'deploy' } };
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) statuses.push((await post(sandbox.url, CHANGE_EVENTS_PATH, change)).status);
    assert.deepEqual(statuses, [202, 202, 202, 429]);
    assert.equal(sandbox.changeEvents().length, 3);
  });
});
