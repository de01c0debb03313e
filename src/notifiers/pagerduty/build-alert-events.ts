/**
 * Pure builders of Events API v2 alert events (trigger, acknowledge, resolve). No I/O, no clock, no hostname
 * lookup: everything comes in through the input, so the same input always gives the same event.
 */
import type { RunResult } from '../../runner/run-result.js';
import {
  DEFAULT_CLIENT,
  DEFAULT_SEVERITY,
  FALLBACK_SOURCE,
  MAX_EVENT_BYTES,
  MAX_SUMMARY_CHARS,
} from './contract-limits.js';
import type {
  AcknowledgeOrResolveEvent,
  PagerDutyLink,
  PagerDutySeverity,
  TriggerEvent,
} from './event-types.js';
import { cutTextToFit, fitEventToSizeLimit, type ShrinkStep } from './event-size.js';
import { buildRunCustomDetails } from './run-details.js';
import { truncateWithEllipsis } from './truncate-text.js';
import { buildRunSummary, findFailingExecutions } from './run-summary.js';
import {
  dropTrailingFailingRequests,
  replaceRunDetailsWithNote,
  trimFailingRequestMessages,
} from './shrink-run-details.js';
import { assertDedupKey, assertIntegrationKey, assertSeverity } from './validate-fields.js';

/** Shortest a summary is cut to when the event must shrink; below that it would no longer say what failed. */
const MIN_SUMMARY_CHARS_WHEN_SHRINKING = 64;

/** The key pair that names one alert: the same pair must be used for its trigger, acknowledge and resolve. */
export interface AlertKeyInput {
  /** The service integration's Integration Key (32 letters or digits). */
  routingKey: string;
  /**
   * The alert's stable key, e.g. `pagewatch/<monitorId>`; 1–255 characters. Never cut: a cut key could merge
   * two monitors' incidents, so a longer one is a `PW_ERR_VALIDATION`.
   */
  dedupKey: string;
}

/** What a trigger is built from. */
export interface TriggerEventInput extends AlertKeyInput {
  /** The monitor's name, shown first in the summary. */
  monitorName: string;
  /** The run that failed. */
  result: RunResult;
  /** Default `'critical'`. Validated, since config may come from untyped JSON. */
  severity?: PagerDutySeverity;
  /**
   * Where the monitor runs (PagerDuty's "affected system"). Default `'pagewatch'`, also used when blank. The
   * builder is pure so it cannot look up the hostname: callers pass e.g. `os.hostname()` or a region name.
   */
  source?: string;
  /** The monitoring tool's name shown on the alert. Default `'pagewatch'`. */
  client?: string;
  /** Link back to the monitor in pagewatch. Default: none. */
  clientUrl?: string;
  /** Default: none. */
  component?: string;
  /** Default: none. */
  group?: string;
  /** Default: none. */
  class?: string;
  /** Default: none. */
  links?: PagerDutyLink[];
  /** ISO-8601 time of detection. Default `result.finishedAt`; an unparsable value is left out, not sent. */
  timestamp?: string;
  /**
   * The alert's headline instead of the one derived from the run (e.g. a test event, or a summary the incident
   * engine carried). Cut to 1024 characters with '…' like the derived one. Default: derived from `result`.
   */
  summary?: string;
  /** Size limit of the serialized event. Default {@link MAX_EVENT_BYTES} (512 000 bytes); lowered only by tests. */
  maxBytes?: number;
}

/**
 * Builds a trigger for a failed run: a one-line summary naming the monitor and the first failure, and
 * `custom_details` listing every failing request. Shrinks the event to fit 512 KB (details first, then the
 * summary) rather than let PagerDuty reject it.
 *
 * @throws PagewatchError `PW_ERR_VALIDATION` for a bad routing key, dedup key or severity;
 *   `PW_ERR_PAYLOAD_TOO_LARGE` when even the event without details does not fit.
 */
export function buildTriggerEvent(input: TriggerEventInput): TriggerEvent {
  assertIntegrationKey(input.routingKey, 'routing_key');
  assertDedupKey(input.dedupKey, 'dedup_key');
  const severity = input.severity ?? DEFAULT_SEVERITY;
  assertSeverity(severity, 'payload.severity');

  const timestamp = input.timestamp ?? input.result.finishedAt;
  const event: TriggerEvent = {
    routing_key: input.routingKey,
    event_action: 'trigger',
    dedup_key: input.dedupKey,
    payload: {
      summary:
        input.summary !== undefined
          ? truncateWithEllipsis(input.summary, MAX_SUMMARY_CHARS)
          : buildRunSummary(input.monitorName, input.result),
      source: input.source?.trim() ? input.source : FALLBACK_SOURCE,
      severity,
      // A malformed timestamp is not worth losing the page over: PagerDuty then uses the time it received it.
      ...(isParsableTimestamp(timestamp) ? { timestamp } : {}),
      ...(input.component !== undefined ? { component: input.component } : {}),
      ...(input.group !== undefined ? { group: input.group } : {}),
      ...(input.class !== undefined ? { class: input.class } : {}),
      custom_details: { ...buildRunCustomDetails(input.monitorName, input.result) },
    },
    client: input.client?.trim() ? input.client : DEFAULT_CLIENT,
    ...(input.clientUrl !== undefined ? { client_url: input.clientUrl } : {}),
    ...(input.links !== undefined ? { links: input.links } : {}),
  };
  const failingRequestCount = findFailingExecutions(input.result).length;
  return fitEventToSizeLimit(
    event,
    triggerShrinkSteps(failingRequestCount),
    input.maxBytes ?? MAX_EVENT_BYTES,
  );
}

/** Builds an acknowledge: the alert stays open but stops escalating. */
export function buildAcknowledgeEvent(input: AlertKeyInput): AcknowledgeOrResolveEvent {
  return buildFollowUpEvent(input, 'acknowledge');
}

/** Builds a resolve: closes the alert; a later trigger with the same key opens a new one. */
export function buildResolveEvent(input: AlertKeyInput): AcknowledgeOrResolveEvent {
  return buildFollowUpEvent(input, 'resolve');
}

function buildFollowUpEvent(
  input: AlertKeyInput,
  action: AcknowledgeOrResolveEvent['event_action'],
): AcknowledgeOrResolveEvent {
  assertIntegrationKey(input.routingKey, 'routing_key');
  // Required here (PagerDuty cannot tell which alert otherwise) and never cut, like on the trigger.
  assertDedupKey(input.dedupKey, 'dedup_key');
  return { routing_key: input.routingKey, event_action: action, dedup_key: input.dedupKey };
}

/** In order: cheapest loss first. The summary is cut only once the details are gone; links go last. */
function triggerShrinkSteps(failingRequestCount: number): ShrinkStep<TriggerEvent>[] {
  return [
    trimFailingRequestMessages,
    dropTrailingFailingRequests,
    replaceRunDetailsWithNote(failingRequestCount),
    cutTextToFit(
      (event) => event.payload.summary,
      (event, summary) => ({ ...event, payload: { ...event.payload, summary } }),
      MIN_SUMMARY_CHARS_WHEN_SHRINKING,
    ),
    ({ links: _links, ...event }) => event,
  ];
}

function isParsableTimestamp(timestamp: string | undefined): timestamp is string {
  return typeof timestamp === 'string' && !Number.isNaN(Date.parse(timestamp));
}
