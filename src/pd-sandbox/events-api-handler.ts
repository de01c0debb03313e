/** The HTTP shell of the Events API endpoints: read the body, apply a queued fault, answer, log. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { answerEventsApiRequest, bodyForLog, interpretBody, MAX_EVENT_BYTES } from './events-api-pipeline.js';
import { injectedFault } from './pd-responses.js';
import { readRequestBody } from './request-body.js';
import { sendJson } from './http-io.js';
import type { SandboxContext } from './sandbox-context.js';
import type { EventsApiName } from './sandbox-state.js';

/** Answers one request to a PagerDuty Events API path and records it in the event log, whatever the outcome. */
export async function handleEventsApiRequest(
  api: EventsApiName,
  request: IncomingMessage,
  response: ServerResponse,
  context: SandboxContext,
): Promise<void> {
  const { state } = context;
  const path = request.url ?? '';
  // The body is read before any fault applies, so the log shows what the sender tried to deliver.
  const body = interpretBody(await readRequestBody(request, MAX_EVENT_BYTES));
  const fault = state.faults.takeNext();

  if (fault?.delayMs !== undefined) {
    try {
      await context.clock.sleep(fault.delayMs, context.shutdownSignal);
    } catch {
      return; // The sandbox is closing; its connections are being destroyed anyway.
    }
  }

  if (fault?.reset) {
    state.recordReceived({
      api,
      path,
      httpStatus: null,
      outcome: 'faulted',
      ...bodyForLog(body),
      note: 'connection reset by an injected fault; the event was not taken',
      fault,
    });
    request.socket.resetAndDestroy();
    return;
  }

  if (fault?.status !== undefined) {
    state.recordReceived({
      api,
      path,
      httpStatus: fault.status,
      outcome: 'faulted',
      ...bodyForLog(body),
      note: `answered ${fault.status} by an injected fault; the event was not taken`,
      fault,
    });
    const headers: Record<string, string> =
      fault.retryAfterSeconds === undefined ? {} : { 'retry-after': String(fault.retryAfterSeconds) };
    sendJson(response, fault.status, injectedFault(fault.status), headers);
    return;
  }

  const answer = answerEventsApiRequest(api, body, state, context.newDedupKey);
  const heldMs = fault?.answerDelayMs;
  const heldNote = `answer held ${heldMs} ms by an injected fault (the event was processed at once)`;
  state.recordReceived({
    api,
    path,
    httpStatus: answer.httpStatus,
    ...bodyForLog(body),
    ...answer.log,
    ...(fault ? { fault } : {}),
    ...(heldMs !== undefined ? { note: answer.log.note ? `${answer.log.note}; ${heldNote}` : heldNote } : {}),
  });
  if (heldMs !== undefined) {
    try {
      await context.clock.sleep(heldMs, context.shutdownSignal);
    } catch {
      return; // The sandbox is closing.
    }
    // The sender may have given up (timeout) and closed the connection: then there is no one to answer.
    if (request.socket.destroyed) return;
  }
  sendJson(response, answer.httpStatus, answer.body);
}
