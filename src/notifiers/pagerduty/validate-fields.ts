/**
 * Checks of the fields PagerDuty would reject. Builders throw a `PW_ERR_VALIDATION` naming the field, because a
 * send that is bound to get a 400 is better stopped with a clear message before it leaves.
 */
import type { ErrorDetail } from '../../errors/catalog.js';
import { PagewatchError } from '../../errors/pagewatch-error.js';
import { INTEGRATION_KEY_LENGTH, MAX_DEDUP_KEY_CHARS, PAGERDUTY_SEVERITIES } from './contract-limits.js';
import type { PagerDutySeverity } from './event-types.js';

const INTEGRATION_KEY_PATTERN = /^[A-Za-z0-9]+$/;

/** How many trailing characters of a secret may be shown to help tell keys apart. */
const VISIBLE_KEY_SUFFIX = 4;

/**
 * Checks an integration key (Events API v2 routing key or v1 service key): exactly 32 letters or digits.
 * Returns the problem, or `undefined` when the key is well-formed. The message names the field and the actual
 * length and never echoes the key: only its last 4 characters, and only when the key is long enough that those
 * are a small part of it.
 *
 * @param field - The field name used in the message and `path`. Default `'routing_key'`.
 */
export function validateIntegrationKey(key: unknown, field = 'routing_key'): ErrorDetail | undefined {
  if (typeof key !== 'string') {
    return {
      path: field,
      message: `${field} must be a string of ${INTEGRATION_KEY_LENGTH} letters or digits`,
    };
  }
  if (key.length === INTEGRATION_KEY_LENGTH && INTEGRATION_KEY_PATTERN.test(key)) return undefined;
  const problems: string[] = [];
  if (key.length !== INTEGRATION_KEY_LENGTH) problems.push(`it has ${key.length} characters`);
  if (key.length > 0 && !INTEGRATION_KEY_PATTERN.test(key)) {
    problems.push(
      key.trim() !== key
        ? 'it has leading or trailing whitespace'
        : 'it contains characters other than A-Z, a-z and 0-9',
    );
  }
  return {
    path: field,
    message:
      `${field} must be exactly ${INTEGRATION_KEY_LENGTH} characters, letters and digits only (the service ` +
      `integration's Integration Key), but ${problems.join(' and ')}${describeMaskedKey(key)}`,
  };
}

/** `' (key ending in "abcd")'` for long keys; nothing for short ones, whose last 4 would be most of the secret. */
export function describeMaskedKey(key: string): string {
  if (key.length < 3 * VISIBLE_KEY_SUFFIX) return '';
  return ` (key ending in "${key.slice(-VISIBLE_KEY_SUFFIX)}")`;
}

/** Throws `PW_ERR_VALIDATION` unless `key` is a well-formed integration key. */
export function assertIntegrationKey(key: unknown, field = 'routing_key'): void {
  const problem = validateIntegrationKey(key, field);
  if (problem) throw new PagewatchError('PW_ERR_VALIDATION', problem.message, [problem]);
}

/**
 * Throws `PW_ERR_VALIDATION` unless `key` is a non-empty dedup key of at most 255 characters. Never cuts it:
 * two monitors whose keys share the first 255 characters would then drive one incident.
 */
export function assertDedupKey(key: unknown, field = 'dedup_key'): asserts key is string {
  let message: string | undefined;
  if (typeof key !== 'string' || key.trim() === '') {
    message = `${field} is required and must not be empty`;
  } else if (key.length > MAX_DEDUP_KEY_CHARS) {
    message = `${field} must be at most ${MAX_DEDUP_KEY_CHARS} characters, but it has ${key.length}`;
  }
  if (message) throw new PagewatchError('PW_ERR_VALIDATION', message, [{ path: field, message }]);
}

/** Throws `PW_ERR_VALIDATION` unless `severity` is one PagerDuty knows (config may come from untyped JSON). */
export function assertSeverity(
  severity: unknown,
  field = 'payload.severity',
): asserts severity is PagerDutySeverity {
  if (PAGERDUTY_SEVERITIES.includes(severity as PagerDutySeverity)) return;
  const message = `${field} must be one of ${PAGERDUTY_SEVERITIES.join(', ')}, but it is ${JSON.stringify(severity)}`;
  throw new PagewatchError('PW_ERR_VALIDATION', message, [{ path: field, message }]);
}

/** Throws `PW_ERR_VALIDATION` when a required text field is missing or blank. */
export function assertNonBlank(value: unknown, field: string): asserts value is string {
  if (typeof value === 'string' && value.trim() !== '') return;
  const message = `${field} is required and must not be empty`;
  throw new PagewatchError('PW_ERR_VALIDATION', message, [{ path: field, message }]);
}
