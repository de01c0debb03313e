/**
 * Per-integration-key rate limiting. PagerDuty accepts about 120 events per minute per integration key (a
 * sliding 60 s window); going faster only earns 429s, so sends wait their turn here instead. One limiter object
 * is shared by every sender in the process, since the limit is per key, not per call site.
 */
import pThrottle from 'p-throttle';

/** Runs tasks for one integration key no faster than the key's limit allows. */
export interface RoutingKeyRateLimiter {
  /** Runs `task` once the key's limit allows it, and resolves or rejects with the task's outcome. */
  schedule<T>(routingKey: string, task: () => Promise<T>): Promise<T>;
}

/** How fast one key may send. */
export interface RoutingKeyRateLimitOptions {
  /** Events per key per interval. Default 120 (PagerDuty's documented limit). */
  limit?: number;
  /** The window in milliseconds. Default 60 000. */
  intervalMs?: number;
}

export const DEFAULT_EVENTS_PER_KEY = 120;
export const DEFAULT_RATE_INTERVAL_MS = 60_000;

/** Creates a limiter with one sliding-window throttle per key, made on the key's first use. */
export function createRoutingKeyRateLimiter(options: RoutingKeyRateLimitOptions = {}): RoutingKeyRateLimiter {
  const limit = options.limit ?? DEFAULT_EVENTS_PER_KEY;
  const interval = options.intervalMs ?? DEFAULT_RATE_INTERVAL_MS;
  // One "wait for a free slot" per key; the task runs once the slot is granted, so its type flows through.
  const slotPerKey = new Map<string, () => Promise<void>>();
  return {
    async schedule(routingKey, task) {
      let waitForSlot = slotPerKey.get(routingKey);
      if (!waitForSlot) {
        // A pThrottle() call holds one window shared by every function it wraps, so each key needs its own.
        // strict: PagerDuty's window slides; the default fixed window allows up to twice the limit at its edges.
        waitForSlot = pThrottle({ limit, interval, strict: true })(async () => undefined);
        slotPerKey.set(routingKey, waitForSlot);
      }
      await waitForSlot();
      return task();
    },
  };
}

/** The process-wide limiter `deliverPagerDutyEvent` uses unless given another, so all its callers share it. */
export const sharedPagerDutyRateLimiter: RoutingKeyRateLimiter = createRoutingKeyRateLimiter();
