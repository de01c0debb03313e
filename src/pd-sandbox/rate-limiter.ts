/**
 * The receiver's per-integration-key rate limit: PagerDuty takes about 120 events per key over a 60 s window
 * "looking back from the current time" (a sliding window, not fixed minutes). Only events that were taken count:
 * a throttled event was never ingested, so it does not push the window further out.
 */
import type { Clock } from '../util/clock.js';

/** Default events taken per key per window. PagerDuty's documented figure. */
export const DEFAULT_RATE_LIMIT_PER_MINUTE = 120;
/** The window PagerDuty looks back over. */
export const RATE_LIMIT_WINDOW_MS = 60_000;

export interface RateLimitPolicy {
  /** Events taken per key within one window. Default {@link DEFAULT_RATE_LIMIT_PER_MINUTE}. */
  limit: number;
  /** Window length in milliseconds. Default {@link RATE_LIMIT_WINDOW_MS}. */
  windowMs: number;
}

export type WindowDecision = { admitted: boolean; takenAt: readonly number[] };

/**
 * Pure sliding-window decision: given the times events were taken for one key, may one more be taken at `now`?
 * Returns the pruned window, with `now` added when admitted. An event taken exactly `windowMs` ago has left it.
 */
export function admitToWindow(
  takenAt: readonly number[],
  now: number,
  policy: RateLimitPolicy,
): WindowDecision {
  const inWindow = takenAt.filter((at) => at > now - policy.windowMs);
  if (inWindow.length >= policy.limit) return { admitted: false, takenAt: inWindow };
  return { admitted: true, takenAt: [...inWindow, now] };
}

/** Per-key sliding windows on an injected clock. */
export class SlidingWindowRateLimiter {
  private readonly windows = new Map<string, readonly number[]>();

  constructor(
    private readonly clock: Clock,
    readonly policy: RateLimitPolicy = {
      limit: DEFAULT_RATE_LIMIT_PER_MINUTE,
      windowMs: RATE_LIMIT_WINDOW_MS,
    },
  ) {}

  /** Takes one event for `key` if the window allows it; false means "throttle, do not ingest". */
  tryTake(key: string): boolean {
    const decision = admitToWindow(this.windows.get(key) ?? [], this.clock.now(), this.policy);
    this.windows.set(key, decision.takenAt);
    return decision.admitted;
  }

  clear(): void {
    this.windows.clear();
  }
}
