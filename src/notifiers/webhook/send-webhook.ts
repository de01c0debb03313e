/**
 * One attempt at delivering one event to a generic webhook: a JSON POST of the event body, signed when the
 * integration has a secret. Retrying belongs to the caller (the outbox dispatcher); this decides only whether a
 * failure may pass (transient) or never will (permanent).
 */
import { PermanentDeliveryError, TransientDeliveryError } from '../../errors/pagewatch-error.js';
import { systemClock, type Clock } from '../../util/clock.js';
import { DEFAULT_HTTP_TIMEOUT_MS, type HttpClient, type HttpResponse } from '../../util/http-client.js';
import { describeNetworkError, parseRetryAfterMs, truncateWithEllipsis } from '../pagerduty/index.js';
import {
  DELIVERY_ID_HEADER,
  EVENT_HEADER,
  SIGNATURE_HEADER,
  TIMESTAMP_HEADER,
  signWebhookBody,
} from './signature.js';

/** Where a webhook integration posts: its URL and, optionally, the signing secret. */
export interface WebhookTarget {
  type: 'webhook';
  url: string;
  secret?: string;
}

export interface SendWebhookOptions {
  /** The transport; injected so tests fake it. */
  http: HttpClient;
  /** Stamps `X-Pagewatch-Timestamp` and reads a Retry-After date. Default: the system clock. */
  clock?: Clock;
  /** Give up on the request after this many milliseconds. Default 10 000. */
  timeoutMs?: number;
  /** Sent as `X-Pagewatch-Delivery` (stable across retries). Default: not sent. */
  deliveryId?: string;
  /** Sent as `X-Pagewatch-Event`, e.g. `trigger`. Default: not sent. */
  event?: string;
}

const MAX_BODY_SNIPPET_CHARS = 300;

/**
 * POSTs `payload` as JSON to `target.url`, once. Resolves on 2xx.
 *
 * @throws PermanentDeliveryError for 4xx other than 408 and 429, for redirects (not followed), and for a URL that
 *   is not http(s).
 * @throws TransientDeliveryError for 408, 429 and 5xx (with `retryAfterMs` when Retry-After was sent), network
 *   errors and timeouts.
 */
export async function sendWebhook(
  payload: unknown,
  target: Pick<WebhookTarget, 'url' | 'secret'>,
  options: SendWebhookOptions,
): Promise<{ status: number }> {
  const where = describeTarget(target.url);
  const clock = options.clock ?? systemClock;
  const body = JSON.stringify(payload);
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    accept: 'application/json, */*',
    'user-agent': 'pagewatch',
    [TIMESTAMP_HEADER]: String(Math.floor(clock.now() / 1000)),
    ...(options.deliveryId ? { [DELIVERY_ID_HEADER]: options.deliveryId } : {}),
    ...(options.event ? { [EVENT_HEADER]: options.event } : {}),
    ...(target.secret ? { [SIGNATURE_HEADER]: signWebhookBody(body, target.secret) } : {}),
  };
  let response: HttpResponse;
  try {
    response = await options.http({
      method: 'POST',
      url: target.url,
      headers,
      body,
      timeoutMs: options.timeoutMs ?? DEFAULT_HTTP_TIMEOUT_MS,
    });
  } catch (error) {
    throw new TransientDeliveryError(
      `Could not reach the webhook at ${where}: ${describeNetworkError(error)}`,
      {
        cause: error,
      },
    );
  }
  return interpretWebhookResponse(response, where, clock.now());
}

/** What a webhook's answer means; pure. `where` names the receiver in messages (origin only). */
export function interpretWebhookResponse(
  response: HttpResponse,
  where: string,
  nowMs: number,
): { status: number } {
  const { status } = response;
  if (status >= 200 && status < 300) return { status };
  const text = snippet(response.body);
  const said = text ? `: ${text}` : '';
  if (status === 408 || status === 429 || status >= 500) {
    const retryAfterMs = parseRetryAfterMs(response.headers['retry-after'], nowMs);
    return throwTransient(`The webhook at ${where} answered ${status}${said}`, status, retryAfterMs);
  }
  if (status >= 300 && status < 400) {
    const message = `The webhook at ${where} answered ${status} (redirects are not followed); check the URL`;
    throw new PermanentDeliveryError(message, status);
  }
  if (status >= 400)
    throw new PermanentDeliveryError(`The webhook at ${where} refused the event (${status})${said}`, status);
  return throwTransient(`The webhook at ${where} answered an unexpected ${status}`, status, undefined);
}

function throwTransient(message: string, status: number, retryAfterMs: number | undefined): never {
  throw new TransientDeliveryError(message, {
    status,
    ...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
  });
}

/**
 * The URL's origin, for messages: a webhook URL often carries a token in its path or query (Slack, Teams),
 * and delivery errors are shown in the UI and logs.
 *
 * @throws PermanentDeliveryError when the URL is not an absolute http(s) URL: no retry will fix it.
 */
function describeTarget(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw invalidUrl('it is not an absolute URL');
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw invalidUrl(`its scheme is ${parsed.protocol.replace(/:$/, '')}, not http or https`);
  }
  return parsed.origin;
}

function invalidUrl(reason: string): PermanentDeliveryError {
  return new PermanentDeliveryError(`The webhook URL must be an http(s) URL, but ${reason}`);
}

function snippet(body: string): string {
  return truncateWithEllipsis(body.replace(/\s+/g, ' ').trim(), MAX_BODY_SNIPPET_CHARS);
}
