/** One outbound event in the outbox, as the API shows it (API.md). */
export type DeliveryAction = 'trigger' | 'acknowledge' | 'resolve' | 'test' | 'change';
export type DeliveryStatus = 'pending' | 'sent' | 'failed';

export interface Delivery {
  id: string;
  incidentId: string | null;
  integrationId: string;
  monitorId: string | null;
  dedupKey: string;
  action: DeliveryAction;
  status: DeliveryStatus;
  attempts: number;
  nextAttemptAt: string;
  lastError: string | null;
  createdAt: string;
  sentAt: string | null;
}

/** What is put in the outbox: the event body is built before (by a notifier builder), without the secret key. */
export interface NewDelivery {
  incidentId: string | null;
  integrationId: string;
  monitorId: string | null;
  dedupKey: string;
  action: DeliveryAction;
  /** The event body without `routing_key` / `service_key`; the dispatcher adds the key at send time. */
  payload: Record<string, unknown>;
}
