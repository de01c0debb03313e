/**
 * Retrying store work that met database trouble which passes: SQLite's write lock held past `busy_timeout`
 * (`SQLITE_BUSY`), a PostgreSQL connection cut by a restart or an administrator, a serialization failure.
 * Anything else (a constraint, a bug) fails at once: it would fail the same way again.
 */
import pRetry, { AbortError } from 'p-retry';

/** How long a store write is retried. All in milliseconds. */
export interface StoreRetryOptions {
  /** Retries after the first attempt. Default 8. */
  retries?: number;
  /** Wait before the first retry, before jitter (1–2×); doubles with each retry. Default 250. */
  minDelayMs?: number;
  /** Cap on one wait. Default 5 000. */
  maxDelayMs?: number;
  /**
   * No retry starts after this long from the first attempt. Default 60 000. On SQLite each attempt can itself
   * wait for the lock for up to `busy_timeout` (5 s), synchronously, so attempts are few and far apart.
   */
  maxTotalMs?: number;
}

export const DEFAULT_STORE_RETRY: Required<StoreRetryOptions> = {
  retries: 8,
  minDelayMs: 250,
  maxDelayMs: 5_000,
  maxTotalMs: 60_000,
};

/** SQLSTATEs that say "try again": connection exceptions, shutdowns, too many connections, conflicts. */
const TRANSIENT_SQLSTATE = /^(08...|57P0[123]|53300|40001|40P01|55P03)$/;
const TRANSIENT_SYSTEM_CODES = new Set(['ECONNRESET', 'ECONNREFUSED', 'EPIPE', 'ETIMEDOUT']);
/** node-postgres reports a lost connection with plain errors (no code). */
const TRANSIENT_PG_MESSAGE =
  /^(Connection terminated|Client has encountered a connection error|timeout exceeded when trying to connect)/;

/** Whether `error` (or one of its causes) is database trouble that may pass. */
export function isTransientStoreError(error: unknown): boolean {
  for (let current = error, depth = 0; current instanceof Error && depth < 5; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string') {
      if (/^SQLITE_(BUSY|LOCKED)/.test(code)) return true;
      if (TRANSIENT_SQLSTATE.test(code) || TRANSIENT_SYSTEM_CODES.has(code)) return true;
    }
    if (TRANSIENT_PG_MESSAGE.test(current.message)) return true;
    current = current.cause;
  }
  return false;
}

/** What the caller is told before each retry (to log it). */
export interface StoreRetryInfo {
  /** The attempt that just failed, 1-based. */
  attempt: number;
  error: Error;
}

/**
 * Runs `operation` (given its 1-based attempt number), retrying it with exponential backoff and jitter while it
 * fails with a transient store error. The operation must be safe to repeat: a transaction that failed was rolled
 * back, but on PostgreSQL a connection lost during COMMIT leaves the outcome unknown, so a retry must recognise
 * its own earlier commit.
 *
 * @throws the last error once retries or time run out, at once for an error that is not transient, and after a
 *   failed attempt once `signal` has aborted.
 */
export async function withStoreRetry<T>(
  operation: (attempt: number) => Promise<T>,
  options: StoreRetryOptions & { signal?: AbortSignal; onRetry?: (info: StoreRetryInfo) => void } = {},
): Promise<T> {
  const settings = { ...DEFAULT_STORE_RETRY, ...withoutUndefined(options) };
  const startedAt = performance.now();
  return pRetry(
    async (attempt) => {
      try {
        return await operation(attempt);
      } catch (error) {
        const failure = error instanceof Error ? error : new Error(String(error));
        // Not worth another attempt: AbortError stops p-retry, which rejects with the original error.
        if (!isTransientStoreError(failure)) throw new AbortError(failure);
        throw failure;
      }
    },
    {
      retries: settings.retries,
      factor: 2,
      minTimeout: settings.minDelayMs,
      maxTimeout: settings.maxDelayMs,
      randomize: true,
      maxRetryTime: settings.maxTotalMs,
      // Not p-retry's own `signal`: it also rejects when the signal aborts just after an attempt succeeded, and
      // a write that committed must never be reported as failed. An abort stops the retries instead.
      onFailedAttempt: ({ error, attemptNumber, retriesLeft }) => {
        if (options.signal?.aborted) throw error;
        const timeLeft = performance.now() - startedAt < settings.maxTotalMs;
        if (retriesLeft > 0 && timeLeft) options.onRetry?.({ attempt: attemptNumber, error });
      },
    },
  );
}

function withoutUndefined(options: StoreRetryOptions): StoreRetryOptions {
  return Object.fromEntries(
    Object.entries({
      retries: options.retries,
      minDelayMs: options.minDelayMs,
      maxDelayMs: options.maxDelayMs,
      maxTotalMs: options.maxTotalMs,
    }).filter(([, value]) => value !== undefined),
  );
}
