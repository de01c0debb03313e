/**
 * One claimed outbox row, one attempt: resolve the integration, take a rate-limit slot, send once through the
 * row's channel, then record what happened. The decision (`attemptDelivery`) never throws; only recording it
 * can fail (the database is down), and then the row's lease runs out and it is tried again: at least once.
 */
import type { Kysely } from 'kysely';
import { PagewatchError, PermanentDeliveryError, TransientDeliveryError } from '../errors/pagewatch-error.js';
import { computeRetryDelayMs } from '../notifiers/pagerduty/index.js';
import { channelFor, type DeliveryTarget } from '../notifiers/registry.js';
import type { Database } from '../store/schema.js';
import type { Clock } from '../util/clock.js';
import type { HttpClient } from '../util/http-client.js';
import {
  deferDelivery,
  markFailed,
  markRetry,
  markSent,
  type ClaimedDelivery,
  type DeliveryClaim,
} from './delivery-repository.js';
import type { DispatcherSettings } from './dispatcher-options.js';
import type { KeyRateLimiter } from './key-rate-limiter.js';

/** Finds where an integration's events go; null when the integration no longer exists. */
export type ResolveTarget = (integrationId: string) => Promise<DeliveryTarget | null | undefined>;

/** What became of one attempt. */
export type DeliveryOutcome =
  | { kind: 'sent'; attempts: number }
  | { kind: 'retry'; attempts: number; nextAttemptAt: string; error: string }
  | { kind: 'failed'; attempts: number; error: string }
  | { kind: 'deferred'; nextAttemptAt: string };

export interface DeliveryContext {
  db: Kysely<Database>;
  http: HttpClient;
  clock: Clock;
  resolveTarget: ResolveTarget;
  limiter: KeyRateLimiter;
  settings: DispatcherSettings;
  claimerId: string;
}

export const INTEGRATION_DELETED = 'integration deleted';

/** Makes one attempt at `row` and decides its next state. Never throws. */
export async function attemptDelivery(
  row: ClaimedDelivery,
  context: DeliveryContext,
): Promise<DeliveryOutcome> {
  const { clock, settings } = context;
  const attempts = row.attempts + 1;
  let target: DeliveryTarget | null | undefined;
  try {
    target = await context.resolveTarget(row.integrationId);
  } catch (error) {
    // The integration exists but cannot be read now (database hiccup, a secret that does not decrypt with
    // this server's key): an operator can fix that, so the event waits instead of being dropped.
    return retryOrGiveUp(
      attempts,
      `Could not load the integration: ${describeError(error)}`,
      undefined,
      settings,
      clock,
    );
  }
  if (!target) return { kind: 'failed', attempts: row.attempts, error: INTEGRATION_DELETED };
  try {
    const channel = channelFor(target);
    const waitMs = context.limiter.tryTake(channel.rateLimitKey(target));
    if (waitMs > 0) return { kind: 'deferred', nextAttemptAt: isoAt(clock.now() + waitMs) };
    await channel.send(parsePayload(row.payloadJson), target, {
      http: context.http,
      clock,
      timeoutMs: settings.requestTimeoutMs,
      action: row.action,
      deliveryId: row.id,
    });
    return { kind: 'sent', attempts };
  } catch (error) {
    const message = describeError(error);
    if (!isTransient(error)) return { kind: 'failed', attempts, error: message };
    const retryAfterMs = error instanceof TransientDeliveryError ? error.retryAfterMs : undefined;
    return retryOrGiveUp(attempts, message, retryAfterMs, settings, clock);
  }
}

/** A transient failure: retry after backoff (or the receiver's Retry-After, if longer), unless attempts ran out. */
function retryOrGiveUp(
  attempts: number,
  message: string,
  retryAfterMs: number | undefined,
  settings: DispatcherSettings,
  clock: Clock,
): DeliveryOutcome {
  if (settings.maxAttempts > 0 && attempts >= settings.maxAttempts) {
    return { kind: 'failed', attempts, error: `Gave up after ${attempts} attempts: ${message}` };
  }
  const delayMs = computeRetryDelayMs(attempts, settings, retryAfterMs);
  return { kind: 'retry', attempts, nextAttemptAt: isoAt(clock.now() + delayMs), error: message };
}

/** Stores an outcome. False when the claim was lost (the lease ran out and another dispatcher took the row). */
export async function recordOutcome(
  db: Kysely<Database>,
  claim: DeliveryClaim,
  outcome: DeliveryOutcome,
  now: Date,
): Promise<boolean> {
  switch (outcome.kind) {
    case 'sent':
      return markSent(db, claim, { sentAt: now, attempts: outcome.attempts });
    case 'retry':
      return markRetry(db, claim, {
        attempts: outcome.attempts,
        nextAttemptAt: new Date(outcome.nextAttemptAt),
        lastError: outcome.error,
      });
    case 'failed':
      return markFailed(db, claim, { lastError: outcome.error, attempts: outcome.attempts });
    case 'deferred':
      return deferDelivery(db, claim, new Date(outcome.nextAttemptAt));
  }
}

/**
 * Permanent: the receiver refused the event, or pagewatch's own checks did (bad URL, event too large, stored
 * body unreadable): trying again would send the same thing. Transient: the receiver could not take it now, and
 * anything unexpected: for an incident event, retrying with backoff beats dropping it.
 */
function isTransient(error: unknown): boolean {
  if (error instanceof TransientDeliveryError) return true;
  return !(error instanceof PermanentDeliveryError || error instanceof PagewatchError);
}

function parsePayload(json: string): Record<string, unknown> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch (error) {
    throw new PagewatchError('PW_ERR_INTERNAL', 'The stored event body is not valid JSON', [], {
      cause: error,
    });
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new PagewatchError('PW_ERR_INTERNAL', 'The stored event body is not a JSON object');
  }
  return parsed as Record<string, unknown>;
}

function describeError(error: unknown): string {
  if (error instanceof Error) return error.message || error.name;
  return String(error);
}

function isoAt(ms: number): string {
  return new Date(ms).toISOString();
}
