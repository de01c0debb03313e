/**
 * Removes credentials from a request URL before it leaves in an alert: a monitored URL often carries a password
 * (`https://user:pass@host`) or an API key in its query, and PagerDuty alerts are read by many people.
 */

/** Query parameter names whose values are treated as secrets. */
const SECRET_PARAMETER_NAME = /key|token|secret|passw|pwd|auth|sig|credential|session/i;

const REDACTED = 'REDACTED';

/**
 * Returns `url` with its user-info and the values of secret-looking query parameters replaced by `REDACTED`.
 * Text that is not a parseable URL is returned unchanged (the runner may record whatever the collection had).
 */
export function redactUrlCredentials(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return url;
  }
  let changed = false;
  if (parsed.username || parsed.password) {
    parsed.username = REDACTED;
    parsed.password = '';
    changed = true;
  }
  for (const name of [...new Set(parsed.searchParams.keys())]) {
    if (!SECRET_PARAMETER_NAME.test(name)) continue;
    parsed.searchParams.set(name, REDACTED);
    changed = true;
  }
  // Only re-serialize when something was hidden: URL normalization would otherwise change what users recognise.
  return changed ? parsed.toString() : url;
}
