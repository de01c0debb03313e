/** The PagerDuty notifier: pure event builders, a single-attempt sender and a retrying deliverer. */
export * from './event-types.js';
export * from './contract-limits.js';
export { validateIntegrationKey } from './validate-fields.js';
export { truncateWithEllipsis, ELLIPSIS } from './truncate-text.js';
export { buildRunSummary, findFailingExecutions, isFailingExecution } from './run-summary.js';
export {
  buildRunCustomDetails,
  type RunCustomDetails,
  type FailingRequestDetail,
  type FailedAssertionDetail,
} from './run-details.js';
export { redactUrlCredentials } from './redact-url.js';
export { serializedEventBytes } from './event-size.js';
export { DETAILS_REMOVED_NOTE, DETAILS_TRIMMED_NOTE } from './shrink-run-details.js';
export {
  buildTriggerEvent,
  buildAcknowledgeEvent,
  buildResolveEvent,
  type TriggerEventInput,
  type AlertKeyInput,
} from './build-alert-events.js';
export { buildChangeEvent, type ChangeEventInput } from './build-change-event.js';
export { buildV1Event, type V1EventInput } from './build-v1-event.js';
export { parseRetryAfterMs } from './retry-after.js';
export { EVENTS_API_PATHS, resolveEventsEndpoint, eventIntegrationKey } from './events-endpoint.js';
export { interpretPagerDutyResponse, type PagerDutySendResult } from './interpret-response.js';
export { sendPagerDutyEvent, describeNetworkError, type SendPagerDutyEventOptions } from './send-event.js';
export {
  createRoutingKeyRateLimiter,
  sharedPagerDutyRateLimiter,
  type RoutingKeyRateLimiter,
  type RoutingKeyRateLimitOptions,
} from './rate-limiter.js';
export { computeRetryDelayMs, type BackoffOptions } from './retry-delay.js';
export {
  deliverPagerDutyEvent,
  DEFAULT_MAX_ATTEMPTS,
  DEFAULT_MIN_DELAY_MS,
  DEFAULT_MAX_DELAY_MS,
  DEFAULT_MAX_TOTAL_MS,
  type DeliverPagerDutyEventOptions,
  type PagerDutyDeliveryResult,
  type PagerDutyRetryInfo,
} from './deliver-event.js';
