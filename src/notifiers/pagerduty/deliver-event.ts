/**
 * Delivering one event with retries: the single attempt of `sendPagerDutyEvent`, run by p-retry, paced by the
 * per-key rate limiter, waiting out 5xx and 429 with exponential backoff and jitter, never retrying a refusal.
 */
import pRetry, { AbortError } from 'p-retry';
import { PagewatchError, TransientDeliveryError } from '../../errors/pagewatch-error.js';
import { systemClock } from '../../util/clock.js';
import { DEFAULT_HTTP_TIMEOUT_MS } from '../../util/http-client.js';
import { DEFAULT_EVENTS_BASE_URL } from './contract-limits.js';
import { eventIntegrationKey, resolveEventsEndpoint } from './events-endpoint.js';
import type { PagerDutyEvent } from './event-types.js';
import type { PagerDutySendResult } from './interpret-response.js';
import { sharedPagerDutyRateLimiter, type RoutingKeyRateLimiter } from './rate-limiter.js';
import { computeRetryDelayMs } from './retry-delay.js';
import { sendPagerDutyEvent, type SendPagerDutyEventOptions } from './send-event.js';

/** What a caller is told before each retry, e.g. to print "retry 1/5 in 1.2 s: PagerDuty answered 503". */
export interface PagerDutyRetryInfo {
  /** The attempt that just failed (1-based); the next one is `attempt + 1`. */
  attempt: number;
  maxAttempts: number;
  /** How long delivery waits before the next attempt. */
  delayMs: number;
  error: TransientDeliveryError;
}

/** How to deliver one event. */
export interface DeliverPagerDutyEventOptions extends SendPagerDutyEventOptions {
  /** Attempts in all, the first included. Default 5. */
  maxAttempts?: number;
  /** Wait before the first retry, before jitter (1–2×). Default 1 000. */
  minDelayMs?: number;
  /** Cap on one wait (a Retry-After may ask for longer and is honoured). Default 30 000. */
  maxDelayMs?: number;
  /**
   * Bound on the whole delivery, from the first attempt: no wait is started that would end past it, and each
   * request's timeout is cut to what is left. Default 120 000.
   */
  maxTotalMs?: number;
  /** Called before each wait. Default: none. */
  onRetry?: (info: PagerDutyRetryInfo) => void;
  /** Paces sends per integration key. Default: the process-wide {@link sharedPagerDutyRateLimiter}. */
  rateLimiter?: RoutingKeyRateLimiter;
  /** Jitter source, [0, 1). Default `Math.random`. */
  random?: () => number;
  /** Stops waiting and retrying (e.g. on shutdown); the error is the signal's reason. Default: none. */
  signal?: AbortSignal;
}

/** What PagerDuty said, and how many attempts it took. */
export interface PagerDutyDeliveryResult extends PagerDutySendResult {
  attempts: number;
}

export const DEFAULT_MAX_ATTEMPTS = 5;
export const DEFAULT_MIN_DELAY_MS = 1_000;
export const DEFAULT_MAX_DELAY_MS = 30_000;
export const DEFAULT_MAX_TOTAL_MS = 120_000;

/**
 * Delivers `event`, retrying transient failures.
 *
 * @throws PermanentDeliveryError at once when PagerDuty refuses the event (never retried).
 * @throws TransientDeliveryError when every attempt failed or the time budget ran out; its message says how
 *   many attempts were made and ends with the last failure.
 * @throws PagewatchError `PW_ERR_VALIDATION` for bad options or an event without its integration key.
 */
export async function deliverPagerDutyEvent(
  event: PagerDutyEvent,
  options: DeliverPagerDutyEventOptions,
): Promise<PagerDutyDeliveryResult> {
  const settings = readSettings(options);
  const clock = options.clock ?? systemClock;
  const limiter = options.rateLimiter ?? sharedPagerDutyRateLimiter;
  const routingKey = eventIntegrationKey(event, options.kind);
  resolveEventsEndpoint(options.baseUrl ?? DEFAULT_EVENTS_BASE_URL, options.kind); // fail before any wait
  const startedAt = clock.now();
  let attempts = 0;
  let stoppedEarly: string | undefined;

  const attempt = async (): Promise<PagerDutySendResult> => {
    attempts += 1;
    try {
      return await limiter.schedule(routingKey, () => {
        // The request's own timeout is cut to what is left of the budget, so a hanging PagerDuty cannot
        // stretch the total past maxTotalMs.
        const remainingMs = settings.maxTotalMs - (clock.now() - startedAt);
        if (remainingMs <= 0) {
          throw new TransientDeliveryError(
            `PagerDuty delivery used its ${formatSeconds(settings.maxTotalMs)} budget waiting for the rate limit`,
          );
        }
        const timeoutMs = Math.min(options.timeoutMs ?? DEFAULT_HTTP_TIMEOUT_MS, remainingMs);
        return sendPagerDutyEvent(event, { ...options, timeoutMs });
      });
    } catch (error) {
      if (error instanceof TransientDeliveryError) throw error;
      // Anything else (a refusal, a bad option) will fail the same way again: AbortError stops p-retry.
      throw new AbortError(error instanceof Error ? error : new Error(String(error)));
    }
  };

  try {
    const result = await pRetry(attempt, {
      retries: settings.maxAttempts - 1,
      // p-retry must not sleep itself: the wait happens below, on the injected clock, where it can be
      // announced, stretched to Retry-After and checked against the time budget.
      minTimeout: 0,
      ...(options.signal ? { signal: options.signal } : {}),
      onFailedAttempt: async ({ error, attemptNumber, retriesLeft }) => {
        if (retriesLeft <= 0 || !(error instanceof TransientDeliveryError)) return;
        const delayMs = computeRetryDelayMs(attemptNumber, settings, error.retryAfterMs);
        const elapsedMs = clock.now() - startedAt;
        if (elapsedMs + delayMs > settings.maxTotalMs) {
          stoppedEarly = `the next wait of ${formatSeconds(delayMs)} would pass the ${formatSeconds(settings.maxTotalMs)} limit`;
          throw error;
        }
        options.onRetry?.({ attempt: attemptNumber, maxAttempts: settings.maxAttempts, delayMs, error });
        await clock.sleep(delayMs, options.signal);
      },
    });
    return { ...result, attempts };
  } catch (error) {
    if (!(error instanceof TransientDeliveryError)) throw error;
    const plural = attempts === 1 ? 'attempt' : 'attempts';
    const why = stoppedEarly ? ` (stopped: ${stoppedEarly})` : '';
    throw new TransientDeliveryError(
      `PagerDuty delivery failed after ${attempts} ${plural}${why}: ${error.message}`,
      {
        ...(error.status !== undefined ? { status: error.status } : {}),
        ...(error.retryAfterMs !== undefined ? { retryAfterMs: error.retryAfterMs } : {}),
        cause: error,
      },
    );
  }
}

interface RetrySettings {
  maxAttempts: number;
  minDelayMs: number;
  maxDelayMs: number;
  maxTotalMs: number;
  random?: () => number;
}

function readSettings(options: DeliverPagerDutyEventOptions): RetrySettings {
  const settings = {
    maxAttempts: options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS,
    minDelayMs: options.minDelayMs ?? DEFAULT_MIN_DELAY_MS,
    maxDelayMs: options.maxDelayMs ?? DEFAULT_MAX_DELAY_MS,
    maxTotalMs: options.maxTotalMs ?? DEFAULT_MAX_TOTAL_MS,
    ...(options.random ? { random: options.random } : {}),
  };
  const problems = [
    !(Number.isInteger(settings.maxAttempts) && settings.maxAttempts >= 1) &&
      'maxAttempts must be an integer ≥ 1',
    !(settings.minDelayMs >= 0) && 'minDelayMs must be ≥ 0',
    !(settings.maxDelayMs >= settings.minDelayMs) && 'maxDelayMs must be ≥ minDelayMs',
    !(settings.maxTotalMs >= 0) && 'maxTotalMs must be ≥ 0',
  ].filter((problem): problem is string => typeof problem === 'string');
  if (problems.length > 0) {
    throw new PagewatchError(
      'PW_ERR_VALIDATION',
      `Invalid PagerDuty delivery options: ${problems.join('; ')}`,
      problems.map((message) => ({ path: message.split(' ')[0], message })),
    );
  }
  return settings;
}

function formatSeconds(ms: number): string {
  return `${Number((ms / 1000).toFixed(1))} s`;
}
