import { ApiError } from '../api/api-error';
import type { MonitorListItem } from '../api/api-types';
import { monitorsApi } from '../api/monitors-api';
import { createConcurrencyLimit } from './concurrency-limit';

/** Monitor names by id, shared by every page; null for a monitor that no longer exists. */
const names = new Map<string, string | null>();
const limit = createConcurrencyLimit(4);

export function knownMonitorName(id: string): string | null | undefined {
  return names.get(id);
}

/** Remembers the names of monitors a page has loaded anyway. */
export function rememberMonitorNames(monitors: readonly Pick<MonitorListItem, 'id' | 'name'>[]): void {
  for (const monitor of monitors) names.set(monitor.id, monitor.name);
}

/** Loads the names not known yet, one `GET /monitors/{id}` each (incidents and deliveries name few monitors). */
export async function loadMonitorNames(ids: readonly string[]): Promise<void> {
  const missing = [...new Set(ids)].filter((id) => !names.has(id));
  await Promise.all(
    missing.map((id) =>
      limit(async () => {
        try {
          names.set(id, (await monitorsApi.get(id)).name);
        } catch (error) {
          if (error instanceof ApiError && error.status === 404) names.set(id, null);
          else throw error;
        }
      }),
    ),
  );
}
