/**
 * Building blocks for the sandbox's zod schemas. Every rule carries PagerDuty-style wording with a `{field}`
 * placeholder; {@link issuesToErrors} fills in the real path (`payload.summary`, `images[0].src`) so one rule
 * reads right wherever it is used, including inside arrays.
 */
import { z } from 'zod';

/** Replaced by the failing field's path in every message. */
export const FIELD_PLACEHOLDER = '{field}';

/** Integration keys (routing_key, service_key) are exactly this long, ruleset keys (`R…`) included. */
export const INTEGRATION_KEY_LENGTH = 32;
/** `payload.summary` (v2, change) and `description` (v1) limit, in characters. */
export const MAX_SUMMARY_CHARACTERS = 1024;
/** `dedup_key` (v2) and `incident_key` (v1) limit, in characters. */
export const MAX_DEDUP_KEY_CHARACTERS = 255;

/** How one API words its validation errors. Templates may contain {@link FIELD_PLACEHOLDER}. */
export interface ErrorWording {
  missing: string;
  notString: string;
  notObject: string;
  notArray: string;
  notTimestamp: string;
  notHttps: string;
  tooLong: (maxCharacters: number) => string;
  wrongLength: (length: number) => string;
  notOneOf: (allowed: readonly string[]) => string;
}

/**
 * Events API v2 wording, modelled on errors PagerDuty is known to return:
 * "'payload.severity' is missing or blank", "Length of 'routing_key' is incorrect (should be 32 characters)".
 */
export const EVENTS_V2_WORDING: ErrorWording = {
  missing: "'{field}' is missing or blank",
  notString: "'{field}' must be a string",
  notObject: "'{field}' must be a JSON object",
  notArray: "'{field}' must be an array",
  notTimestamp: "'{field}' is not a valid ISO-8601 timestamp",
  notHttps: "'{field}' must be an https URL (images must be served via HTTPS)",
  // The live API has been seen answering "'summary' is too long (maiximum is 1024 characters)" [sic]; we name the
  // full path and spell it right, since senders must not parse this text anyway.
  tooLong: (max) => `'{field}' is too long (maximum is ${max} characters)`,
  wrongLength: (length) => `Length of '{field}' is incorrect (should be ${length} characters)`,
  notOneOf: (allowed) => `'{field}' is invalid (must be one of: ${allowed.join(' ')})`,
};

/** Events API v1 wording: PagerDuty's v1 docs show "event_type is invalid (must be one of: …)", unquoted. */
export const EVENTS_V1_WORDING: ErrorWording = {
  missing: '{field} is missing or blank',
  notString: '{field} must be a string',
  notObject: '{field} must be a JSON object',
  notArray: '{field} must be an array',
  notTimestamp: '{field} is not a valid ISO-8601 timestamp',
  notHttps: '{field} must be an https URL (images must be served via HTTPS)',
  tooLong: (max) => `{field} is too long (maximum is ${max} characters)`,
  wrongLength: (length) => `Length of {field} is incorrect (should be ${length} characters)`,
  notOneOf: (allowed) => `{field} is invalid (must be one of: ${allowed.join(' ')})`,
};

/** Counts code points, not UTF-16 units: PagerDuty's limits are in characters, so an emoji counts once. */
export function characterCount(text: string): number {
  return [...text].length;
}

/** Rails-style "blank": absent, null, or only whitespace. */
function isBlank(input: unknown): boolean {
  return input === undefined || input === null || (typeof input === 'string' && input.trim() === '');
}

/** A required, non-blank string, optionally capped at `maxCharacters` (no cap by default). */
export function requiredText(wording: ErrorWording, maxCharacters?: number) {
  const text = z
    .string({ error: (issue) => (isBlank(issue.input) ? wording.missing : wording.notString) })
    .refine((value) => value.trim() !== '', { error: wording.missing, abort: true });
  if (maxCharacters === undefined) return text;
  return text.refine((value) => characterCount(value) <= maxCharacters, {
    error: wording.tooLong(maxCharacters),
  });
}

/**
 * An optional string, optionally capped at `maxCharacters` (no cap by default). `null` counts as absent: senders
 * commonly serialise unset optional fields as null.
 */
export function optionalText(wording: ErrorWording, maxCharacters?: number) {
  const text = z.string({ error: wording.notString });
  if (maxCharacters === undefined) return text.nullish();
  return text
    .refine((value) => characterCount(value) <= maxCharacters, { error: wording.tooLong(maxCharacters) })
    .nullish();
}

/** An integration key: required, exactly {@link INTEGRATION_KEY_LENGTH} characters. */
export function integrationKey(wording: ErrorWording) {
  return requiredText(wording).refine((value) => value.length === INTEGRATION_KEY_LENGTH, {
    error: wording.wrongLength(INTEGRATION_KEY_LENGTH),
  });
}

/** A required value from a fixed list; a blank value is reported as missing, anything else as invalid. */
export function oneOf<const T extends readonly [string, ...string[]]>(allowed: T, wording: ErrorWording) {
  return z.enum(allowed, {
    error: (issue) => (isBlank(issue.input) ? wording.missing : wording.notOneOf(allowed)),
  });
}

/** An optional JSON object (not an array); null counts as absent. */
export function optionalObject(wording: ErrorWording) {
  return z.record(z.string(), z.unknown(), { error: wording.notObject }).nullish();
}

/** A required JSON object with the given fields; unknown fields pass through, as PagerDuty ignores them. */
export function requiredObject<Shape extends z.core.$ZodLooseShape>(shape: Shape, wording: ErrorWording) {
  return z.looseObject(shape, {
    error: (issue) =>
      issue.input === undefined || issue.input === null ? wording.missing : wording.notObject,
  });
}

/** An optional array of `item`; null counts as absent. */
export function optionalArray<Item extends z.ZodType>(item: Item, wording: ErrorWording) {
  return z.array(item, { error: wording.notArray }).nullish();
}

// Date with optional time, seconds, fraction and zone: 2015-07-17, 2015-07-17T08:42Z, 2015-07-17T08:42:58.315+0000.
const ISO_8601 =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,]\d+)?)?(Z|[+-]\d{2}(?::?\d{2})?)?)?$/;

/** True for an ISO-8601 date or date-time that names a real calendar instant (no 2015-02-30, no 25:00). */
export function isIso8601Timestamp(value: string): boolean {
  const match = ISO_8601.exec(value);
  if (!match) return false;
  const [year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0] = match
    .slice(1, 7)
    .map((part) => Number(part ?? 0));
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return (
    month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth && hour <= 23 && minute <= 59 && second <= 60
  );
}

/** An optional ISO-8601 timestamp string; null counts as absent. */
export function optionalTimestamp(wording: ErrorWording) {
  return z
    .string({ error: wording.notString })
    .refine(isIso8601Timestamp, { error: wording.notTimestamp })
    .nullish();
}

/** True when `value` parses as an absolute URL with the https scheme. */
export function isHttpsUrl(value: string): boolean {
  try {
    return new URL(value).protocol === 'https:';
  } catch {
    return false;
  }
}

/** A required https URL (image sources must be served via HTTPS). */
export function requiredHttpsUrl(wording: ErrorWording) {
  return requiredText(wording).refine(isHttpsUrl, { error: wording.notHttps });
}

/** Renders a zod path the way senders write it: `payload.summary`, `images[0].src`. */
export function formatFieldPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>((text, segment) => {
    if (typeof segment === 'number') return `${text}[${segment}]`;
    return text === '' ? String(segment) : `${text}.${String(segment)}`;
  }, '');
}

/** Turns zod issues into PagerDuty-style error strings, in order, without duplicates. */
export function issuesToErrors(issues: readonly z.core.$ZodIssue[]): string[] {
  // A message without the placeholder is a literal on purpose (e.g. v1's "Description is missing or blank").
  const errors = issues.map((issue) =>
    issue.message.replaceAll(FIELD_PLACEHOLDER, formatFieldPath(issue.path)),
  );
  return [...new Set(errors)];
}
