import type { RunSummary } from '../api/api-types';

/** Runs that count for uptime: finished with a verdict (not queued, running or skipped as an overlap). */
const COUNTED = new Set(['success', 'failure', 'error', 'abort']);

export interface UptimeWindow {
  /** Share of counted runs that passed, 0…1; null when no run finished in the window. */
  ratio: number | null;
  runs: number;
  /** The runs loaded do not reach back to the window's start, so the ratio covers only part of it. */
  partial: boolean;
}

export interface MonitorRunStats {
  uptime24h: UptimeWindow;
  uptime7d: UptimeWindow;
  /** Durations of the latest finished runs, oldest first, for the sparkline. */
  recentDurations: number[];
}

const DAY_MS = 86_400_000;
export const SPARKLINE_POINTS = 30;

/** When a run happened, for windows: when it finished, else when it was due. */
function runTime(run: RunSummary): number {
  return new Date(run.finishedAt ?? run.scheduledAt).getTime();
}

/**
 * Uptime over the last 24 h and 7 d and the recent response times, from runs newest first. `complete` says whether
 * `runs` holds every run since 7 days ago (else windows older than the oldest run loaded are marked partial).
 */
export function computeRunStats(
  runs: readonly RunSummary[],
  complete: boolean,
  now: number,
): MonitorRunStats {
  const counted = runs.filter((run) => COUNTED.has(run.status));
  const oldest = runs[runs.length - 1];
  const oldestLoaded = oldest ? runTime(oldest) : now;
  const windowOf = (sinceMs: number): UptimeWindow => {
    const inWindow = counted.filter((run) => runTime(run) >= sinceMs);
    const passed = inWindow.filter((run) => run.status === 'success').length;
    return {
      ratio: inWindow.length ? passed / inWindow.length : null,
      runs: inWindow.length,
      partial: !complete && oldestLoaded > sinceMs,
    };
  };
  const recentDurations = counted
    .filter((run) => run.durationMs !== null)
    .slice(0, SPARKLINE_POINTS)
    .map((run) => run.durationMs as number)
    .reverse();
  return { uptime24h: windowOf(now - DAY_MS), uptime7d: windowOf(now - 7 * DAY_MS), recentDurations };
}

/** The start of the longest window, for loading just enough runs. */
export function statsWindowStart(now: number): number {
  return now - 7 * DAY_MS;
}

/** Whether a page of runs (newest first) reaches back past `since`. */
export function reachesBack(runs: readonly RunSummary[], since: number): boolean {
  const oldest = runs[runs.length - 1];
  return oldest !== undefined && runTime(oldest) < since;
}
