/**
 * Where each kind of event goes, and which integration key it is sent under (the key PagerDuty rate-limits on).
 */
import { PagewatchError } from '../../errors/pagewatch-error.js';
import type { PagerDutyEvent, PagerDutyEventKind } from './event-types.js';
import { redactUrlCredentials } from './redact-url.js';

/** The path of each Events API, relative to the events base URL. */
export const EVENTS_API_PATHS = {
  v2: '/v2/enqueue',
  change: '/v2/change/enqueue',
  v1: '/generic/2010-04-15/create_event.json',
} as const satisfies Record<PagerDutyEventKind, string>;

/**
 * The full endpoint URL for `kind` under `baseUrl`. Keeps a path prefix (a sandbox mounted under `/pd`) and
 * tolerates trailing slashes, so `https://events.pagerduty.com/` and `https://events.pagerduty.com` agree.
 *
 * @throws PagewatchError `PW_ERR_VALIDATION` (path `baseUrl`) unless `baseUrl` is an absolute http(s) URL.
 */
export function resolveEventsEndpoint(baseUrl: string, kind: PagerDutyEventKind): string {
  let url: URL;
  try {
    url = new URL(baseUrl);
  } catch {
    throw invalidBaseUrl(baseUrl, 'it is not an absolute URL');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw invalidBaseUrl(baseUrl, `its scheme is ${url.protocol.replace(/:$/, '')}, not http or https`);
  }
  url.pathname = url.pathname.replace(/\/+$/, '') + EVENTS_API_PATHS[kind];
  return url.toString();
}

/**
 * The integration key an event is sent under: `routing_key` for v2 and change events, `service_key` for v1.
 *
 * @throws PagewatchError `PW_ERR_VALIDATION` when the event has no such key (built for another kind).
 */
export function eventIntegrationKey(event: PagerDutyEvent, kind: PagerDutyEventKind): string {
  const field = kind === 'v1' ? 'service_key' : 'routing_key';
  const key = (event as unknown as Record<string, unknown>)[field];
  if (typeof key === 'string' && key !== '') return key;
  const message = `A PagerDuty ${kind} event needs a ${field}; was the event built for another kind?`;
  throw new PagewatchError('PW_ERR_VALIDATION', message, [{ path: field, message }]);
}

function invalidBaseUrl(baseUrl: string, reason: string): PagewatchError {
  const message = `baseUrl must be an http(s) URL such as https://events.pagerduty.com, but ${reason}: ${redactUrlCredentials(baseUrl)}`;
  return new PagewatchError('PW_ERR_VALIDATION', message, [{ path: 'baseUrl', message }]);
}
