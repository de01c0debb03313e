/**
 * How long to wait before the next attempt. p-retry runs the attempts, but it sleeps on its own timer and does
 * not say how long, so the wait is computed here (with the same formula p-retry uses: exponential, randomized
 * by a factor of 1–2) to be announced ("retry in 1.2 s"), to honour Retry-After, and to be slept on the
 * injected clock.
 */

/** Backoff settings; all in milliseconds. */
export interface BackoffOptions {
  /** Wait before the first retry, before jitter. */
  minDelayMs: number;
  /** Cap on any one wait, jitter included. */
  maxDelayMs: number;
  /** Returns a number in [0, 1); spreads retries of many senders apart. Default `Math.random`. */
  random?: () => number;
}

/**
 * The wait before retry number `retry` (1 for the first retry): `minDelayMs × 2^(retry-1) × (1 + random)`,
 * capped at `maxDelayMs`, and never shorter than `retryAfterMs` when the receiver asked for a pause.
 */
export function computeRetryDelayMs(retry: number, options: BackoffOptions, retryAfterMs?: number): number {
  const random = options.random ?? Math.random;
  const exponential = options.minDelayMs * 2 ** Math.max(0, retry - 1) * (1 + random());
  const backoff = Math.round(Math.min(exponential, options.maxDelayMs));
  // Retry-After wins over the cap: retrying earlier than PagerDuty asked only earns another 429.
  return Math.max(backoff, retryAfterMs ?? 0);
}
