/**
 * What the inspection API shows. Integration keys are secrets, so every listing masks them to their last four
 * characters, inside received bodies too.
 */
import { z } from 'zod';
import type { Alert, AlertStatus } from './alert-store.js';
import type { ReceivedEvent, RecordedChangeEvent } from './sandbox-state.js';
import { isJsonObject } from './request-body.js';

/** Keeps only the last 4 characters: enough to tell keys apart, not enough to use one. */
export function maskSecret(secret: string): string {
  const visible = 4;
  if (secret.length <= visible) return '*'.repeat(secret.length);
  return '*'.repeat(secret.length - visible) + secret.slice(-visible);
}

/** An alert as listed: the routing key is masked. */
export type AlertView = Alert;

/** Narrows the alert listing; every field is optional (no filter lists all alerts). */
export interface AlertFilter {
  status?: AlertStatus;
  dedupKey?: string;
}

/** Query of `GET /sandbox/alerts`. */
export const alertFilterSchema = z.strictObject({
  status: z.enum(['triggered', 'acknowledged', 'resolved']).optional(),
  dedupKey: z.string().optional(),
});

/** Alerts matching `filter`, oldest first, keys masked. */
export function alertViews(alerts: readonly Alert[], filter: AlertFilter = {}): AlertView[] {
  return alerts
    .filter((alert) => filter.status === undefined || alert.status === filter.status)
    .filter((alert) => filter.dedupKey === undefined || alert.dedupKey === filter.dedupKey)
    .map((alert) => ({ ...alert, routingKey: maskSecret(alert.routingKey), log: [...alert.log] }));
}

const KEY_FIELDS = ['routing_key', 'service_key'] as const;

/** Received requests with the integration key in each body masked. */
export function receivedEventViews(events: readonly ReceivedEvent[]): ReceivedEvent[] {
  return events.map((event) => {
    if (!isJsonObject(event.body)) return { ...event };
    const body: Record<string, unknown> = { ...event.body };
    for (const field of KEY_FIELDS) {
      const value = body[field];
      if (typeof value === 'string') body[field] = maskSecret(value);
    }
    return { ...event, body };
  });
}

/** Change events with their routing key masked. */
export function changeEventViews(events: readonly RecordedChangeEvent[]): RecordedChangeEvent[] {
  return events.map((event) => ({ ...event, routingKey: maskSecret(event.routingKey) }));
}
