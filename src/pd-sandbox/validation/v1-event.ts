/** Validation of legacy Events API v1 events (`POST /generic/2010-04-15/create_event.json`). */
import { z } from 'zod';
import { EVENT_ACTIONS, type AlertEventRequest } from '../alert-store.js';
import {
  EVENTS_V1_WORDING as WORDING,
  MAX_DEDUP_KEY_CHARACTERS,
  MAX_SUMMARY_CHARACTERS,
  integrationKey,
  isHttpsUrl,
  issuesToErrors,
  oneOf,
  optionalArray,
  optionalObject,
  optionalText,
  requiredObject,
  requiredText,
} from './field-rules.js';
import type { EventValidation } from './event-validation.js';

// These two are PagerDuty's own v1 texts, as reported by users of the live API (e.g. AWX, Alertmanager issues).
const DESCRIPTION_WORDING = {
  ...WORDING,
  missing: 'Description is missing or blank',
  tooLong: (max: number) => `Description is too long (maximum is ${max} characters)`,
};

const CONTEXT_TYPES = ['link', 'image'] as const;

/** A context is a link (`href` required) or an image (`src` required, https); which fields apply depends on type. */
const contextSchema = requiredObject(
  {
    type: oneOf(CONTEXT_TYPES, WORDING),
    href: optionalText(WORDING),
    text: optionalText(WORDING),
    src: optionalText(WORDING),
    alt: optionalText(WORDING),
  },
  WORDING,
).superRefine((context, check) => {
  if (context.type === 'link' && !context.href?.trim()) {
    check.addIssue({ code: 'custom', path: ['href'], message: WORDING.missing });
  }
  if (context.type === 'image') {
    if (!context.src?.trim()) check.addIssue({ code: 'custom', path: ['src'], message: WORDING.missing });
    else if (!isHttpsUrl(context.src))
      check.addIssue({ code: 'custom', path: ['src'], message: WORDING.notHttps });
  }
});

const v1EventBase = z.looseObject({
  service_key: integrationKey(WORDING),
  event_type: oneOf(EVENT_ACTIONS, WORDING),
  incident_key: optionalText(WORDING, MAX_DEDUP_KEY_CHARACTERS),
});

const v1TriggerFields = z.looseObject({
  description: requiredText(DESCRIPTION_WORDING, MAX_SUMMARY_CHARACTERS),
  details: optionalObject(WORDING),
  client: optionalText(WORDING),
  client_url: optionalText(WORDING),
  contexts: optionalArray(contextSchema, WORDING),
});

const v1FollowUpFields = z.looseObject({
  incident_key: requiredText(WORDING, MAX_DEDUP_KEY_CHARACTERS),
});

/**
 * Validates a parsed v1 body and maps it onto the alert store's shape (service_key → routing key, incident_key →
 * dedup key, description → summary), so v1 and v2 events share one set of alerts. Every problem is reported at once.
 */
export function validateV1Event(body: Record<string, unknown>): EventValidation<AlertEventRequest> {
  const base = v1EventBase.safeParse(body);
  const issues = base.success ? [] : [...base.error.issues];
  const action = base.success ? base.data.event_type : body.event_type;

  let description: string | undefined;
  if (action === 'trigger') {
    const parsed = v1TriggerFields.safeParse(body);
    if (parsed.success) description = parsed.data.description;
    else issues.push(...parsed.error.issues);
  } else if (action === 'acknowledge' || action === 'resolve') {
    const parsed = v1FollowUpFields.safeParse(body);
    if (!parsed.success) issues.push(...parsed.error.issues);
  }

  if (issues.length > 0 || !base.success) return { ok: false, errors: issuesToErrors(issues) };
  return {
    ok: true,
    event: {
      routingKey: base.data.service_key,
      action: base.data.event_type,
      dedupKey: base.data.incident_key?.trim() ? base.data.incident_key : undefined,
      summary: description,
    },
  };
}
