/**
 * Pure builder of legacy Events API v1 events, for integrations that still hold a v1 service key. The rules
 * differ from v2: the key is `incident_key`, the title is `description`, and success is 200 rather than 202.
 */
import { PagewatchError } from '../../errors/pagewatch-error.js';
import { DEFAULT_CLIENT, MAX_EVENT_BYTES, MAX_SUMMARY_CHARS } from './contract-limits.js';
import type { V1Event } from './event-types.js';
import { cutTextToFit, fitEventToSizeLimit, type ShrinkStep } from './event-size.js';
import { truncateWithEllipsis } from './truncate-text.js';
import { assertDedupKey, assertIntegrationKey, assertNonBlank } from './validate-fields.js';

const MIN_DESCRIPTION_CHARS_WHEN_SHRINKING = 64;

export const V1_DETAILS_REMOVED_NOTE = 'details removed: event exceeded 512 KB';

/** What a v1 event is built from. */
export interface V1EventInput {
  /** The v1 integration's Service Key (32 letters or digits). */
  serviceKey: string;
  /**
   * The incident's stable key, 1–255 characters, never cut. Required for acknowledge and resolve; optional on
   * trigger in the v1 API, but pagewatch callers should always pass their derived key (see ARCHITECTURE).
   */
  incidentKey?: string;
  eventType: V1Event['event_type'];
  /** The alert's title. Required on trigger; cut to 1024 characters with '…'. Default: none. */
  description?: string;
  /** Default: none. Replaced by a short note when the event would exceed 512 KB. */
  details?: Record<string, unknown>;
  /** The monitoring tool's name. Default `'pagewatch'` on trigger, none otherwise. */
  client?: string;
  /** Link back to the monitor. Default: none. */
  clientUrl?: string;
  /** Size limit of the serialized event. Default {@link MAX_EVENT_BYTES} (512 000 bytes); lowered only by tests. */
  maxBytes?: number;
}

/**
 * Builds a v1 event.
 *
 * @throws PagewatchError `PW_ERR_VALIDATION` for a bad service key, a missing or long incident key, or a
 *   trigger without description; `PW_ERR_PAYLOAD_TOO_LARGE` when even the event without details does not fit.
 */
export function buildV1Event(input: V1EventInput): V1Event {
  assertIntegrationKey(input.serviceKey, 'service_key');
  const isTrigger = input.eventType === 'trigger';
  assertV1EventType(input.eventType);
  if (!isTrigger || input.incidentKey !== undefined) assertDedupKey(input.incidentKey, 'incident_key');
  if (isTrigger) assertNonBlank(input.description, 'description');

  const client = input.client?.trim() ? input.client : isTrigger ? DEFAULT_CLIENT : undefined;
  const event: V1Event = {
    service_key: input.serviceKey,
    event_type: input.eventType,
    ...(input.incidentKey !== undefined ? { incident_key: input.incidentKey } : {}),
    ...(input.description !== undefined
      ? { description: truncateWithEllipsis(input.description, MAX_SUMMARY_CHARS) }
      : {}),
    ...(input.details !== undefined ? { details: input.details } : {}),
    ...(client !== undefined ? { client } : {}),
    ...(input.clientUrl !== undefined ? { client_url: input.clientUrl } : {}),
  };
  return fitEventToSizeLimit(event, v1ShrinkSteps, input.maxBytes ?? MAX_EVENT_BYTES);
}

const V1_EVENT_TYPES: readonly V1Event['event_type'][] = ['trigger', 'acknowledge', 'resolve'];

/** Input may come from untyped JSON, where the type system's promise does not hold. */
function assertV1EventType(eventType: unknown): void {
  if (V1_EVENT_TYPES.includes(eventType as V1Event['event_type'])) return;
  const message = `event_type must be one of ${V1_EVENT_TYPES.join(', ')}, but it is ${JSON.stringify(eventType)}`;
  throw new PagewatchError('PW_ERR_VALIDATION', message, [{ path: 'event_type', message }]);
}

const v1ShrinkSteps: ShrinkStep<V1Event>[] = [
  (event) => (event.details === undefined ? event : { ...event, details: { note: V1_DETAILS_REMOVED_NOTE } }),
  cutTextToFit(
    (event) => event.description ?? '',
    (event, description) => ({ ...event, description }),
    MIN_DESCRIPTION_CHARS_WHEN_SHRINKING,
  ),
];
