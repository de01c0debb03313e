/**
 * Test doubles for the PagerDuty notifier: run results, a scripted HTTP transport, a fake clock and a
 * pass-through rate limiter. No test here touches the network except the loopback one, on 127.0.0.1 only.
 */
import type { Clock } from '../../../src/util/clock.js';
import type { HttpClient, HttpRequest, HttpResponse } from '../../../src/util/http-client.js';
import type { RoutingKeyRateLimiter } from '../../../src/notifiers/pagerduty/index.js';
import type { RequestExecution, RunResult } from '../../../src/runner/run-result.js';

/** A well-formed (fake) integration key: 32 letters and digits. */
export const ROUTING_KEY = 'abcdef0123456789ABCDEF0123456789';
export const DEDUP_KEY = 'pagewatch/mon_checkout';

export function passingExecution(overrides: Partial<RequestExecution> = {}): RequestExecution {
  return {
    name: 'List products',
    method: 'GET',
    url: 'https://shop.example.test/products',
    status: 200,
    responseTimeMs: 42,
    iteration: 0,
    assertions: [{ name: 'status is 200', passed: true }],
    ...overrides,
  };
}

export function failingExecution(overrides: Partial<RequestExecution> = {}): RequestExecution {
  return {
    name: 'Get cart',
    method: 'GET',
    url: 'https://shop.example.test/cart',
    status: 500,
    responseTimeMs: 120,
    iteration: 0,
    assertions: [
      { name: 'status is 200', passed: false, error: 'expected 500 to equal 200' },
      { name: 'body has items', passed: true },
    ],
    ...overrides,
  };
}

export function runResult(overrides: Partial<RunResult> = {}): RunResult {
  return {
    status: 'failure',
    startedAt: '2025-03-01T10:00:00.000Z',
    finishedAt: '2025-03-01T10:00:01.500Z',
    durationMs: 1500,
    stats: { requests: { total: 2, failed: 1 }, assertions: { total: 3, failed: 1 } },
    executions: [passingExecution(), failingExecution()],
    ...overrides,
  };
}

export function jsonResponse(
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): HttpResponse {
  return {
    status,
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  };
}

export const ACCEPTED = jsonResponse(202, {
  status: 'success',
  message: 'Event processed',
  dedup_key: DEDUP_KEY,
});

/** One scripted answer: a response, an error to reject with, or a function of the request. */
export type ScriptedAnswer =
  HttpResponse | Error | ((request: HttpRequest) => HttpResponse | Promise<HttpResponse>);

/**
 * An HttpClient that answers from a script, in order (the last answer repeats), and records every request.
 */
export function scriptedHttpClient(answers: ScriptedAnswer[]): HttpClient & { requests: HttpRequest[] } {
  const requests: HttpRequest[] = [];
  const client = async (request: HttpRequest): Promise<HttpResponse> => {
    requests.push(request);
    const answer = answers[Math.min(requests.length - 1, answers.length - 1)];
    if (answer === undefined) throw new Error('scriptedHttpClient has no answers');
    if (answer instanceof Error) throw answer;
    return typeof answer === 'function' ? answer(request) : answer;
  };
  return Object.assign(client, { requests });
}

/** A clock whose time moves only when something sleeps on it (or the test advances it); sleeps are recorded. */
export function fakeClock(startMs = Date.parse('2025-03-01T10:00:00.000Z')): Clock & {
  sleeps: number[];
  advance(ms: number): void;
} {
  let now = startMs;
  const sleeps: number[] = [];
  return {
    sleeps,
    now: () => now,
    advance(ms) {
      now += ms;
    },
    async sleep(ms, signal) {
      signal?.throwIfAborted();
      sleeps.push(ms);
      now += ms;
    },
  };
}

/** A limiter that never waits and records the keys it was asked about. */
export function recordingRateLimiter(): RoutingKeyRateLimiter & { keys: string[] } {
  const keys: string[] = [];
  return {
    keys,
    schedule(routingKey, task) {
      keys.push(routingKey);
      return task();
    },
  };
}
