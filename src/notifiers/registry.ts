/**
 * Every delivery channel, in one typed map: the outbox dispatcher looks a target's channel up here and calls
 * `send` once per attempt. A channel sends a stored event body as it is (adding only the secret it is sent
 * under) and throws PermanentDeliveryError (never retry) or TransientDeliveryError (retry later); retries,
 * backoff and rate limiting belong to the dispatcher. A new notifier is one folder and one line in the map.
 */
import type { DeliveryAction } from '../outbox/delivery.js';
import type { Clock } from '../util/clock.js';
import type { HttpClient } from '../util/http-client.js';
import { sendPagerDutyEvent, type PagerDutyEvent, type PagerDutyEventKind } from './pagerduty/index.js';
import { sendWebhook, type WebhookTarget } from './webhook/index.js';

export type { WebhookTarget } from './webhook/index.js';

/** A PagerDuty integration as the dispatcher needs it, with its integration key decrypted. */
export interface PagerDutyTarget {
  type: 'pagerduty';
  /** The integration key: sent as `routing_key` (v2 and change events) or `service_key` (v1). */
  routingKey: string;
  /** Events API base URL, e.g. `https://events.pagerduty.com`. */
  eventsUrl: string;
  apiVersion: 'v2' | 'v1';
}

/** Where an integration's events go (same shape as the store's decrypted integration target). */
export type DeliveryTarget = PagerDutyTarget | WebhookTarget;
export type ChannelType = DeliveryTarget['type'];

/** What a channel gets besides the event body and the target. */
export interface ChannelSendOptions {
  http: HttpClient;
  clock: Clock;
  /** Per-request timeout. Default: the HTTP client's (10 000 ms). */
  timeoutMs?: number;
  /** The outbox row's action: selects PagerDuty's Events API (change events) and names webhook events. */
  action: DeliveryAction;
  /** The outbox row id, stable across retries (webhooks send it for receivers to dedupe on). */
  deliveryId: string;
}

export interface NotifierChannel<T extends DeliveryTarget> {
  /** One attempt. Resolves when the receiver took the event. */
  send(payload: Record<string, unknown>, target: T, options: ChannelSendOptions): Promise<void>;
  /** What the receiver rate-limits on (PagerDuty: the integration key); the dispatcher paces sends per key. */
  rateLimitKey(target: T): string;
}

const pagerDutyChannel: NotifierChannel<PagerDutyTarget> = {
  async send(payload, target, options) {
    const kind = pagerDutyEventKind(options.action, target.apiVersion);
    const keyField = kind === 'v1' ? 'service_key' : 'routing_key';
    // The stored body never holds the key (it is encrypted at rest); it joins the event only here, at send time.
    const event = { ...payload, [keyField]: target.routingKey } as unknown as PagerDutyEvent;
    await sendPagerDutyEvent(event, {
      http: options.http,
      clock: options.clock,
      kind,
      baseUrl: target.eventsUrl,
      ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}),
    });
  },
  rateLimitKey: (target) => `pagerduty:${target.routingKey}`,
};

const webhookChannel: NotifierChannel<WebhookTarget> = {
  async send(payload, target, options) {
    await sendWebhook(payload, target, {
      http: options.http,
      clock: options.clock,
      deliveryId: options.deliveryId,
      event: options.action,
      ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}),
    });
  },
  rateLimitKey: (target) => `webhook:${target.url}`,
};

export const NOTIFIER_CHANNELS = {
  pagerduty: pagerDutyChannel,
  webhook: webhookChannel,
} as const satisfies { [K in ChannelType]: NotifierChannel<Extract<DeliveryTarget, { type: K }>> };

/** Which PagerDuty Events API an outbox row goes to: change events have their own; v1 keys use the legacy API. */
export function pagerDutyEventKind(action: DeliveryAction, apiVersion: 'v2' | 'v1'): PagerDutyEventKind {
  if (action === 'change') return 'change';
  return apiVersion === 'v1' ? 'v1' : 'v2';
}

/** The channel of `target`'s type. */
export function channelFor<T extends DeliveryTarget>(target: T): NotifierChannel<T> {
  // The map's `satisfies` ties each type to its channel; TypeScript cannot follow that through a union index.
  return NOTIFIER_CHANNELS[target.type] as unknown as NotifierChannel<T>;
}
