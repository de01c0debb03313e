import { Cron } from 'croner';

interface WindowScope {
  /** The monitor the window silences; null or absent: every monitor. */
  monitorId?: string | null;
}

/** A single window: active from `startsAt` (inclusive) to `endsAt` (exclusive), both ISO times. */
export interface OneOffMaintenanceWindow extends WindowScope {
  startsAt: string;
  endsAt: string;
}

/** A window that repeats: it opens at each occurrence of `cron` and lasts `durationMinutes`. */
export interface RecurringMaintenanceWindow extends WindowScope {
  /** 5-field cron (6 with seconds) of the window's start, read in `timezone`. */
  cron: string;
  /** IANA time zone the cron is read in. Default `UTC` (never the server's zone: results must not depend on it). */
  timezone?: string | null;
  /** Length of each occurrence in minutes; more than 0. */
  durationMinutes: number;
}

export type MaintenanceWindow = OneOffMaintenanceWindow | RecurringMaintenanceWindow;

/** Whether any window that applies to `monitorId` (its own, or one for every monitor) is active at `now`. */
export function isInMaintenance(
  windows: readonly MaintenanceWindow[],
  monitorId: string,
  now: Date,
): boolean {
  return windows.some(
    (window) =>
      (window.monitorId === null || window.monitorId === undefined || window.monitorId === monitorId) &&
      isMaintenanceWindowActive(window, now),
  );
}

/**
 * Whether one window is active at `now`. A recurring window is active when its most recent occurrence at or
 * before `now` began less than `durationMinutes` ago, i.e. some occurrence falls in `(now - duration, now]`
 * (so back-to-back or overlapping occurrences stay active throughout). Croner does the zone arithmetic,
 * including DST shifts. A window that cannot be read (see `maintenanceWindowProblem`) is never active: a broken
 * window must not silence pages.
 */
export function isMaintenanceWindowActive(window: MaintenanceWindow, now: Date): boolean {
  if (maintenanceWindowProblem(window) !== null) return false;
  const time = now.getTime();
  if ('cron' in window) {
    const next = recurrence(window).nextRun(new Date(time - window.durationMinutes * 60_000));
    return next !== null && next.getTime() <= time;
  }
  return Date.parse(window.startsAt) <= time && time < Date.parse(window.endsAt);
}

/** Why a window cannot be used (for validation messages), or null when it is fine. */
export function maintenanceWindowProblem(window: MaintenanceWindow): string | null {
  if ('cron' in window) {
    if (!Number.isFinite(window.durationMinutes) || window.durationMinutes <= 0) {
      return 'durationMinutes must be a number greater than 0';
    }
    try {
      recurrence(window);
      return null;
    } catch (error) {
      return `cron or timezone is invalid: ${(error as Error).message}`;
    }
  }
  const starts = Date.parse(window.startsAt);
  const ends = Date.parse(window.endsAt);
  if (Number.isNaN(starts) || Number.isNaN(ends)) return 'startsAt and endsAt must be ISO times';
  if (ends <= starts) return 'endsAt must be after startsAt';
  return null;
}

/** A Cron used only to compute occurrences: constructed without a callback, it schedules no timer. */
function recurrence(window: RecurringMaintenanceWindow): Cron {
  const cron = new Cron(window.cron, { timezone: window.timezone ?? 'UTC' });
  // Croner checks the zone lazily; ask for one occurrence so a bad zone fails here, not in the caller.
  cron.nextRun(new Date(0));
  return cron;
}
