/** The durable outbox: enqueue inside the incident transaction, deliver with the dispatcher. */
export type { Delivery, DeliveryAction, DeliveryStatus, NewDelivery } from './delivery.js';
export {
  enqueueDeliveries,
  claimDueDeliveries,
  markSent,
  markRetry,
  markFailed,
  deferDelivery,
  getDelivery,
  listDeliveries,
  countByStatus,
  oldestPendingCreatedAt,
  releaseAllLeases,
  MAX_LAST_ERROR_CHARS,
  type ClaimedDelivery,
  type ClaimOptions,
  type DeliveryClaim,
  type ListDeliveriesOptions,
} from './delivery-repository.js';
export {
  createDispatcher,
  type Dispatcher,
  type DispatcherDependencies,
  type DispatcherHealth,
  type DispatcherLogger,
  type DeliveryReport,
} from './dispatcher.js';
export {
  DISPATCHER_DEFAULTS,
  resolveDispatcherSettings,
  type DispatcherOptions,
} from './dispatcher-options.js';
export { INTEGRATION_DELETED, type DeliveryOutcome, type ResolveTarget } from './deliver-claimed.js';
export { createKeyRateLimiter, type KeyRateLimiter } from './key-rate-limiter.js';
