/**
 * Reading PagerDuty's `Retry-After` header. HTTP allows two forms: a number of seconds or an HTTP-date; both
 * must be honoured, because retrying before the receiver is ready only earns another 429.
 */

/**
 * How long to wait, in milliseconds, according to a `Retry-After` value; `undefined` when absent or unreadable.
 * A date in the past means "now" (0).
 *
 * @param nowMs - The current time (epoch ms), from the injected clock, to turn an HTTP-date into a wait.
 */
export function parseRetryAfterMs(header: string | undefined, nowMs: number): number | undefined {
  const value = header?.trim();
  if (!value) return undefined;
  if (/^\d+(\.\d+)?$/.test(value)) return Math.round(Number(value) * 1000);
  // Only a date-looking value is parsed as a date: Date.parse would otherwise accept e.g. "-1" as a year.
  if (!/[a-z]/i.test(value)) return undefined;
  const at = Date.parse(value);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, at - nowMs);
}
