import { ERROR_CATALOG, type ErrorCode, type ErrorDetail } from './catalog.js';

/** An error with a stable catalog code; the only error type that crosses module boundaries on purpose. */
export class PagewatchError extends Error {
  readonly code: ErrorCode;
  readonly details: ErrorDetail[];

  constructor(code: ErrorCode, message: string, details: ErrorDetail[] = [], options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'PagewatchError';
    this.code = code;
    this.details = details;
  }

  get httpStatus(): number {
    return ERROR_CATALOG[this.code].httpStatus;
  }

  get exitCode(): number {
    return ERROR_CATALOG[this.code].exitCode;
  }

  /** The API's error body: `{error: {code, message, details}}`. */
  toJSON(): { error: { code: ErrorCode; message: string; details?: ErrorDetail[] } } {
    return {
      error: {
        code: this.code,
        message: this.message,
        ...(this.details.length ? { details: this.details } : {}),
      },
    };
  }
}

/**
 * A delivery that must not be retried (PagerDuty answered 400: the event itself is invalid).
 * Carries the receiver's own error text so users see exactly what was wrong.
 */
export class PermanentDeliveryError extends PagewatchError {
  readonly status: number | undefined;
  constructor(message: string, status?: number, details: ErrorDetail[] = []) {
    super('PW_ERR_PAGERDUTY_REJECTED', message, details);
    this.name = 'PermanentDeliveryError';
    this.status = status;
  }
}

/**
 * A delivery that failed for a reason that may pass (429, 5xx, network error, timeout). `retryAfterMs` is set
 * when the receiver said how long to wait.
 */
export class TransientDeliveryError extends PagewatchError {
  readonly status: number | undefined;
  readonly retryAfterMs: number | undefined;
  constructor(message: string, options: { status?: number; retryAfterMs?: number; cause?: unknown } = {}) {
    super('PW_ERR_PAGERDUTY_UNREACHABLE', message, [], { cause: options.cause });
    this.name = 'TransientDeliveryError';
    this.status = options.status;
    this.retryAfterMs = options.retryAfterMs;
  }
}
