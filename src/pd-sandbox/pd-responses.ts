/**
 * The bodies PagerDuty's Events API answers with. Every answer is JSON: pdjs, for one, parses every response as
 * JSON, so even throttles and injected faults carry a JSON body.
 */
import { STATUS_CODES } from 'node:http';

export interface PdResponseBody {
  status: string;
  message: string;
  errors?: string[];
  dedup_key?: string;
  incident_key?: string;
}

/** v2 alert events: 202, with the dedup key (the generated one when the trigger had none). */
export function alertEventProcessed(dedupKey: string): PdResponseBody {
  return { status: 'success', message: 'Event processed', dedup_key: dedupKey };
}

/** Change events: 202, no key (a change event opens no alert). */
export function changeEventProcessed(): PdResponseBody {
  return { status: 'success', message: 'Change event processed' };
}

/** v1 events: 200, with the incident key. */
export function v1EventProcessed(incidentKey: string): PdResponseBody {
  return { status: 'success', message: 'Event processed', incident_key: incidentKey };
}

/** 400 for a well-formed JSON object that breaks the event rules. Permanent: senders must not retry. */
export function invalidEvent(errors: string[]): PdResponseBody {
  return { status: 'invalid event', message: 'Event object is invalid', errors };
}

/**
 * 400 for a body that is not a JSON object at all. Wording from PagerDuty's Events v2 OpenAPI example
 * (`{"status":"Unrecognized object","message":"Event object format is unrecognized","errors":["JSON parse error"]}`),
 * which PagerDuty's own go-pagerduty test server also answers to undecodable bodies; we add what exactly failed.
 */
export function unrecognizedObject(problem: string): PdResponseBody {
  return { status: 'Unrecognized object', message: 'Event object format is unrecognized', errors: [problem] };
}

/**
 * Throttled (429 on v2, 403 on v1). PagerDuty documents the status ("429 - Request Limit Exceeded") but not the
 * body; this body follows the shape of its other answers.
 */
export function throttled(): PdResponseBody {
  return {
    status: 'throttle event',
    message: 'Requests for this service are arriving too quickly. Please retry later.',
  };
}

/** An injected fault's answer: a 429 looks exactly like a real throttle; anything else names the status. */
export function injectedFault(status: number): PdResponseBody {
  if (status === 429) return throttled();
  const reason = STATUS_CODES[status] ?? 'Error';
  return {
    status: reason.toLowerCase(),
    message: `${reason} (fault injected by the pagewatch PagerDuty sandbox)`,
  };
}
