/**
 * Webhook signatures: `X-Pagewatch-Signature: sha256=<hex>`, the HMAC-SHA256 of the raw request body keyed by the
 * integration's secret (the scheme GitHub and PagerDuty use). A receiver recomputes it over the bytes it got,
 * before parsing them, and compares in constant time.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

export const SIGNATURE_HEADER = 'x-pagewatch-signature';
/** Unix seconds when the request was made. Informational: it is not part of the signed bytes. */
export const TIMESTAMP_HEADER = 'x-pagewatch-timestamp';
/** The delivery id, the same on every retry of one event: receivers dedupe on it. */
export const DELIVERY_ID_HEADER = 'x-pagewatch-delivery';
/** The event's action (`trigger`, `resolve`, …). */
export const EVENT_HEADER = 'x-pagewatch-event';

const PREFIX = 'sha256=';

/** `sha256=<hex HMAC-SHA256 of body keyed by secret>`. */
export function signWebhookBody(body: string, secret: string): string {
  return PREFIX + createHmac('sha256', secret).update(body, 'utf8').digest('hex');
}

/** Whether `header` is the signature of `body` under `secret`; compares in constant time. */
export function verifyWebhookSignature(body: string, secret: string, header: string | undefined): boolean {
  if (!header?.startsWith(PREFIX)) return false;
  const expected = Buffer.from(signWebhookBody(body, secret), 'utf8');
  const given = Buffer.from(header, 'utf8');
  return given.length === expected.length && timingSafeEqual(given, expected);
}
