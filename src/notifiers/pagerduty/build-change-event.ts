/**
 * Pure builder of Change Events: records "monitor edited", "maintenance started", a deploy… on the service's
 * timeline without opening an incident.
 */
import { MAX_EVENT_BYTES, MAX_SUMMARY_CHARS } from './contract-limits.js';
import type { ChangeEvent, PagerDutyLink } from './event-types.js';
import { cutTextToFit, fitEventToSizeLimit, type ShrinkStep } from './event-size.js';
import { truncateWithEllipsis } from './truncate-text.js';
import { assertIntegrationKey, assertNonBlank } from './validate-fields.js';

const MIN_SUMMARY_CHARS_WHEN_SHRINKING = 64;

export const CHANGE_DETAILS_REMOVED_NOTE = 'custom_details removed: event exceeded 512 KB';

/** What a change event is built from. */
export interface ChangeEventInput {
  /** The service integration's Integration Key (32 letters or digits). */
  routingKey: string;
  /** What changed; required, cut to 1024 characters with '…'. */
  summary: string;
  /** Where the change happened. Default: none (PagerDuty shows no source). */
  source?: string;
  /** ISO-8601 time of the change. Default: none (PagerDuty uses the time it received the event). */
  timestamp?: string;
  /** Default: none. Replaced by a short note when the event would exceed 512 KB. */
  customDetails?: Record<string, unknown>;
  /** Default: none. */
  links?: PagerDutyLink[];
  /** Size limit of the serialized event. Default {@link MAX_EVENT_BYTES} (512 000 bytes); lowered only by tests. */
  maxBytes?: number;
}

/**
 * Builds a Change Event.
 *
 * @throws PagewatchError `PW_ERR_VALIDATION` for a bad routing key or a blank summary;
 *   `PW_ERR_PAYLOAD_TOO_LARGE` when even the event without details does not fit.
 */
export function buildChangeEvent(input: ChangeEventInput): ChangeEvent {
  assertIntegrationKey(input.routingKey, 'routing_key');
  assertNonBlank(input.summary, 'payload.summary');
  const event: ChangeEvent = {
    routing_key: input.routingKey,
    payload: {
      summary: truncateWithEllipsis(input.summary, MAX_SUMMARY_CHARS),
      ...(input.source?.trim() ? { source: input.source } : {}),
      ...(input.timestamp !== undefined ? { timestamp: input.timestamp } : {}),
      ...(input.customDetails !== undefined ? { custom_details: input.customDetails } : {}),
    },
    ...(input.links !== undefined ? { links: input.links } : {}),
  };
  return fitEventToSizeLimit(event, changeShrinkSteps, input.maxBytes ?? MAX_EVENT_BYTES);
}

const changeShrinkSteps: ShrinkStep<ChangeEvent>[] = [
  (event) => ({
    ...event,
    payload: { ...event.payload, custom_details: { note: CHANGE_DETAILS_REMOVED_NOTE } },
  }),
  cutTextToFit(
    (event) => event.payload.summary,
    (event, summary) => ({ ...event, payload: { ...event.payload, summary } }),
    MIN_SUMMARY_CHARS_WHEN_SHRINKING,
  ),
  ({ links: _links, ...event }) => event,
];
