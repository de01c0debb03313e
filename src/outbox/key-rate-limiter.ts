/**
 * The dispatcher's per-key send budget: at most `limit` sends per key in any sliding `windowMs` (PagerDuty allows
 * about 120 events per minute per integration key). It never waits: a send over budget is told when a slot
 * frees, and the dispatcher puts the row back until then. So a busy key holds no lease and no worker, and never
 * slows another key. Reads the injected clock, so tests step through windows without sleeping.
 *
 * The budget is per process: several dispatchers (PostgreSQL) each keep their own, and PagerDuty's 429 with
 * Retry-After remains the backstop.
 */
import type { Clock } from '../util/clock.js';

export interface KeyRateLimiter {
  /**
   * Takes a slot for `key` now and returns 0, or takes nothing and returns how many milliseconds until a
   * slot frees.
   */
  tryTake(key: string): number;
}

/** A sliding-window limiter; `limit` 0 means no limit. */
export function createKeyRateLimiter(clock: Clock, limit: number, windowMs = 60_000): KeyRateLimiter {
  const takenPerKey = new Map<string, number[]>();
  return {
    tryTake(key) {
      if (limit <= 0) return 0;
      const now = clock.now();
      // A slot taken exactly windowMs ago has left the window.
      const taken = (takenPerKey.get(key) ?? []).filter((at) => at > now - windowMs);
      if (taken.length >= limit) {
        takenPerKey.set(key, taken);
        const leavesAt = (taken[taken.length - limit] ?? now) + windowMs;
        return Math.max(1, leavesAt - now);
      }
      taken.push(now);
      takenPerKey.set(key, taken);
      return 0;
    },
  };
}
