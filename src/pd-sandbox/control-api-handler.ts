/**
 * The sandbox's own API under `/sandbox/`: inspect what was received, reset, and queue faults. For tests and the
 * incident console; errors use pagewatch's API error shape (`{error: {code, message, details}}`), not PagerDuty's.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { z } from 'zod';
import { PagewatchError } from '../errors/pagewatch-error.js';
import { faultRequestSchema, type FaultRequest, type PendingFault } from './fault-queue.js';
import { formatFieldPath } from './validation/field-rules.js';
import { sendJson } from './http-io.js';
import type { SandboxContext } from './sandbox-context.js';
import { isJsonObject, parseJson, readRequestBody } from './request-body.js';
import type { SandboxState } from './sandbox-state.js';
import { alertFilterSchema, alertViews, changeEventViews, receivedEventViews } from './sandbox-views.js';

/** Control requests are tiny; anything bigger is a mistake. */
const MAX_CONTROL_BODY_BYTES = 64 * 1024;

/** One routed request. */
export interface ControlCall {
  request: IncomingMessage;
  response: ServerResponse;
  url: URL;
  context: SandboxContext;
}

/** A zod failure as pagewatch's validation error, one detail per problem. */
export function validationError(message: string, error: z.ZodError): PagewatchError {
  const details = error.issues.map((issue) => ({
    path: formatFieldPath(issue.path),
    message: issue.message,
  }));
  return new PagewatchError('PW_ERR_VALIDATION', message, details);
}

/** Validates a fault and queues it; throws a `PW_ERR_VALIDATION` {@link PagewatchError} when it is not valid. */
export function queueFault(state: SandboxState, request: FaultRequest): PendingFault[] {
  const parsed = faultRequestSchema.safeParse(request);
  if (!parsed.success) throw validationError('Invalid fault', parsed.error);
  state.faults.enqueue(parsed.data);
  return state.faults.pending();
}

function sendError(response: ServerResponse, error: PagewatchError): void {
  sendJson(response, error.httpStatus, error.toJSON());
}

/** `GET /sandbox/alerts[?status=…&dedupKey=…]` → `{alerts}`. */
export function listAlerts({ url, response, context }: ControlCall): void {
  const filter = alertFilterSchema.safeParse(Object.fromEntries(url.searchParams));
  if (!filter.success) return sendError(response, validationError('Invalid alert filter', filter.error));
  sendJson(response, 200, { alerts: alertViews(context.state.alertStore.alerts, filter.data) });
}

/** `GET /sandbox/events` → `{events}`: every Events API request, oldest first. */
export function listReceivedEvents({ response, context }: ControlCall): void {
  sendJson(response, 200, { events: receivedEventViews(context.state.receivedEvents) });
}

/** `GET /sandbox/change-events` → `{changeEvents}`. */
export function listChangeEvents({ response, context }: ControlCall): void {
  sendJson(response, 200, { changeEvents: changeEventViews(context.state.changeEvents) });
}

/** `GET /sandbox/faults` → `{faults}`: the faults still queued. */
export function listFaults({ response, context }: ControlCall): void {
  sendJson(response, 200, { faults: context.state.faults.pending() });
}

/** `POST /sandbox/reset`: forget everything. */
export function resetSandbox({ response, context }: ControlCall): void {
  context.state.reset();
  sendJson(response, 200, { status: 'reset' });
}

/** `POST /sandbox/faults` with a {@link FaultRequest} body → 201 `{faults}` (the whole queue). */
export async function addFault({ request, response, context }: ControlCall): Promise<void> {
  const received = await readRequestBody(request, MAX_CONTROL_BODY_BYTES);
  if (received.kind === 'too-large') {
    return sendError(response, new PagewatchError('PW_ERR_PAYLOAD_TOO_LARGE', 'Fault request is too large'));
  }
  const parsed = parseJson(received.text);
  if (!parsed.ok || !isJsonObject(parsed.value)) {
    const problem = parsed.ok ? 'the body must be a JSON object' : parsed.problem;
    return sendError(response, new PagewatchError('PW_ERR_VALIDATION', `Invalid fault: ${problem}`));
  }
  try {
    sendJson(response, 201, { faults: queueFault(context.state, parsed.value as FaultRequest) });
  } catch (error) {
    if (error instanceof PagewatchError) return sendError(response, error);
    throw error;
  }
}
