/** The dispatcher's tunables, their defaults, and their validation (every problem reported at once). */
import { PagewatchError } from '../errors/pagewatch-error.js';
import type { ErrorDetail } from '../errors/catalog.js';

export interface DispatcherOptions {
  /** How often to look for due rows when nothing woke the dispatcher. Default 500 ms. */
  pollIntervalMs?: number;
  /** Most rows claimed at once, which is also the most sends in flight. Default 20. */
  batchSize?: number;
  /**
   * How long a claim holds. A dispatcher that dies mid-send leaves its rows claimed; they return to the pool
   * once the lease runs out. Must exceed `requestTimeoutMs`. Default 60 000 ms.
   */
  leaseMs?: number;
  /**
   * Attempts before a row is marked failed; 0 means never give up. Default 0: these are incident events, and a
   * page or a resolve dropped after an outage is exactly the failure pagewatch exists to prevent. Retries back
   * off to `maxDelayMs`, so an unlimited row costs one request per `maxDelayMs`.
   */
  maxAttempts?: number;
  /** Wait before the first retry, before jitter (×1–2). Default 1 000 ms. */
  minDelayMs?: number;
  /** Cap on the wait between retries (a longer Retry-After is still honoured). Default 300 000 ms. */
  maxDelayMs?: number;
  /**
   * Sends per minute per rate-limit key (PagerDuty integration key, webhook URL), sliding window; 0 for no
   * limit. Per dispatcher process. Default 120, PagerDuty's documented limit.
   */
  rateLimitPerMinute?: number;
  /** Timeout of one send. Default 10 000 ms. */
  requestTimeoutMs?: number;
  /** `health()` reports not ok while a row has been pending longer than this. Default 600 000 ms (10 min). */
  stalledAfterMs?: number;
  /** Names this dispatcher in leases (`claimed_by`); unique per process. Default `<host>:<pid>:<random>`. */
  claimerId?: string;
  /** Jitter source, [0, 1). Default `Math.random`. */
  random?: () => number;
}

export type DispatcherSettings = Required<Omit<DispatcherOptions, 'claimerId' | 'random'>> &
  Pick<DispatcherOptions, 'claimerId' | 'random'>;

export const DISPATCHER_DEFAULTS = {
  pollIntervalMs: 500,
  batchSize: 20,
  leaseMs: 60_000,
  maxAttempts: 0,
  minDelayMs: 1_000,
  maxDelayMs: 300_000,
  rateLimitPerMinute: 120,
  requestTimeoutMs: 10_000,
  stalledAfterMs: 600_000,
} as const satisfies Omit<DispatcherSettings, 'claimerId' | 'random'>;

/**
 * Options with defaults filled in.
 *
 * @throws PagewatchError `PW_ERR_VALIDATION` listing every invalid option.
 */
export function resolveDispatcherSettings(options: DispatcherOptions = {}): DispatcherSettings {
  const defined = Object.fromEntries(Object.entries(options).filter(([, value]) => value !== undefined));
  const settings: DispatcherSettings = { ...DISPATCHER_DEFAULTS, ...defined };
  const problems: ErrorDetail[] = [];
  const check = (ok: boolean, path: keyof DispatcherOptions, message: string) => {
    if (!ok) problems.push({ path, message: `${path} ${message}` });
  };
  const isCount = (value: number, min: number) => Number.isInteger(value) && value >= min;
  check(settings.pollIntervalMs > 0, 'pollIntervalMs', 'must be > 0');
  check(isCount(settings.batchSize, 1), 'batchSize', 'must be an integer ≥ 1');
  check(isCount(settings.maxAttempts, 0), 'maxAttempts', 'must be an integer ≥ 0 (0: unlimited)');
  check(settings.minDelayMs >= 0, 'minDelayMs', 'must be ≥ 0');
  check(settings.maxDelayMs >= settings.minDelayMs, 'maxDelayMs', 'must be ≥ minDelayMs');
  check(settings.rateLimitPerMinute >= 0, 'rateLimitPerMinute', 'must be ≥ 0 (0: no limit)');
  check(settings.requestTimeoutMs > 0, 'requestTimeoutMs', 'must be > 0');
  check(settings.leaseMs > settings.requestTimeoutMs, 'leaseMs', 'must be > requestTimeoutMs');
  check(settings.stalledAfterMs > 0, 'stalledAfterMs', 'must be > 0');
  check(settings.claimerId === undefined || settings.claimerId !== '', 'claimerId', 'must not be empty');
  if (problems.length > 0) {
    const message = `Invalid dispatcher options: ${problems.map((problem) => problem.message).join('; ')}`;
    throw new PagewatchError('PW_ERR_VALIDATION', message, problems);
  }
  return settings;
}
