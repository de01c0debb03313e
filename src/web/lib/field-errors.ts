import type { ErrorDetail } from '../api/api-types';

/** Error messages per form field, and the ones that belong to no field (shown above the form). */
export interface FieldErrors {
  byField: Record<string, string[]>;
  general: string[];
}

export const NO_FIELD_ERRORS: FieldErrors = { byField: {}, general: [] };

/**
 * Sorts the API's `error.details` onto form fields by path: a detail belongs to the longest field path it starts
 * with (`schedule.cron` → field `schedule.cron`; `collection.item[2].request` → field `collection`, with the rest
 * of the path kept in the message so the user knows where). Paths are the API's (`config.integrationKey`).
 */
export function assignErrorsToFields(
  details: readonly ErrorDetail[],
  fields: readonly string[],
  fallbackMessage?: string,
): FieldErrors {
  const byField: Record<string, string[]> = {};
  const general: string[] = [];
  const longestFirst = [...fields].sort((a, b) => b.length - a.length);
  for (const detail of details) {
    const path = detail.path ?? '';
    const field = longestFirst.find((candidate) => isWithin(path, candidate));
    if (field === undefined) {
      general.push(path && path !== '$' ? `${path}: ${detail.message}` : detail.message);
      continue;
    }
    const rest = path.slice(field.length).replace(/^\./, '');
    (byField[field] ??= []).push(rest ? `${rest}: ${detail.message}` : detail.message);
  }
  if (details.length === 0 && fallbackMessage) general.push(fallbackMessage);
  return { byField, general };
}

function isWithin(path: string, field: string): boolean {
  return path === field || path.startsWith(`${field}.`) || path.startsWith(`${field}[`);
}

/** The same errors with one more field message (client-side checks), keeping the API's ones. */
export function withFieldError(errors: FieldErrors, field: string, message: string): FieldErrors {
  return { ...errors, byField: { ...errors.byField, [field]: [...(errors.byField[field] ?? []), message] } };
}

export function hasErrors(errors: FieldErrors): boolean {
  return errors.general.length > 0 || Object.keys(errors.byField).length > 0;
}
