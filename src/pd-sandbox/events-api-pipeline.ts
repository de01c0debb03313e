/**
 * What the sandbox answers to one Events API request once its body is in: size check, JSON, validation, rate
 * limit, then the alert store or the change-event list. No I/O here: the HTTP shell reads and writes, this decides
 * and updates the in-memory state.
 */
import { applyAlertEvent, type AlertEventRequest } from './alert-store.js';
import {
  alertEventProcessed,
  changeEventProcessed,
  invalidEvent,
  throttled,
  unrecognizedObject,
  v1EventProcessed,
  type PdResponseBody,
} from './pd-responses.js';
import { BODY_PREVIEW_CHARACTERS, isJsonObject, parseJson, type ReceivedBody } from './request-body.js';
import type { EventsApiName, ReceivedEvent, SandboxState } from './sandbox-state.js';
import { validateAlertEvent } from './validation/alert-event.js';
import { validateChangeEvent } from './validation/change-event.js';
import type { EventValidation } from './validation/event-validation.js';
import { validateV1Event } from './validation/v1-event.js';

/**
 * PagerDuty limits every Events API request (v1 and v2) to "512 KB". We read that as 512 000 bytes, the figure
 * Alertmanager adopted when PagerDuty announced enforcement: the stricter reading, so a sender that passes here
 * also passes there.
 */
export const MAX_EVENT_BYTES = 512_000;

/** Path → endpoint. The paths are PagerDuty's own, so a sender only swaps the base URL. */
export const EVENTS_API_PATHS = {
  '/v2/enqueue': 'events-v2',
  '/v2/change/enqueue': 'change-events-v2',
  '/generic/2010-04-15/create_event.json': 'events-v1',
} as const satisfies Record<string, EventsApiName>;

/** The request body as the event log shows it. */
export type InterpretedBody =
  | { kind: 'json'; value: unknown; bytes: number }
  | { kind: 'not-json'; problem: string; raw: string; bytes: number }
  | { kind: 'too-large'; preview: string; bytes: number };

/** Classifies a received body once, for both the answer and the log. */
export function interpretBody(received: ReceivedBody): InterpretedBody {
  if (received.kind === 'too-large')
    return { kind: 'too-large', preview: received.preview, bytes: received.bytes };
  const parsed = parseJson(received.text);
  if (parsed.ok) return { kind: 'json', value: parsed.value, bytes: received.bytes };
  return {
    kind: 'not-json',
    problem: parsed.problem,
    raw: received.text.slice(0, BODY_PREVIEW_CHARACTERS),
    bytes: received.bytes,
  };
}

/** The body fields of an event-log entry. */
export function bodyForLog(body: InterpretedBody): Pick<ReceivedEvent, 'body' | 'rawBody' | 'bodyBytes'> {
  if (body.kind === 'json') return { body: body.value, bodyBytes: body.bytes };
  if (body.kind === 'not-json') return { rawBody: body.raw, bodyBytes: body.bytes };
  return { rawBody: body.preview, bodyBytes: body.bytes };
}

/** The answer to send plus what the event log should say about it. */
export interface EventsApiAnswer {
  httpStatus: number;
  body: PdResponseBody;
  log: Pick<ReceivedEvent, 'outcome' | 'errors' | 'dedupKey' | 'alertId' | 'note'>;
}

/** How each endpoint answers: v1 predates 202 and 429, and says 200 and 403. */
const ANSWER_STYLE = {
  'events-v2': { acceptedStatus: 202, throttledStatus: 429, processed: alertEventProcessed },
  'events-v1': { acceptedStatus: 200, throttledStatus: 403, processed: v1EventProcessed },
  'change-events-v2': { acceptedStatus: 202, throttledStatus: 429, processed: changeEventProcessed },
} as const satisfies Record<EventsApiName, unknown>;

/**
 * Decides the answer to one Events API request and applies a taken event to `state`. `newDedupKey` makes the key
 * for a trigger that brought none (PagerDuty generates one and returns it).
 */
export function answerEventsApiRequest(
  api: EventsApiName,
  body: InterpretedBody,
  state: SandboxState,
  newDedupKey: () => string,
): EventsApiAnswer {
  if (body.kind === 'too-large') {
    // PagerDuty documents the limit but not its answer; a 400 "invalid event" is what its client maintainers
    // report, and it is permanent, like PagerDuty's other rejections.
    const error = `Event is too large: ${body.bytes} bytes (maximum is ${MAX_EVENT_BYTES} bytes, 512 KB)`;
    return rejected(invalidEvent([error]));
  }
  if (body.kind === 'not-json') return rejected(unrecognizedObject(`JSON parse error: ${body.problem}`));
  if (!isJsonObject(body.value)) return rejected(unrecognizedObject('The event must be a JSON object'));

  if (api === 'change-events-v2') {
    const validation = validateChangeEvent(body.value);
    if (!validation.ok) return rejected(invalidEvent(validation.errors));
    if (!state.rateLimiter.tryTake(validation.event.routingKey)) return throttledAnswer(api);
    const recorded = state.recordChangeEvent(validation.event);
    return {
      httpStatus: ANSWER_STYLE[api].acceptedStatus,
      body: changeEventProcessed(),
      log: { outcome: 'accepted', note: `recorded as ${recorded.id}` },
    };
  }
  const validation = api === 'events-v2' ? validateAlertEvent(body.value) : validateV1Event(body.value);
  return answerAlertEvent(api, validation, state, newDedupKey);
}

function answerAlertEvent(
  api: 'events-v2' | 'events-v1',
  validation: EventValidation<AlertEventRequest>,
  state: SandboxState,
  newDedupKey: () => string,
): EventsApiAnswer {
  if (!validation.ok) return rejected(invalidEvent(validation.errors));
  const { event } = validation;
  if (!state.rateLimiter.tryTake(event.routingKey)) return throttledAnswer(api);

  const dedupKey = event.dedupKey ?? newDedupKey();
  const result = applyAlertEvent(state.alertStore, { ...event, dedupKey }, state.nowIso());
  state.alertStore = result.state;
  const style = ANSWER_STYLE[api];
  // Dropped events are still "accepted" on the wire (202/200): PagerDuty only drops them after taking them.
  const log: EventsApiAnswer['log'] =
    result.outcome === 'accepted'
      ? { outcome: 'accepted', dedupKey, alertId: result.alert.id }
      : { outcome: 'dropped', dedupKey, note: result.reason };
  return { httpStatus: style.acceptedStatus, body: style.processed(dedupKey), log };
}

function rejected(body: PdResponseBody): EventsApiAnswer {
  return { httpStatus: 400, body, log: { outcome: 'rejected', errors: body.errors ?? [] } };
}

function throttledAnswer(api: EventsApiName): EventsApiAnswer {
  return {
    httpStatus: ANSWER_STYLE[api].throttledStatus,
    body: throttled(),
    log: {
      outcome: 'throttled',
      note: 'rate limit for this integration key reached; the event was not taken',
    },
  };
}
