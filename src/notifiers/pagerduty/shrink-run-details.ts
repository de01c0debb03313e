/**
 * Shrink steps for a trigger built from a run, least valuable first: long messages, then the tail of the
 * failing-request list, then the whole `custom_details` (replaced by a short note, as Alertmanager does).
 */
import type { TriggerEvent } from './event-types.js';
import { serializedEventBytes, type ShrinkStep } from './event-size.js';
import type { FailingRequestDetail, RunCustomDetails } from './run-details.js';
import { truncateWithEllipsis } from './truncate-text.js';

/** Longest message, name or URL kept per failing request once the event is over the limit. */
export const MAX_DETAIL_TEXT_CHARS = 1000;

/** Most failed assertions kept per failing request once the event is over the limit. */
export const MAX_FAILED_ASSERTIONS_PER_REQUEST = 20;

export const DETAILS_TRIMMED_NOTE = 'custom_details trimmed: event exceeded 512 KB';
export const DETAILS_REMOVED_NOTE = 'custom_details removed: event exceeded 512 KB';

/** Cuts every message, name and URL and caps the failed assertions of each failing request. */
export const trimFailingRequestMessages: ShrinkStep<TriggerEvent> = (event) => {
  const details = readRunDetails(event);
  if (!details) return event;
  const cut = (text: string): string => truncateWithEllipsis(text, MAX_DETAIL_TEXT_CHARS);
  const trimmed: RunCustomDetails = {
    ...details,
    monitor: cut(details.monitor),
    ...(details.runError !== undefined ? { runError: cut(details.runError) } : {}),
    failingRequests: details.failingRequests.map((request) => trimFailingRequest(request, cut)),
    note: DETAILS_TRIMMED_NOTE,
  };
  return withDetails(event, trimmed);
};

/** Keeps the longest prefix of the failing-request list that fits and counts the rest. */
export const dropTrailingFailingRequests: ShrinkStep<TriggerEvent> = (event, maxBytes) => {
  const details = readRunDetails(event);
  if (!details) return event;
  const all = details.failingRequests;
  // Measure the event without the list but with the largest "omitted" count it could carry, then add entries
  // (and the commas between them) while they fit: one serialization per entry instead of one per guess.
  const emptyBytes = serializedEventBytes(
    withDetails(event, { ...details, failingRequests: [], omittedFailingRequests: all.length }),
  );
  let used = emptyBytes;
  let kept = 0;
  for (const request of all) {
    const entryBytes = serializedEventBytes(request) + (kept > 0 ? 1 : 0);
    if (used + entryBytes > maxBytes) break;
    used += entryBytes;
    kept += 1;
  }
  if (kept === 0) return event;
  return withDetails(event, {
    ...details,
    failingRequests: all.slice(0, kept),
    omittedFailingRequests: all.length - kept,
    note: DETAILS_TRIMMED_NOTE,
  });
};

/** Replaces `custom_details` with a note saying why and how many requests failed. */
export function replaceRunDetailsWithNote(failingRequestCount: number): ShrinkStep<TriggerEvent> {
  return (event) => withDetails(event, { note: DETAILS_REMOVED_NOTE, failingRequestCount });
}

function trimFailingRequest(
  request: FailingRequestDetail,
  cut: (text: string) => string,
): FailingRequestDetail {
  const assertions = request.failedAssertions;
  const keptAssertions = assertions.slice(0, MAX_FAILED_ASSERTIONS_PER_REQUEST);
  const omitted = assertions.length - keptAssertions.length + (request.omittedFailedAssertions ?? 0);
  return {
    ...request,
    name: cut(request.name),
    method: cut(request.method),
    url: cut(request.url),
    failedAssertions: keptAssertions.map((assertion) => ({
      name: cut(assertion.name),
      ...(assertion.error !== undefined ? { error: cut(assertion.error) } : {}),
    })),
    ...(omitted > 0 ? { omittedFailedAssertions: omitted } : {}),
    ...(request.error !== undefined ? { error: cut(request.error) } : {}),
  };
}

function readRunDetails(event: TriggerEvent): RunCustomDetails | undefined {
  const details = event.payload.custom_details as Partial<RunCustomDetails> | undefined;
  return Array.isArray(details?.failingRequests) ? (details as RunCustomDetails) : undefined;
}

function withDetails(event: TriggerEvent, details: object): TriggerEvent {
  return { ...event, payload: { ...event.payload, custom_details: { ...details } } };
}
