import type { RunSummary } from '../api/api-types';
import { monitorsApi } from '../api/monitors-api';
import { createConcurrencyLimit } from '../lib/concurrency-limit';
import { computeRunStats, reachesBack, statsWindowStart, type MonitorRunStats } from '../lib/run-stats';
import { useApiData, type ApiData } from './use-api-data';

/** Runs per request (the API's maximum) and pages at most per monitor: 600 runs cover 7 days at a 17-minute pace. */
const RUNS_PER_PAGE = 200;
const MAX_PAGES = 3;

/** Every row's stats share one small pool of requests. */
const limit = createConcurrencyLimit(4);
const cache = new Map<string, MonitorRunStats>();

/**
 * Uptime (24 h, 7 d) and recent response times of one monitor, computed here from `GET /monitors/{id}/runs` pages:
 * the API has no aggregate yet, so a row loads its stats only once visible, and again only when its last run
 * changes. With more runs than {@link MAX_PAGES} pages the 7-day figure is marked partial.
 */
export function useMonitorRunStats(
  monitorId: string,
  lastRunId: string | null,
  visible: boolean,
): ApiData<MonitorRunStats> {
  const key = `${monitorId}:${lastRunId ?? 'none'}`;
  return useApiData(
    key,
    async (signal) => {
      const cached = cache.get(key);
      if (cached) return cached;
      const stats = await limit(() => loadStats(monitorId, signal));
      cache.set(key, stats);
      return stats;
    },
    { enabled: visible, keepPreviousData: true },
  );
}

async function loadStats(monitorId: string, signal: AbortSignal): Promise<MonitorRunStats> {
  const now = Date.now();
  const since = statsWindowStart(now);
  const runs: RunSummary[] = [];
  let cursor: string | undefined;
  let complete = false;
  for (let page = 0; page < MAX_PAGES; page += 1) {
    signal.throwIfAborted();
    const result = await monitorsApi.runs(monitorId, { limit: RUNS_PER_PAGE, cursor }, signal);
    runs.push(...result.data);
    cursor = result.pagination.nextCursor ?? undefined;
    if (!cursor || reachesBack(result.data, since)) {
      complete = true;
      break;
    }
  }
  return computeRunStats(runs, complete, now);
}
