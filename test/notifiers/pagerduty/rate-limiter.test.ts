/**
 * The per-key limiter runs on real timers (p-throttle), so these tests use small windows (a few hundred ms) and
 * allow a little timer slack.
 */
import assert from 'node:assert/strict';
import { performance } from 'node:perf_hooks';
import { describe, it } from 'node:test';
import {
  buildResolveEvent,
  createRoutingKeyRateLimiter,
  deliverPagerDutyEvent,
} from '../../../src/notifiers/pagerduty/index.js';
import { ACCEPTED, DEDUP_KEY, ROUTING_KEY, scriptedHttpClient } from './fakes.js';

const OTHER_KEY = 'ZYXWVUTSRQPONMLKJIHGFEDCBA987654';
/** Timers may fire a millisecond or two early relative to performance.now(). */
const SLACK_MS = 5;

async function startTimes(
  limiter: ReturnType<typeof createRoutingKeyRateLimiter>,
  keys: string[],
): Promise<number[]> {
  const origin = performance.now();
  return Promise.all(keys.map((key) => limiter.schedule(key, async () => performance.now() - origin)));
}

describe('createRoutingKeyRateLimiter', () => {
  it('3 per 200 ms: the 4th send on the same key waits for the window', async () => {
    const limiter = createRoutingKeyRateLimiter({ limit: 3, intervalMs: 200 });
    const started = await startTimes(limiter, [ROUTING_KEY, ROUTING_KEY, ROUTING_KEY, ROUTING_KEY]);
    for (const at of started.slice(0, 3)) assert.ok(at < 50, `first three start at once (${at} ms)`);
    assert.ok((started[3] ?? 0) >= 200 - SLACK_MS, `4th started at ${started[3]} ms`);
  });

  it('121 sends in a window at 120 per window: the 121st waits', async () => {
    const limiter = createRoutingKeyRateLimiter({ limit: 120, intervalMs: 300 });
    const started = await startTimes(
      limiter,
      Array.from({ length: 121 }, () => ROUTING_KEY),
    );
    assert.ok(Math.max(...started.slice(0, 120)) < 100, 'the first 120 do not wait');
    assert.ok((started[120] ?? 0) >= 300 - SLACK_MS, `121st started at ${started[120]} ms`);
  });

  it('limits each key on its own', async () => {
    const limiter = createRoutingKeyRateLimiter({ limit: 3, intervalMs: 200 });
    const started = await startTimes(limiter, [ROUTING_KEY, ROUTING_KEY, ROUTING_KEY, OTHER_KEY]);
    assert.ok((started[3] ?? Infinity) < 50, `the other key is not held back (${started[3]} ms)`);
  });

  it('passes the task result and rejection through', async () => {
    const limiter = createRoutingKeyRateLimiter({ limit: 3, intervalMs: 200 });
    assert.equal(await limiter.schedule(ROUTING_KEY, async () => 42), 42);
    await assert.rejects(
      limiter.schedule(ROUTING_KEY, async () => {
        throw new Error('nope');
      }),
      /nope/,
    );
  });

  it('is shared by separate deliveries that are given the same limiter', async () => {
    const limiter = createRoutingKeyRateLimiter({ limit: 3, intervalMs: 200 });
    const origin = performance.now();
    const sentAt: number[] = [];
    const http = scriptedHttpClient([
      () => {
        sentAt.push(performance.now() - origin);
        return ACCEPTED;
      },
    ]);
    const event = buildResolveEvent({ routingKey: ROUTING_KEY, dedupKey: DEDUP_KEY });
    await Promise.all(
      Array.from({ length: 4 }, () =>
        deliverPagerDutyEvent(event, { http, kind: 'v2', rateLimiter: limiter }),
      ),
    );
    sentAt.sort((a, b) => a - b);
    assert.equal(sentAt.length, 4);
    assert.ok((sentAt[3] ?? 0) >= 200 - SLACK_MS, `4th delivery sent at ${sentAt[3]} ms`);
  });
});
