/** Validation of Change Events (`POST /v2/change/enqueue`): deploys and config changes, which open no alert. */
import { z } from 'zod';
import {
  EVENTS_V2_WORDING as WORDING,
  MAX_SUMMARY_CHARACTERS,
  integrationKey,
  issuesToErrors,
  optionalArray,
  optionalObject,
  optionalText,
  optionalTimestamp,
  requiredObject,
  requiredText,
} from './field-rules.js';
import type { EventValidation } from './event-validation.js';

/** A change event as the sandbox records it. */
export interface ChangeEventInput {
  routingKey: string;
  summary: string;
  source: string | undefined;
  timestamp: string | undefined;
  customDetails: Record<string, unknown> | undefined;
  links: { href: string; text?: string }[];
}

/** Keys of global rulesets start with `R`; service integration keys are hex and never do. */
export function isRulesetKey(routingKey: string): boolean {
  return routingKey.startsWith('R');
}

const changeEventSchema = z.looseObject({
  // PagerDuty's Events API v2 overview: "change events cannot be sent to ruleset integration keys".
  routing_key: integrationKey(WORDING).refine((key) => !isRulesetKey(key), {
    error: "'{field}' is a ruleset key (starts with R); change events need a service integration key",
  }),
  payload: requiredObject(
    {
      summary: requiredText(WORDING, MAX_SUMMARY_CHARACTERS),
      source: optionalText(WORDING),
      timestamp: optionalTimestamp(WORDING),
      custom_details: optionalObject(WORDING),
    },
    WORDING,
  ),
  links: optionalArray(
    requiredObject({ href: requiredText(WORDING), text: optionalText(WORDING) }, WORDING),
    WORDING,
  ),
});

/** Validates a parsed `/v2/change/enqueue` body, reporting every problem at once. */
export function validateChangeEvent(body: Record<string, unknown>): EventValidation<ChangeEventInput> {
  const parsed = changeEventSchema.safeParse(body);
  if (!parsed.success) return { ok: false, errors: issuesToErrors(parsed.error.issues) };
  const { routing_key, payload, links } = parsed.data;
  return {
    ok: true,
    event: {
      routingKey: routing_key,
      summary: payload.summary,
      source: payload.source ?? undefined,
      timestamp: payload.timestamp ?? undefined,
      customDetails: payload.custom_details ?? undefined,
      links: (links ?? []).map(({ href, text }) => (text == null ? { href } : { href, text })),
    },
  };
}
