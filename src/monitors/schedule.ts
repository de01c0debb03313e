import type { ErrorDetail } from '../errors/catalog.js';
import { PagewatchError } from '../errors/pagewatch-error.js';
import type { Schedule } from './monitor.js';
import {
  checkCronExpression,
  checkTimeZone,
  cronOccurrences,
  DEFAULT_CRON_TIMEZONE,
  type CronOccurrences,
} from './schedule-cron.js';
import { formatDuration, MAX_EVERY_MS, MIN_EVERY_MS, parseDuration } from './schedule-duration.js';
import { jitterFromId } from './schedule-jitter.js';

/**
 * Monitor schedules: validation with field paths, and the pure slot arithmetic the run queue (in-process now,
 * BullMQ later) uses, so every node computes the same slots for the same monitor.
 *
 * Slots:
 * - `every`: `epoch + k × interval + jitter`, aligned to the Unix epoch (not to when the monitor was created or the
 *   process started), so restarts keep the same slots and a monitor always fires at the same offset.
 * - `cron`: each croner occurrence in the zone, plus jitter.
 *
 * Jitter is a deterministic offset from a hash of the monitor id: in `[0, min(interval, 60s))` for `every`
 * schedules ({@link EVERY_JITTER_CAP_MS}) and in `[0, 10s)` for cron ones ({@link CRON_JITTER_MS}), so a thousand
 * monitors on "every 1m" or on "0 * * * *" do not all fire in the same second.
 */

/** The widest jitter of an `every` schedule (and never more than its interval): 60 s. */
export const EVERY_JITTER_CAP_MS = 60_000;
/** The jitter window of cron schedules: 10 s after each occurrence. */
export const CRON_JITTER_MS = 10_000;

export { MAX_EVERY_MS, MIN_EVERY_MS } from './schedule-duration.js';
export { DEFAULT_CRON_TIMEZONE } from './schedule-cron.js';

const SCHEDULE_KEYS = new Set(['every', 'cron', 'timezone']);
const EXAMPLES = '{"every": "5m"} or {"cron": "*/5 * * * *", "timezone": "Europe/Berlin"}';

/**
 * Validates a schedule from any source (API body, config file, store) and returns it with its strings trimmed.
 * All problems are reported at once, each with its path under `path` (`schedule.every`, `schedule.cron`,
 * `schedule.timezone`, or `schedule` itself for the shape).
 *
 * @throws PagewatchError `PW_ERR_VALIDATION` with one detail per problem.
 */
export function parseSchedule(input: unknown, path = 'schedule'): Schedule {
  const details: ErrorDetail[] = [];
  const schedule = checkSchedule(input, path, details);
  if (!schedule || details.length) {
    const summary = details.map((detail) => `${detail.path}: ${detail.message}`).join('; ');
    throw new PagewatchError('PW_ERR_VALIDATION', `Invalid schedule: ${summary}`, details);
  }
  return schedule;
}

function checkSchedule(input: unknown, path: string, details: ErrorDetail[]): Schedule | undefined {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    details.push({ path, message: `must be an object: ${EXAMPLES}` });
    return undefined;
  }
  const fields = input as Record<string, unknown>;
  for (const key of Object.keys(fields)) {
    if (!SCHEDULE_KEYS.has(key)) {
      details.push({
        path: `${path}.${key}`,
        message: 'unknown field; a schedule has "every", or "cron" and "timezone"',
      });
    }
  }
  const { every, cron, timezone } = fields;
  if ((every === undefined) === (cron === undefined)) {
    const message =
      every === undefined ? 'give "every" or "cron"' : 'give either "every" or "cron", not both';
    details.push({ path, message: `${message}: ${EXAMPLES}` });
  }
  if (every !== undefined) {
    const problem = checkEvery(every);
    if (problem) details.push({ path: `${path}.every`, message: problem });
    if (timezone !== undefined && cron === undefined) {
      details.push({ path: `${path}.timezone`, message: '"timezone" applies to "cron" schedules only' });
    }
  }
  let zone: string | undefined;
  if (timezone !== undefined && cron !== undefined) {
    const problem = typeof timezone === 'string' ? checkTimeZone(timezone.trim()) : 'must be a string';
    if (problem) details.push({ path: `${path}.timezone`, message: problem });
    else zone = (timezone as string).trim();
  }
  if (cron !== undefined) {
    const problem =
      typeof cron === 'string'
        ? checkCronExpression(cron.trim(), zone ?? DEFAULT_CRON_TIMEZONE)
        : 'must be a string such as "*/5 * * * *"';
    if (problem) details.push({ path: `${path}.cron`, message: problem });
  }
  if (details.length) return undefined;
  if (typeof every === 'string') return { every: every.trim() };
  return zone === undefined
    ? { cron: (cron as string).trim() }
    : { cron: (cron as string).trim(), timezone: zone };
}

function checkEvery(every: unknown): string | undefined {
  if (typeof every !== 'string') return 'must be a duration string such as "30s", "5m" or "1h30m"';
  const ms = parseDuration(every.trim());
  const range = `between ${formatDuration(MIN_EVERY_MS)} and ${formatDuration(MAX_EVERY_MS)}`;
  if (ms === undefined) {
    return `"${every}" is not a duration; use whole numbers with h, m and s (e.g. "30s", "5m", "1h30m"), ${range}`;
  }
  if (ms < MIN_EVERY_MS) return `"${every}" is too short: the interval must be ${range}`;
  if (ms > MAX_EVERY_MS) return `"${every}" is too long: the interval must be ${range}`;
  return undefined;
}

/** A validated schedule in the form slot arithmetic needs: compile once per monitor, then ask for slots. */
export type CompiledSchedule =
  | { kind: 'every'; schedule: Schedule; intervalMs: number; jitterBoundMs: number }
  | { kind: 'cron'; schedule: Schedule; occurrences: CronOccurrences; jitterBoundMs: number };

/**
 * Validates and compiles a schedule.
 *
 * @throws PagewatchError `PW_ERR_VALIDATION` (see {@link parseSchedule}).
 */
export function compileSchedule(input: unknown, path = 'schedule'): CompiledSchedule {
  const schedule = parseSchedule(input, path);
  if ('every' in schedule) {
    const intervalMs = parseDuration(schedule.every);
    if (intervalMs === undefined)
      throw new PagewatchError('PW_ERR_INTERNAL', `unparsable interval "${schedule.every}"`);
    return { kind: 'every', schedule, intervalMs, jitterBoundMs: Math.min(intervalMs, EVERY_JITTER_CAP_MS) };
  }
  const occurrences = cronOccurrences(schedule.cron, schedule.timezone ?? DEFAULT_CRON_TIMEZONE);
  return { kind: 'cron', schedule, occurrences, jitterBoundMs: CRON_JITTER_MS };
}

/** The monitor's jitter under a compiled schedule, in ms. */
export function compiledJitterMs(compiled: CompiledSchedule, monitorId: string): number {
  return jitterFromId(monitorId, compiled.jitterBoundMs);
}

/**
 * The first slot strictly after `afterMs` (epoch ms) for a monitor whose jitter is `jitterMs`, or null when a cron
 * expression has no further occurrence (croner searches until the year 3000).
 */
export function slotAfter(compiled: CompiledSchedule, jitterMs: number, afterMs: number): number | null {
  if (compiled.kind === 'every') {
    const k = Math.floor((afterMs - jitterMs) / compiled.intervalMs) + 1;
    return k * compiled.intervalMs + jitterMs;
  }
  const occurrence = compiled.occurrences.nextAfter(afterMs - jitterMs);
  return occurrence === null ? null : occurrence + jitterMs;
}

/**
 * The deterministic jitter of a monitor on a schedule: `[0, min(interval, 60 s))` for `every`, `[0, 10 s)` for cron.
 *
 * @throws PagewatchError `PW_ERR_VALIDATION` when the schedule is invalid.
 */
export function scheduleJitterMs(monitorId: string, schedule: Schedule): number {
  return compiledJitterMs(compileSchedule(schedule), monitorId);
}

/**
 * The monitor's next slot strictly after `after`. Pure: the same inputs give the same answer on every node, so the
 * API can show `nextRunAt` without asking the queue.
 *
 * @throws PagewatchError `PW_ERR_VALIDATION` when the schedule is invalid or a cron one never fires again.
 */
export function nextRunAt(schedule: Schedule, monitorId: string, after: Date): Date {
  const compiled = compileSchedule(schedule);
  const slot = slotAfter(compiled, compiledJitterMs(compiled, monitorId), after.getTime());
  if (slot === null) {
    throw new PagewatchError('PW_ERR_VALIDATION', `Schedule has no run after ${after.toISOString()}`, [
      { path: 'schedule.cron', message: 'has no occurrence after this time' },
    ]);
  }
  return new Date(slot);
}

/** A short human description: `every 5m`, `cron "0 9 * * 1-5" (Europe/Berlin)`. */
export function describeSchedule(schedule: Schedule): string {
  if ('every' in schedule) return `every ${schedule.every}`;
  return `cron "${schedule.cron}" (${schedule.timezone ?? DEFAULT_CRON_TIMEZONE})`;
}
