import type { Run } from '../api/api-types';
import { monitorsApi, runsApi } from '../api/monitors-api';
import { createConcurrencyLimit } from '../lib/concurrency-limit';
import { useApiData, type ApiData } from './use-api-data';

/** Runs on the chart. Each needs its own request (the list has no per-request timings), so keep it modest. */
export const CHART_RUNS = 20;
const limit = createConcurrencyLimit(4);
const FINISHED = new Set(['success', 'failure', 'error', 'abort']);

/**
 * The latest finished runs of a monitor with their requests, for the response-time chart: one list call, then
 * `GET /runs/{id}` for each (the API has no per-request timing series yet).
 */
export function useRecentRuns(monitorId: string): ApiData<Run[]> {
  return useApiData(`recent-runs:${monitorId}`, async (signal) => {
    const page = await monitorsApi.runs(monitorId, { limit: CHART_RUNS + 5 }, signal);
    const finished = page.data.filter((run) => FINISHED.has(run.status)).slice(0, CHART_RUNS);
    return Promise.all(finished.map((run) => limit(() => runsApi.get(run.id, signal))));
  });
}
