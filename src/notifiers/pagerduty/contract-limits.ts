/**
 * The limits and defaults of PagerDuty's Events APIs (see /work/shared/reference/pagerduty.md). Kept in one place
 * so builders, the size fitter and the tests agree on the same numbers.
 */
import type { PagerDutySeverity } from './event-types.js';

/** `payload.summary` (v2, change) and `description` (v1): longer is rejected with 400, so we cut. */
export const MAX_SUMMARY_CHARS = 1024;

/** `dedup_key` (v2) and `incident_key` (v1). Longer is rejected; we never cut it (that would merge incidents). */
export const MAX_DEDUP_KEY_CHARS = 255;

/**
 * The whole serialized request body, in bytes. PagerDuty says "512 KB" without saying which kilobyte; we read it
 * as 512 000 (the stricter reading, as Alertmanager does), so no event is ever rejected for size. The sandbox
 * enforces the same figure.
 */
export const MAX_EVENT_BYTES = 512_000;

/** Integration keys (routing keys, v1 service keys) are exactly this long. */
export const INTEGRATION_KEY_LENGTH = 32;

export const PAGERDUTY_SEVERITIES: readonly PagerDutySeverity[] = ['critical', 'error', 'warning', 'info'];

/** `severity` when the caller gives none: a failing monitor is worth a page. */
export const DEFAULT_SEVERITY: PagerDutySeverity = 'critical';

/** `client` when the caller gives none, and `source` when the caller's is empty. */
export const DEFAULT_CLIENT = 'pagewatch';
export const FALLBACK_SOURCE = 'pagewatch';

/** PagerDuty's US service region; the EU one is `https://events.eu.pagerduty.com`. */
export const DEFAULT_EVENTS_BASE_URL = 'https://events.pagerduty.com';
