/**
 * Turning PagerDuty's answer into a result or a delivery error. Pure: the sender does the I/O, this decides what
 * the answer means, and above all whether trying again can help (transient) or never will (permanent).
 */
import type { ErrorDetail } from '../../errors/catalog.js';
import { PermanentDeliveryError, TransientDeliveryError } from '../../errors/pagewatch-error.js';
import type { HttpResponse } from '../../util/http-client.js';
import type { PagerDutyEventKind } from './event-types.js';
import { parseRetryAfterMs } from './retry-after.js';
import { collapseWhitespace, truncateWithEllipsis } from './truncate-text.js';

/** What PagerDuty said when it took an event. */
export interface PagerDutySendResult {
  /** The HTTP status: 202 for v2 and change events, 200 for v1. */
  status: number;
  /** The dedup key PagerDuty applied (`dedup_key`, or v1's `incident_key`); absent for change events. */
  dedupKey?: string;
  /** PagerDuty's message, e.g. `Event processed`. */
  message: string;
}

/** Longest piece of a response body quoted in an error. */
const MAX_BODY_SNIPPET_CHARS = 300;

interface PagerDutyResponseBody {
  status?: unknown;
  message?: unknown;
  errors?: unknown;
  dedup_key?: unknown;
  incident_key?: unknown;
}

/**
 * Interprets PagerDuty's response to one event.
 *
 * @param nowMs - The current time, to read a `Retry-After` given as an HTTP-date.
 * @throws PermanentDeliveryError for 400 (with PagerDuty's error text), other 4xx and redirects.
 * @throws TransientDeliveryError for 429 (and v1's 403, its rate-limit answer) with `retryAfterMs`, and 5xx.
 */
export function interpretPagerDutyResponse(
  response: HttpResponse,
  kind: PagerDutyEventKind,
  nowMs: number,
): PagerDutySendResult {
  const { status } = response;
  const body = parseBody(response.body);
  if (status >= 200 && status < 300) {
    const dedupKey = asText(body?.dedup_key) ?? asText(body?.incident_key);
    return { status, message: asText(body?.message) ?? '', ...(dedupKey !== undefined ? { dedupKey } : {}) };
  }
  // v1 answers a rate limit with 403, not 429; for v2 a 403 is a real refusal.
  if (status === 429 || (kind === 'v1' && status === 403)) {
    const retryAfterMs = parseRetryAfterMs(response.headers['retry-after'], nowMs);
    const wait = retryAfterMs !== undefined ? `; it asked to retry after ${formatSeconds(retryAfterMs)}` : '';
    throw new TransientDeliveryError(`PagerDuty answered ${status} (rate limited)${wait}`, {
      status,
      ...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
    });
  }
  if (status >= 500) {
    throw new TransientDeliveryError(`PagerDuty answered ${status}${quote(response.body)}`, { status });
  }
  if (status >= 300 && status < 400) {
    const location = response.headers.location ? ` to ${response.headers.location}` : '';
    const message = `PagerDuty answered ${status} (redirect${location}); check the events URL`;
    throw new PermanentDeliveryError(message, status);
  }
  if (status >= 400) {
    const errors = asTextList(body?.errors);
    const reason = errors.length > 0 ? errors.join('; ') : (asText(body?.message) ?? snippet(response.body));
    const message = `PagerDuty rejected the event (${status})${reason ? `: ${reason}` : ''}`;
    throw new PermanentDeliveryError(message, status, errors.map(describeFieldError));
  }
  throw new TransientDeliveryError(`PagerDuty answered an unexpected ${status}`, { status });
}

/** `'payload.summary' is missing or blank` → a detail whose path is `payload.summary`. */
function describeFieldError(error: string): ErrorDetail {
  const field = /^'([^']+)'/.exec(error)?.[1];
  return field !== undefined ? { path: field, message: error } : { message: error };
}

function parseBody(body: string): PagerDutyResponseBody | undefined {
  try {
    const parsed: unknown = JSON.parse(body);
    return typeof parsed === 'object' && parsed !== null ? (parsed as PagerDutyResponseBody) : undefined;
  } catch {
    // Proxies and load balancers answer in HTML; the status still says what happened.
    return undefined;
  }
}

function asText(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

function asTextList(value: unknown): string[] {
  if (!Array.isArray(value)) return [];
  return value.map((item) => (typeof item === 'string' ? item : JSON.stringify(item)));
}

function snippet(body: string): string {
  return truncateWithEllipsis(collapseWhitespace(body), MAX_BODY_SNIPPET_CHARS);
}

function quote(body: string): string {
  const text = snippet(body);
  return text ? `: ${text}` : '';
}

function formatSeconds(ms: number): string {
  return `${Number((ms / 1000).toFixed(1))} s`;
}
