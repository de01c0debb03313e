import type { MonitorListItem } from '../api/api-types';
import { monitorsApi } from '../api/monitors-api';
import { rememberMonitorNames } from '../lib/monitor-name-cache';
import { useApiData, type ApiData } from './use-api-data';

/** Pages of 200 (the API's maximum); 25 pages cover 5,000 monitors, far beyond what a checkbox list is good for. */
const PAGE = 200;
const MAX_PAGES = 25;

/** Every monitor (no bodies), for choosing monitors in a form. */
export function useAllMonitors(): ApiData<MonitorListItem[]> {
  return useApiData('all-monitors', async (signal) => {
    const all: MonitorListItem[] = [];
    let cursor: string | undefined;
    for (let page = 0; page < MAX_PAGES; page += 1) {
      const result = await monitorsApi.list({ limit: PAGE, cursor }, signal);
      all.push(...result.data);
      cursor = result.pagination.nextCursor ?? undefined;
      if (!cursor) break;
    }
    rememberMonitorNames(all);
    return all;
  });
}
