import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  PagewatchError,
  PermanentDeliveryError,
  TransientDeliveryError,
} from '../../../src/errors/pagewatch-error.js';
import {
  buildResolveEvent,
  deliverPagerDutyEvent,
  type DeliverPagerDutyEventOptions,
  type PagerDutyRetryInfo,
} from '../../../src/notifiers/pagerduty/index.js';
import {
  ACCEPTED,
  DEDUP_KEY,
  fakeClock,
  jsonResponse,
  recordingRateLimiter,
  ROUTING_KEY,
  scriptedHttpClient,
  type ScriptedAnswer,
} from './fakes.js';

const event = buildResolveEvent({ routingKey: ROUTING_KEY, dedupKey: DEDUP_KEY });
const UNAVAILABLE = jsonResponse(503, { message: 'Service Unavailable' });
const INVALID = jsonResponse(400, { errors: ["'payload.summary' is missing or blank"] });

/** A delivery on a fake clock with no jitter, so every wait is exact and nothing really sleeps. */
function setup(answers: ScriptedAnswer[], overrides: Partial<DeliverPagerDutyEventOptions> = {}) {
  const http = scriptedHttpClient(answers);
  const clock = fakeClock();
  const retries: PagerDutyRetryInfo[] = [];
  const rateLimiter = recordingRateLimiter();
  const options: DeliverPagerDutyEventOptions = {
    http,
    kind: 'v2',
    clock,
    rateLimiter,
    random: () => 0,
    onRetry: (info) => retries.push(info),
    ...overrides,
  };
  return { http, clock, retries, rateLimiter, deliver: () => deliverPagerDutyEvent(event, options) };
}

describe('deliverPagerDutyEvent', () => {
  it('503 twice then 202 → exactly 3 attempts and success', async () => {
    const { http, clock, retries, deliver } = setup([UNAVAILABLE, UNAVAILABLE, ACCEPTED]);
    const result = await deliver();
    assert.deepEqual(result, { status: 202, message: 'Event processed', dedupKey: DEDUP_KEY, attempts: 3 });
    assert.equal(http.requests.length, 3);
    assert.deepEqual(clock.sleeps, [1000, 2000]);
    assert.deepEqual(
      retries.map(({ attempt, maxAttempts, delayMs, error }) => ({
        attempt,
        maxAttempts,
        delayMs,
        status: error.status,
      })),
      [
        { attempt: 1, maxAttempts: 5, delayMs: 1000, status: 503 },
        { attempt: 2, maxAttempts: 5, delayMs: 2000, status: 503 },
      ],
    );
  });

  it('400 → exactly 1 attempt, the permanent error with PagerDuty text, no wait', async () => {
    const { http, clock, retries, deliver } = setup([INVALID, ACCEPTED]);
    await assert.rejects(deliver(), (error: unknown) => {
      assert.ok(error instanceof PermanentDeliveryError);
      assert.match(error.message, /'payload\.summary' is missing or blank/);
      return true;
    });
    assert.equal(http.requests.length, 1);
    assert.deepEqual(clock.sleeps, []);
    assert.deepEqual(retries, []);
  });

  it('always 503 → maxAttempts attempts, then a transient error saying how many', async () => {
    const { http, clock, deliver } = setup([UNAVAILABLE]);
    await assert.rejects(deliver(), (error: unknown) => {
      assert.ok(error instanceof TransientDeliveryError);
      assert.match(error.message, /^PagerDuty delivery failed after 5 attempts: PagerDuty answered 503/);
      assert.equal(error.status, 503);
      assert.ok(error.cause instanceof TransientDeliveryError);
      return true;
    });
    assert.equal(http.requests.length, 5);
    assert.deepEqual(clock.sleeps, [1000, 2000, 4000, 8000]);
  });

  const attemptCases = [1, 2, 7];
  for (const maxAttempts of attemptCases) {
    it(`maxAttempts ${maxAttempts} → ${maxAttempts} attempts`, async () => {
      const { http, deliver } = setup([UNAVAILABLE], { maxAttempts, maxTotalMs: 1_000_000 });
      await assert.rejects(deliver(), new RegExp(`after ${maxAttempts} attempts?:`));
      assert.equal(http.requests.length, maxAttempts);
    });
  }

  it('429 with Retry-After: 2 → the next attempt waits at least 2000 ms', async () => {
    const rateLimited = jsonResponse(429, {}, { 'retry-after': '2' });
    const { http, clock, retries } = setup([rateLimited, ACCEPTED]);
    const sentAt: number[] = [];
    const recordingHttp = Object.assign(
      async (request: Parameters<typeof http>[0]) => {
        sentAt.push(clock.now());
        return http(request);
      },
      { requests: http.requests },
    );
    await deliverPagerDutyEvent(event, {
      http: recordingHttp,
      kind: 'v2',
      clock,
      rateLimiter: recordingRateLimiter(),
      random: () => 0,
      minDelayMs: 10,
      onRetry: (info) => retries.push(info),
    });
    assert.equal(sentAt.length, 2);
    assert.ok(
      (sentAt[1] ?? 0) - (sentAt[0] ?? 0) >= 2000,
      `waited ${(sentAt[1] ?? 0) - (sentAt[0] ?? 0)} ms`,
    );
    assert.deepEqual(clock.sleeps, [2000]);
    assert.equal(retries[0]?.delayMs, 2000);
  });

  it('a Retry-After longer than maxDelayMs is still honoured', async () => {
    const rateLimited = jsonResponse(429, {}, { 'retry-after': '45' });
    const { clock, deliver } = setup([rateLimited, ACCEPTED], { maxDelayMs: 5000 });
    await deliver();
    assert.deepEqual(clock.sleeps, [45_000]);
  });

  it('maxTotalMs: gives up instead of starting a wait that would end past the budget', async () => {
    const { http, clock, deliver } = setup([UNAVAILABLE], { maxTotalMs: 2500 });
    await assert.rejects(deliver(), (error: unknown) => {
      assert.ok(error instanceof TransientDeliveryError);
      assert.match(
        error.message,
        /after 2 attempts \(stopped: the next wait of 2 s would pass the 2\.5 s limit\)/,
      );
      return true;
    });
    assert.equal(http.requests.length, 2);
    assert.deepEqual(clock.sleeps, [1000]);
  });

  it('maxTotalMs counts slow attempts and cuts the last request timeout to what is left', async () => {
    const clockRef: { advance?: (ms: number) => void } = {};
    const slowFailure = () => {
      clockRef.advance?.(10_000);
      return UNAVAILABLE;
    };
    const { http, clock, deliver } = setup([slowFailure], { maxTotalMs: 25_000, timeoutMs: 10_000 });
    clockRef.advance = (ms) => clock.advance(ms);
    // t=0 attempt 1 (10 s), wait 1 s, t=11 attempt 2 (10 s), wait 2 s, t=23 attempt 3 with 2 s left.
    await assert.rejects(deliver(), /after 3 attempts \(stopped/);
    assert.deepEqual(
      http.requests.map((request) => request.timeoutMs),
      [10_000, 10_000, 2_000],
    );
  });

  it('a Retry-After past the budget stops delivery rather than retrying early', async () => {
    const rateLimited = jsonResponse(429, {}, { 'retry-after': '600' });
    const { http, clock, deliver } = setup([rateLimited]);
    await assert.rejects(deliver(), /after 1 attempt \(stopped: the next wait of 600 s/);
    assert.equal(http.requests.length, 1);
    assert.deepEqual(clock.sleeps, []);
  });

  it('retries network errors, with jitter spreading the waits', async () => {
    const refused = new TypeError('fetch failed', { cause: new Error('connect ECONNREFUSED 127.0.0.1:1') });
    const { clock, retries, deliver } = setup([refused, ACCEPTED], { random: () => 0.25 });
    assert.equal((await deliver()).attempts, 2);
    assert.deepEqual(clock.sleeps, [1250]);
    assert.match(retries[0]?.error.message ?? '', /ECONNREFUSED/);
  });

  it('never waits longer than maxDelayMs between exponential retries', async () => {
    const { clock, deliver } = setup([UNAVAILABLE], {
      maxAttempts: 6,
      maxDelayMs: 3000,
      maxTotalMs: 1_000_000,
    });
    await assert.rejects(deliver());
    assert.deepEqual(clock.sleeps, [1000, 2000, 3000, 3000, 3000]);
  });

  it('sends every attempt through the rate limiter under the routing key', async () => {
    const { rateLimiter, deliver } = setup([UNAVAILABLE, ACCEPTED]);
    await deliver();
    assert.deepEqual(rateLimiter.keys, [ROUTING_KEY, ROUTING_KEY]);
  });

  it('stops waiting when the signal aborts', async () => {
    const controller = new AbortController();
    const { http, deliver } = setup([UNAVAILABLE], {
      signal: controller.signal,
      onRetry: () => controller.abort(new Error('shutting down')),
    });
    await assert.rejects(deliver(), /shutting down/);
    assert.equal(http.requests.length, 1);
  });

  it('rejects bad options and bad base URLs before any attempt', async () => {
    for (const overrides of [{ maxAttempts: 0 }, { minDelayMs: -1 }, { baseUrl: 'ftp://x' }]) {
      const { http, deliver } = setup([ACCEPTED], overrides);
      await assert.rejects(
        deliver(),
        (error: unknown) => error instanceof PagewatchError && error.code === 'PW_ERR_VALIDATION',
      );
      assert.equal(http.requests.length, 0);
    }
  });
});
