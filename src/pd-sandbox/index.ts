/**
 * The PagerDuty sandbox: a local, faithful stand-in for PagerDuty's Events API, for tests, demos and offline use.
 * Never part of a production delivery path.
 */
export {
  startPdSandbox,
  DEFAULT_SANDBOX_HOST,
  type PdSandbox,
  type PdSandboxOptions,
} from './sandbox-server.js';
export type { Alert, AlertLogEntry, AlertStatus, EventAction, Severity } from './alert-store.js';
export type { AlertFilter, AlertView } from './sandbox-views.js';
export type { EventsApiName, ReceivedEvent, ReceivedOutcome, RecordedChangeEvent } from './sandbox-state.js';
export type { Fault, FaultRequest, PendingFault } from './fault-queue.js';
export { DEFAULT_RATE_LIMIT_PER_MINUTE, RATE_LIMIT_WINDOW_MS } from './rate-limiter.js';
export { EVENTS_API_PATHS, MAX_EVENT_BYTES } from './events-api-pipeline.js';
