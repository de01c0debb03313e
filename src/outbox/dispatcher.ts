/**
 * The outbox dispatcher: claims due rows with a lease, sends each once through its channel, and records the
 * outcome (sent, retry later, failed for good). It decides nothing about *whether* to alert and builds no
 * payload: rows arrive complete from the incident engine's transaction.
 *
 * - Order: the store only hands out the oldest pending row of each (integration, dedup key), so one key's events
 *   go strictly in order while different keys are sent concurrently (up to `batchSize` in flight).
 * - Retries: 429/5xx/network errors back off exponentially with jitter up to `maxDelayMs`, never sooner than a
 *   Retry-After; with the default `maxAttempts` 0 an incident event is never given up on.
 * - Rate limit: per PagerDuty integration key / webhook URL; a row over budget is put back until a slot frees,
 *   without holding a lease or blocking other keys.
 * - Restarts: pending rows are picked up on start; rows a dead process had claimed return when their lease
 *   ends. Delivery is at least once; PagerDuty's dedup keys absorb the rare duplicate.
 */
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import type { Kysely } from 'kysely';
import { computeRetryDelayMs } from '../notifiers/pagerduty/index.js';
import type { Database } from '../store/schema.js';
import type { StoreEngine } from '../store/store-engine.js';
import type { Clock } from '../util/clock.js';
import type { HttpClient } from '../util/http-client.js';
import {
  attemptDelivery,
  recordOutcome,
  type DeliveryContext,
  type DeliveryOutcome,
  type ResolveTarget,
} from './deliver-claimed.js';
import {
  claimDueDeliveries,
  countByStatus,
  oldestPendingCreatedAt,
  type ClaimedDelivery,
} from './delivery-repository.js';
import { resolveDispatcherSettings, type DispatcherOptions } from './dispatcher-options.js';
import { createKeyRateLimiter } from './key-rate-limiter.js';

/** The few logger methods the dispatcher uses (pino's signature). */
export interface DispatcherLogger {
  debug(object: object, message: string): void;
  info(object: object, message: string): void;
  warn(object: object, message: string): void;
  error(object: object, message: string): void;
}

export interface DispatcherDependencies {
  db: Kysely<Database>;
  engine: StoreEngine;
  /** The integration's target with its secret decrypted; null when the integration was deleted (row → failed). */
  resolveTarget: ResolveTarget;
  http: HttpClient;
  clock: Clock;
  /** Default: silent. Never given payloads or keys. */
  logger?: DispatcherLogger;
  /** Told every outcome (for metrics). Default: nothing. */
  onOutcome?: (outcome: DeliveryOutcome) => void;
  options?: DispatcherOptions;
}

/** One row handled by a drain. `recorded` is false when the lease had been lost and the outcome was not stored. */
export interface DeliveryReport {
  id: string;
  dedupKey: string;
  outcome: DeliveryOutcome | { kind: 'error'; error: string };
  recorded: boolean;
}

export interface DispatcherHealth {
  /** False when the dispatcher is not running, its last poll failed, or a row has waited past `stalledAfterMs`. */
  ok: boolean;
  running: boolean;
  /** Why `ok` is false. */
  reason?: string;
  /** The most recent error: a failed poll or a failed send. */
  lastError?: string;
  lastErrorAt?: string;
  /** Rows waiting to be delivered (outbox depth); null when the store could not be read. */
  pending: number | null;
  failed: number | null;
  inFlight: number;
  /** Age of the oldest pending row; 0 when none; null when the store could not be read. */
  oldestPendingAgeMs: number | null;
}

export interface Dispatcher {
  /** Names this dispatcher in `claimed_by`. */
  readonly claimerId: string;
  /** Starts polling (idempotent). Pending rows, including those left by a previous process, go out now. */
  start(): void;
  /** Stops polling and resolves once every send in flight has finished and been recorded. */
  stop(): Promise<void>;
  /** Polls now instead of at the next interval: call after committing new rows. */
  wake(): void;
  /** Claims one batch and delivers it; resolves when the batch is done. For tests and one-shot use. */
  drainOnce(): Promise<DeliveryReport[]>;
  health(): Promise<DispatcherHealth>;
}

const MAX_ERROR_BACKOFF_MS = 30_000;

export function createDispatcher(dependencies: DispatcherDependencies): Dispatcher {
  const { db, engine, clock, logger } = dependencies;
  const settings = resolveDispatcherSettings(dependencies.options);
  const claimerId = settings.claimerId ?? `${hostname()}:${process.pid}:${randomBytes(4).toString('hex')}`;
  const context: DeliveryContext = {
    db,
    http: dependencies.http,
    clock,
    resolveTarget: dependencies.resolveTarget,
    limiter: createKeyRateLimiter(clock, settings.rateLimitPerMinute),
    settings,
    claimerId,
  };
  const inFlight = new Map<string, Promise<DeliveryReport>>();
  let running = false;
  let loop: Promise<void> | undefined;
  let wakeRequested = false;
  let sleepAbort: AbortController | undefined;
  let claimChain: Promise<unknown> = Promise.resolve();
  let pollFailures = 0;
  let lastError: { message: string; at: string } | undefined;

  const noteError = (message: string) => {
    lastError = { message, at: new Date(clock.now()).toISOString() };
  };

  /** Claims as many rows as there is room for and starts sending them; claims never overlap. */
  function claimAndStart(): Promise<Promise<DeliveryReport>[]> {
    const claimed = claimChain.then(async () => {
      const room = settings.batchSize - inFlight.size;
      if (room <= 0) return [];
      const rows = await claimDueDeliveries(db, {
        now: new Date(clock.now()),
        limit: room,
        leaseMs: settings.leaseMs,
        claimerId,
        engine,
        excludeIds: [...inFlight.keys()],
      });
      return rows.map((row) => {
        const sending = deliver(row).finally(() => {
          inFlight.delete(row.id);
          wake(); // the key's next row may be due now
        });
        inFlight.set(row.id, sending);
        return sending;
      });
    });
    claimChain = claimed.catch(() => undefined);
    return claimed;
  }

  async function deliver(row: ClaimedDelivery): Promise<DeliveryReport> {
    const outcome = await attemptDelivery(row, context);
    dependencies.onOutcome?.(outcome);
    const fields = { deliveryId: row.id, integrationId: row.integrationId, action: row.action };
    if (outcome.kind === 'retry' || outcome.kind === 'failed') noteError(outcome.error);
    try {
      const recorded = await recordOutcome(db, { id: row.id, claimerId }, outcome, new Date(clock.now()));
      if (!recorded) {
        logger?.warn(
          { ...fields, outcome: outcome.kind },
          'outbox: lease lost before the outcome was recorded',
        );
      } else if (outcome.kind === 'failed') {
        logger?.error(
          { ...fields, attempts: outcome.attempts, error: outcome.error },
          'outbox: delivery failed',
        );
      } else if (outcome.kind === 'retry') {
        const { attempts, nextAttemptAt, error } = outcome;
        logger?.warn({ ...fields, attempts, nextAttemptAt, error }, 'outbox: delivery will be retried');
      } else {
        logger?.debug({ ...fields, outcome: outcome.kind }, 'outbox: delivery handled');
      }
      return { id: row.id, dedupKey: row.dedupKey, outcome, recorded };
    } catch (error) {
      // The store is unreachable: the row stays claimed until its lease ends, then it is sent again.
      const message = `Could not record the outcome of delivery ${row.id}: ${errorText(error)}`;
      noteError(message);
      logger?.error({ ...fields, error: errorText(error) }, 'outbox: could not record a delivery outcome');
      return {
        id: row.id,
        dedupKey: row.dedupKey,
        outcome: { kind: 'error', error: message },
        recorded: false,
      };
    }
  }

  async function runLoop(): Promise<void> {
    while (running) {
      try {
        await claimAndStart();
        pollFailures = 0;
      } catch (error) {
        pollFailures += 1;
        noteError(`Polling the outbox failed: ${errorText(error)}`);
        logger?.error({ error: errorText(error), failures: pollFailures }, 'outbox: polling failed');
      }
      if (!running) break;
      const waitMs =
        pollFailures === 0
          ? settings.pollIntervalMs
          : computeRetryDelayMs(pollFailures, {
              minDelayMs: settings.pollIntervalMs,
              maxDelayMs: Math.max(settings.pollIntervalMs, MAX_ERROR_BACKOFF_MS),
            });
      await sleepUnlessWoken(waitMs);
    }
  }

  async function sleepUnlessWoken(ms: number): Promise<void> {
    if (!wakeRequested) {
      sleepAbort = new AbortController();
      try {
        await clock.sleep(ms, sleepAbort.signal);
      } catch {
        // woken (or stopped)
      } finally {
        sleepAbort = undefined;
      }
    }
    wakeRequested = false;
  }

  function wake(): void {
    wakeRequested = true;
    sleepAbort?.abort();
  }

  return {
    claimerId,
    start() {
      if (running) return;
      running = true;
      logger?.info({ claimerId }, 'outbox: dispatcher started');
      loop = runLoop();
    },
    async stop() {
      running = false;
      sleepAbort?.abort();
      await loop;
      loop = undefined;
      await claimChain;
      await Promise.all(inFlight.values());
      logger?.info({ claimerId }, 'outbox: dispatcher stopped');
    },
    wake,
    async drainOnce() {
      return Promise.all(await claimAndStart());
    },
    async health() {
      const base = {
        running,
        inFlight: inFlight.size,
        ...(lastError ? { lastError: lastError.message, lastErrorAt: lastError.at } : {}),
      };
      let counts;
      let oldest;
      try {
        [counts, oldest] = await Promise.all([countByStatus(db), oldestPendingCreatedAt(db)]);
      } catch (error) {
        const reason = `the outbox cannot be read: ${errorText(error)}`;
        return { ...base, ok: false, reason, pending: null, failed: null, oldestPendingAgeMs: null };
      }
      const oldestPendingAgeMs = oldest ? Math.max(0, clock.now() - Date.parse(oldest)) : 0;
      const reason = !running
        ? 'the dispatcher is not running'
        : pollFailures > 0
          ? `polling the outbox failed ${pollFailures} time(s) in a row`
          : oldestPendingAgeMs > settings.stalledAfterMs
            ? `a delivery has been pending for ${Math.round(oldestPendingAgeMs / 1000)} s`
            : undefined;
      return {
        ...base,
        ok: reason === undefined,
        ...(reason ? { reason } : {}),
        pending: counts.pending,
        failed: counts.failed,
        oldestPendingAgeMs,
      };
    },
  };
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
