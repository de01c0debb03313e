/**
 * Creates what the load and soak benches need through the public REST API, as a user or `pagewatch apply` would:
 * monitors, a webhook integration, manual runs. Nothing is written to the database behind the server's back.
 */
import type { ServerProcess } from '../../test/helpers/server-process.js';

export interface MonitorSpec {
  name: string;
  collection: Record<string, unknown>;
  schedule: { every: string };
}

/** What the benches keep of a created monitor. */
export interface CreatedMonitor {
  id: string;
  name: string;
  schedule: { every: string };
  /** The first slot the server scheduled (ISO), from the create response. */
  nextRunAt: string;
  createdAt: string;
}

type Api = ServerProcess['api'];

async function expectStatus<T>(api: Api, method: string, path: string, status: number, body?: unknown) {
  const reply = await api<T>(method, path, body);
  if (reply.status !== status) {
    throw new Error(`${method} ${path}: HTTP ${reply.status} ${JSON.stringify(reply.body).slice(0, 500)}`);
  }
  return reply.body;
}

/** Runs `task` for each item, at most `concurrency` at once, keeping the items' order in the result. */
async function inParallel<T, R>(items: readonly T[], concurrency: number, task: (item: T) => Promise<R>) {
  const results = new Array<R>(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(concurrency, items.length) }, async () => {
      while (next < items.length) {
        const index = next++;
        results[index] = await task(items[index]!);
      }
    }),
  );
  return results;
}

/** `POST /api/v1/monitors` for each spec, `concurrency` at a time (the API's own pace, not a bulk insert). */
export function createMonitors(api: Api, specs: readonly MonitorSpec[], concurrency = 8) {
  return inParallel(specs, concurrency, async (spec): Promise<CreatedMonitor> => {
    const monitor = await expectStatus<CreatedMonitor>(api, 'POST', '/api/v1/monitors', 201, spec);
    return {
      id: monitor.id,
      name: monitor.name,
      schedule: spec.schedule,
      nextRunAt: monitor.nextRunAt,
      createdAt: monitor.createdAt,
    };
  });
}

/** A webhook integration for `monitorIds` posting to `url`: failing monitors then open incidents. */
export async function createWebhookIntegration(api: Api, url: string, monitorIds: string[]): Promise<string> {
  const integration = await expectStatus<{ id: string }>(api, 'POST', '/api/v1/integrations', 201, {
    type: 'webhook',
    name: 'bench webhook',
    config: { url },
    monitorIds,
  });
  return integration.id;
}

/**
 * `POST …/{id}/run` `runsEach` times per monitor (one request per monitor at a time), then waits until every
 * queued run has finished. Returns the run ids.
 */
export async function runNowAndWait(
  api: Api,
  monitorIds: readonly string[],
  runsEach: number,
  timeoutMs = 300_000,
): Promise<string[]> {
  const perMonitor = await inParallel(monitorIds, 8, async (id) => {
    const ids: string[] = [];
    for (let run = 0; run < runsEach; run += 1) {
      ids.push((await expectStatus<{ runId: string }>(api, 'POST', `/api/v1/monitors/${id}/run`, 202)).runId);
    }
    return ids;
  });
  const runIds = perMonitor.flat();
  const deadline = Date.now() + timeoutMs;
  let unfinished = [...runIds];
  while (unfinished.length) {
    if (Date.now() > deadline) {
      const stuck = await inParallel(unfinished.slice(0, 5), 5, (id) => api('GET', `/api/v1/runs/${id}`));
      throw new Error(
        `${unfinished.length} seeded runs did not finish within ${timeoutMs} ms, e.g. ${JSON.stringify(stuck.map((reply) => reply.body))}`,
      );
    }
    const still = await inParallel(unfinished, 8, async (id) => {
      const run = await expectStatus<{ status: string }>(api, 'GET', `/api/v1/runs/${id}`, 200);
      return run.status === 'queued' || run.status === 'running' ? id : undefined;
    });
    unfinished = still.filter((id): id is string => id !== undefined);
    if (unfinished.length) await new Promise((resolve) => setTimeout(resolve, 1_000));
  }
  return runIds;
}
