/**
 * One attempt at delivering one event: a thin I/O shell around {@link interpretPagerDutyResponse}. Retrying,
 * backoff and rate limiting live in `deliverPagerDutyEvent`, so this stays a single, predictable POST.
 */
import { PagewatchError, TransientDeliveryError } from '../../errors/pagewatch-error.js';
import { systemClock, type Clock } from '../../util/clock.js';
import { DEFAULT_HTTP_TIMEOUT_MS, type HttpClient } from '../../util/http-client.js';
import { DEFAULT_EVENTS_BASE_URL, MAX_EVENT_BYTES } from './contract-limits.js';
import { resolveEventsEndpoint } from './events-endpoint.js';
import type { PagerDutyEvent, PagerDutyEventKind } from './event-types.js';
import { interpretPagerDutyResponse, type PagerDutySendResult } from './interpret-response.js';

/** How to send one event. */
export interface SendPagerDutyEventOptions {
  /** The transport; injected so tests fake it and every outbound call goes through one place. */
  http: HttpClient;
  /** Which Events API the event is for: selects the endpoint and the success status. */
  kind: PagerDutyEventKind;
  /**
   * The events host, http(s). Default `'https://events.pagerduty.com'` (US); the EU region is
   * `https://events.eu.pagerduty.com`, the built-in sandbox is a local URL.
   */
  baseUrl?: string;
  /** Give up on the request after this many milliseconds. Default 10 000. */
  timeoutMs?: number;
  /** Used to read a `Retry-After` HTTP-date. Default: the system clock. */
  clock?: Clock;
}

/**
 * POSTs one event once. Resolves when PagerDuty took it (202, or 200 for v1).
 *
 * @throws PermanentDeliveryError when PagerDuty refused it (400 with its error text, other 4xx): never retry.
 * @throws TransientDeliveryError on 429 (v1: 403), 5xx, network errors and timeouts: retrying may help.
 * @throws PagewatchError `PW_ERR_VALIDATION` for a bad `baseUrl`, `PW_ERR_PAYLOAD_TOO_LARGE` over 512 KB.
 */
export async function sendPagerDutyEvent(
  event: PagerDutyEvent,
  options: SendPagerDutyEventOptions,
): Promise<PagerDutySendResult> {
  const url = resolveEventsEndpoint(options.baseUrl ?? DEFAULT_EVENTS_BASE_URL, options.kind);
  const body = JSON.stringify(event);
  const bytes = Buffer.byteLength(body, 'utf8');
  if (bytes > MAX_EVENT_BYTES) {
    // The builders shrink events; one that is still too big was built by hand and would only be refused.
    const message = `The PagerDuty event is ${bytes} bytes, over the ${MAX_EVENT_BYTES}-byte limit; build it with the pagerduty builders, which shrink it`;
    throw new PagewatchError('PW_ERR_PAYLOAD_TOO_LARGE', message, [{ message }]);
  }
  let response;
  try {
    response = await options.http({
      method: 'POST',
      url,
      headers: { 'content-type': 'application/json', accept: 'application/json', 'user-agent': 'pagewatch' },
      body,
      timeoutMs: options.timeoutMs ?? DEFAULT_HTTP_TIMEOUT_MS,
    });
  } catch (error) {
    throw new TransientDeliveryError(`Could not reach PagerDuty at ${url}: ${describeNetworkError(error)}`, {
      cause: error,
    });
  }
  return interpretPagerDutyResponse(response, options.kind, (options.clock ?? systemClock).now());
}

/**
 * The useful words of a network failure. fetch reports `fetch failed` and hides the reason (`connect
 * ECONNREFUSED …`, a DNS error, a timeout) in `cause`, sometimes in an AggregateError of several addresses.
 */
export function describeNetworkError(error: unknown): string {
  const parts: string[] = [];
  let current: unknown = error;
  for (let depth = 0; current !== undefined && current !== null && depth < 5; depth += 1) {
    const message = messageOf(current);
    if (message && !parts.includes(message)) parts.push(message);
    current = current instanceof Error ? current.cause : undefined;
  }
  return parts.length > 0 ? parts.join(': ') : 'unknown network error';
}

function messageOf(error: unknown): string {
  if (error instanceof AggregateError && !error.message) {
    return [...new Set(error.errors.map(messageOf).filter(Boolean))].join(', ');
  }
  if (error instanceof Error) return error.message;
  return typeof error === 'string' ? error : '';
}
