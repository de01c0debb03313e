/** Shared fixtures for the PagerDuty sandbox tests: keys, event builders, a fake clock and a tiny HTTP client. */
import assert from 'node:assert/strict';
import type { Clock } from '../../src/util/clock.js';

/** The integration key from PagerDuty's own docs examples (32 hex characters). */
export const ROUTING_KEY = 'e93facc04764012d7bfb002500d5d1a6';
export const OTHER_ROUTING_KEY = '0123456789abcdef0123456789abcdef';
/** A global ruleset key: starts with R, 32 characters. */
export const RULESET_KEY = 'R0123456789ABCDEFGHIJKLMNOPQRSTU';

export const EVENTS_V2_PATH = '/v2/enqueue';
export const CHANGE_EVENTS_PATH = '/v2/change/enqueue';
export const EVENTS_V1_PATH = '/generic/2010-04-15/create_event.json';

export const BASE_PAYLOAD = {
  summary: 'GET /health failed: expected 200, got 503',
  source: 'pagewatch/monitor-1',
  severity: 'critical',
} as const;

/** A valid v2 trigger; `overrides` replace top-level fields, `payload` patches the payload. */
export function triggerEvent(
  overrides: Record<string, unknown> = {},
  payload: Record<string, unknown> = {},
): Record<string, unknown> {
  return {
    routing_key: ROUTING_KEY,
    event_action: 'trigger',
    dedup_key: 'pagewatch/monitor-1',
    payload: { ...BASE_PAYLOAD, ...payload },
    ...overrides,
  };
}

export function followUpEvent(
  action: 'acknowledge' | 'resolve',
  overrides: Record<string, unknown> = {},
): Record<string, unknown> {
  return { routing_key: ROUTING_KEY, event_action: action, dedup_key: 'pagewatch/monitor-1', ...overrides };
}

export interface JsonReply {
  status: number;
  headers: Headers;
  body: unknown;
}

/** POSTs `body` (JSON-encoded unless it is already a string) and parses the JSON answer. */
export async function post(baseUrl: string, path: string, body: unknown): Promise<JsonReply> {
  const response = await fetch(baseUrl + path, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: response.status, headers: response.headers, body: await response.json() };
}

export async function get(baseUrl: string, path: string): Promise<JsonReply> {
  const response = await fetch(baseUrl + path);
  return { status: response.status, headers: response.headers, body: await response.json() };
}

/** Asserts PagerDuty's 400 "invalid event" answer with exactly these errors. */
export function assertInvalidEvent(reply: JsonReply, errors: string[]): void {
  assert.equal(reply.status, 400);
  assert.deepEqual(reply.body, { status: 'invalid event', message: 'Event object is invalid', errors });
}

/** A clock that only moves when told to; sleeps resolve when the clock passes their deadline. */
export class FakeClock implements Clock {
  private sleepers: { until: number; wake: () => void }[] = [];

  constructor(private current = Date.parse('2026-03-01T12:00:00.000Z')) {}

  now(): number {
    return this.current;
  }

  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    return new Promise((resolve, reject) => {
      if (signal?.aborted) return reject(signal.reason);
      this.sleepers.push({ until: this.current + ms, wake: resolve });
      signal?.addEventListener('abort', () => reject(signal.reason), { once: true });
    });
  }

  advance(ms: number): void {
    this.current += ms;
    const due = this.sleepers.filter((sleeper) => sleeper.until <= this.current);
    this.sleepers = this.sleepers.filter((sleeper) => sleeper.until > this.current);
    for (const sleeper of due) sleeper.wake();
  }

  set(isoTime: string): void {
    this.advance(Date.parse(isoTime) - this.current);
  }

  iso(): string {
    return new Date(this.current).toISOString();
  }
}
