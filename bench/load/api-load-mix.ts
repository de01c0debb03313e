/**
 * What one API client of the load bench asks for next: a weighted mix of a dashboard's reads and an operator's
 * writes, on the server's real routes (API.md). Pure: the caller passes the random source and the seeded ids.
 */

export interface LoadRequest {
  /** The mix entry, for per-route figures. */
  label: string;
  method: 'GET' | 'POST' | 'PATCH';
  path: string;
  body?: unknown;
}

export interface LoadFixtures {
  monitorIds: readonly string[];
  runIds: readonly string[];
}

/** One client's own state: the monitor it writes to (so two clients never race on one monitor's fields). */
export interface ClientState {
  ownMonitorId: string;
  ownMonitorName: string;
  paused: boolean;
  renamed: boolean;
}

interface MixEntry {
  label: string;
  /** Share of requests, in percent (the entries add up to 100). */
  weight: number;
  build(
    pick: <T>(items: readonly T[]) => T,
    fixtures: LoadFixtures,
    client: ClientState,
  ): Omit<LoadRequest, 'label'>;
}

/**
 * Reads ≈ 95 %: the monitor list (plain, and with stats as the dashboard's overview asks for it), one monitor,
 * a monitor's runs, one run's detail, open incidents. Writes ≈ 5 %: pause/resume (POST actions), an edit (PATCH),
 * and "run now" (which also gives the runner processes work while the API is loaded).
 */
export const LOAD_MIX: readonly MixEntry[] = [
  {
    label: 'GET /monitors?limit=50',
    weight: 25,
    build: () => ({ method: 'GET', path: '/api/v1/monitors?limit=50' }),
  },
  {
    label: 'GET /monitors?limit=50&include=stats',
    weight: 10,
    build: () => ({ method: 'GET', path: '/api/v1/monitors?limit=50&include=stats' }),
  },
  {
    label: 'GET /monitors/{id}',
    weight: 20,
    build: (pick, fixtures) => ({ method: 'GET', path: `/api/v1/monitors/${pick(fixtures.monitorIds)}` }),
  },
  {
    label: 'GET /monitors/{id}/runs?limit=20',
    weight: 20,
    build: (pick, fixtures) => ({
      method: 'GET',
      path: `/api/v1/monitors/${pick(fixtures.monitorIds)}/runs?limit=20`,
    }),
  },
  {
    label: 'GET /runs/{id}',
    weight: 5,
    build: (pick, fixtures) => ({ method: 'GET', path: `/api/v1/runs/${pick(fixtures.runIds)}` }),
  },
  {
    label: 'GET /incidents?status=open',
    weight: 15,
    build: () => ({ method: 'GET', path: '/api/v1/incidents?status=open' }),
  },
  {
    label: 'POST /monitors/{id}/pause|resume',
    weight: 3,
    build: (_pick, _fixtures, client) => {
      client.paused = !client.paused;
      const action = client.paused ? 'pause' : 'resume';
      return { method: 'POST', path: `/api/v1/monitors/${client.ownMonitorId}/${action}` };
    },
  },
  {
    label: 'PATCH /monitors/{id} {name}',
    weight: 1,
    build: (_pick, _fixtures, client) => {
      client.renamed = !client.renamed;
      const name = client.renamed ? `${client.ownMonitorName} (renamed)` : client.ownMonitorName;
      return { method: 'PATCH', path: `/api/v1/monitors/${client.ownMonitorId}`, body: { name } };
    },
  },
  {
    label: 'POST /monitors/{id}/run',
    weight: 1,
    build: (_pick, _fixtures, client) => ({
      method: 'POST',
      path: `/api/v1/monitors/${client.ownMonitorId}/run`,
    }),
  },
];

const TOTAL_WEIGHT = LOAD_MIX.reduce((sum, entry) => sum + entry.weight, 0);

/** The next request of a client; `random` returns [0, 1). */
export function nextLoadRequest(
  random: () => number,
  fixtures: LoadFixtures,
  client: ClientState,
): LoadRequest {
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  let point = random() * TOTAL_WEIGHT;
  let entry = LOAD_MIX[LOAD_MIX.length - 1]!;
  for (const candidate of LOAD_MIX) {
    if (point < candidate.weight) {
      entry = candidate;
      break;
    }
    point -= candidate.weight;
  }
  return { ...entry.build(pick, fixtures, client), label: entry.label };
}
