import { Cron } from 'croner';

/**
 * Cron schedules: a 5-field expression (minute hour day-of-month month day-of-week, Vixie semantics, with croner's
 * `L` and `#` extensions) evaluated in an IANA time zone, default UTC.
 */

/** The time zone of cron schedules that name none. */
export const DEFAULT_CRON_TIMEZONE = 'UTC';

const FIELD_NAMES = 'minute hour day-of-month month day-of-week';

/** Why `timezone` is not a usable IANA time zone, or undefined when it is. */
export function checkTimeZone(timezone: string): string | undefined {
  if (timezone.trim() === '')
    return 'must not be empty; use an IANA time zone such as "Europe/Berlin" or "UTC"';
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: timezone });
    return undefined;
  } catch {
    return `unknown time zone "${timezone}"; use an IANA time zone such as "Europe/Berlin", "America/New_York" or "UTC"`;
  }
}

/** Why `expression` is not a usable 5-field cron expression (in `timezone`, assumed valid), or undefined. */
export function checkCronExpression(
  expression: string,
  timezone: string = DEFAULT_CRON_TIMEZONE,
): string | undefined {
  const fields = expression.trim().split(/\s+/).filter(Boolean);
  if (fields.length === 6) {
    return `"${expression}" has 6 fields; seconds are not supported, use 5 (${FIELD_NAMES}), e.g. "*/5 * * * *"`;
  }
  if (fields.length !== 5) {
    return `"${expression}" has ${fields.length} field${fields.length === 1 ? '' : 's'}; a cron expression has 5 (${FIELD_NAMES}), e.g. "*/5 * * * *"`;
  }
  // croner replaces `?` with the current time at construction: the schedule would depend on when it was parsed.
  if (expression.includes('?')) return `"${expression}" uses "?", which is not supported; use "*"`;
  let occurrences: CronOccurrences;
  try {
    occurrences = cronOccurrences(expression, timezone);
  } catch (error) {
    const reason = (error instanceof Error ? error.message : String(error)).replace(/^CronPattern:\s*/, '');
    return `"${expression}" is not a valid cron expression: ${reason}`;
  }
  if (!occurrences.ever) return `"${expression}" never matches a date (e.g. 30 February)`;
  return undefined;
}

/**
 * The occurrences of one cron expression in one time zone. croner converts every candidate time with
 * `toLocaleString` for named zones (≈0.2 ms per `nextRun`), so the last answered gap is remembered: the scheduler
 * asks every monitor sharing an expression for "the occurrence after the one that just passed", which then costs
 * one croner call per occurrence instead of one per monitor. UTC zones use croner's fast fixed-offset path.
 */
export class CronOccurrences {
  readonly expression: string;
  readonly timezone: string;
  readonly #cron: Cron;
  /** No occurrence lies in `(#gapFrom, #gapNext)`, and `#gapNext` is an occurrence (or null: none after). */
  #gapFrom = Number.POSITIVE_INFINITY;
  #gapNext: number | null = null;
  #ever: boolean | undefined;

  constructor(expression: string, timezone: string = DEFAULT_CRON_TIMEZONE) {
    this.expression = expression;
    this.timezone = timezone;
    this.#cron = createCron(expression, timezone);
  }

  /** Whether the expression matches any date at all (`0 0 30 2 *` does not); computed once. */
  get ever(): boolean {
    // Fields have no year, so any reference time works; a fixed one keeps validation pure.
    this.#ever ??= this.#cron.nextRun(new Date(0)) !== null;
    return this.#ever;
  }

  /** The first occurrence strictly after `afterMs` (epoch ms), or null when there is none. */
  nextAfter(afterMs: number): number | null {
    if (afterMs >= this.#gapFrom && (this.#gapNext === null || afterMs < this.#gapNext)) return this.#gapNext;
    const next = this.#cron.nextRun(new Date(afterMs))?.getTime() ?? null;
    this.#gapFrom = afterMs;
    this.#gapNext = next;
    return next;
  }
}

const sharedOccurrences = new Map<string, CronOccurrences>();
const SHARED_OCCURRENCES_LIMIT = 1_000;

/** One {@link CronOccurrences} per (expression, zone), shared by every monitor using it (so its memo is shared). */
export function cronOccurrences(
  expression: string,
  timezone: string = DEFAULT_CRON_TIMEZONE,
): CronOccurrences {
  const normalized = expression.trim().split(/\s+/).join(' ');
  const key = `${normalized}\u0000${timezone}`;
  let occurrences = sharedOccurrences.get(key);
  if (!occurrences) {
    if (sharedOccurrences.size >= SHARED_OCCURRENCES_LIMIT) sharedOccurrences.clear();
    occurrences = new CronOccurrences(normalized, timezone);
    sharedOccurrences.set(key, occurrences);
  }
  return occurrences;
}

/** A croner job that never runs anything itself (no callback, so no timer): only used to compute occurrences. */
function createCron(expression: string, timezone: string): Cron {
  const utc = new Intl.DateTimeFormat('en-US', { timeZone: timezone }).resolvedOptions().timeZone === 'UTC';
  return new Cron(expression, utc ? { utcOffset: 0, paused: true } : { timezone, paused: true });
}
