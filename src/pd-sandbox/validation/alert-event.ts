/** Validation of Events API v2 alert events (`POST /v2/enqueue`), worded like PagerDuty's own 400 answers. */
import { z } from 'zod';
import { EVENT_ACTIONS, SEVERITIES, type AlertEventRequest } from '../alert-store.js';
import {
  EVENTS_V2_WORDING as WORDING,
  MAX_DEDUP_KEY_CHARACTERS,
  MAX_SUMMARY_CHARACTERS,
  integrationKey,
  issuesToErrors,
  oneOf,
  optionalArray,
  optionalObject,
  optionalText,
  optionalTimestamp,
  requiredHttpsUrl,
  requiredObject,
  requiredText,
} from './field-rules.js';
import type { EventValidation } from './event-validation.js';

/** Fields every alert event needs, whatever its action. */
const alertEventBase = z.looseObject({
  routing_key: integrationKey(WORDING),
  event_action: oneOf(EVENT_ACTIONS, WORDING),
  dedup_key: optionalText(WORDING, MAX_DEDUP_KEY_CHARACTERS),
});

const linkSchema = requiredObject({ href: requiredText(WORDING), text: optionalText(WORDING) }, WORDING);

const imageSchema = requiredObject(
  { src: requiredHttpsUrl(WORDING), href: optionalText(WORDING), alt: optionalText(WORDING) },
  WORDING,
);

/** What a trigger adds: the PD-CEF payload plus links, images and the client fields (which belong in the body). */
const triggerFields = z.looseObject({
  payload: requiredObject(
    {
      summary: requiredText(WORDING, MAX_SUMMARY_CHARACTERS),
      source: requiredText(WORDING),
      severity: oneOf(SEVERITIES, WORDING),
      timestamp: optionalTimestamp(WORDING),
      component: optionalText(WORDING),
      group: optionalText(WORDING),
      class: optionalText(WORDING),
      custom_details: optionalObject(WORDING),
    },
    WORDING,
  ),
  links: optionalArray(linkSchema, WORDING),
  images: optionalArray(imageSchema, WORDING),
  client: optionalText(WORDING),
  client_url: optionalText(WORDING),
});

/** Acknowledge and resolve name the alert they act on, so the dedup key becomes required. */
const followUpFields = z.looseObject({
  dedup_key: requiredText(WORDING, MAX_DEDUP_KEY_CHARACTERS),
});

/**
 * Validates a parsed `/v2/enqueue` body and, when valid, returns what the alert store needs. Every problem is
 * reported at once (PagerDuty's `errors` array), not only the first. Payload, links, images and client fields are
 * only checked on trigger: PagerDuty ignores them on acknowledge and resolve.
 *
 * A trigger without a dedup key is valid; `dedupKey` is then undefined and the caller generates one.
 */
export function validateAlertEvent(body: Record<string, unknown>): EventValidation<AlertEventRequest> {
  const base = alertEventBase.safeParse(body);
  const issues = base.success ? [] : [...base.error.issues];
  const action = base.success ? base.data.event_action : body.event_action;

  let trigger: z.infer<typeof triggerFields> | undefined;
  if (action === 'trigger') {
    const parsed = triggerFields.safeParse(body);
    if (parsed.success) trigger = parsed.data;
    else issues.push(...parsed.error.issues);
  } else if (action === 'acknowledge' || action === 'resolve') {
    const parsed = followUpFields.safeParse(body);
    if (!parsed.success) issues.push(...parsed.error.issues);
  }

  if (issues.length > 0 || !base.success) return { ok: false, errors: issuesToErrors(issues) };
  const dedupKey = base.data.dedup_key?.trim() ? base.data.dedup_key : undefined;
  return {
    ok: true,
    event: {
      routingKey: base.data.routing_key,
      action: base.data.event_action,
      dedupKey,
      summary: trigger?.payload.summary,
      severity: trigger?.payload.severity,
      source: trigger?.payload.source,
    },
  };
}
