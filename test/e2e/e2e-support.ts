/**
 * Shared pieces of the end-to-end tests: a "stage" (a target API, the PagerDuty sandbox, the server's data and
 * every server process started on it, all torn down together), API calls the scenarios repeat, and sandbox
 * bookkeeping (which events PagerDuty took for a dedup key).
 */
import assert from 'node:assert/strict';
import type { TestContext } from 'node:test';
import { startPdSandbox, type PdSandbox, type ReceivedEvent } from '../../src/pd-sandbox/index.js';
import { healthCollection } from '../helpers/collections.js';
import { TEST_INTEGRATION_KEY } from '../helpers/fixtures.js';
import {
  createServerData,
  postgresE2eSkipReason,
  startServerProcess,
  type EngineName,
  type ServerData,
  type ServerProcess,
} from '../helpers/server-process.js';
import { startTargetServer, type TargetServer } from '../helpers/target-server.js';

/** SQLite always; PostgreSQL when DATABASE_URL is set, else skipped with the reason printed. */
export const E2E_ENGINES: { name: EngineName; skip: string | undefined }[] = [
  { name: 'sqlite', skip: undefined },
  { name: 'postgres', skip: postgresE2eSkipReason() },
];

export interface Incident {
  id: string;
  monitorId: string;
  dedupKey: string;
  status: 'triggered' | 'acknowledged' | 'resolved';
  resolveReason: string | null;
}

export interface Delivery {
  id: string;
  incidentId: string | null;
  monitorId: string | null;
  dedupKey: string;
  action: string;
  status: 'pending' | 'sent' | 'failed';
  attempts: number;
  lastError: string | null;
  seq?: number;
}

export interface RunSummary {
  id: string;
  trigger: 'schedule' | 'manual' | 'retry';
  status: string;
  error?: string;
  scheduledAt: string;
  startedAt: string | null;
}

/** Everything one scenario runs against. */
export interface Stage {
  engine: EngineName;
  target: TargetServer;
  sandbox: PdSandbox;
  data: ServerData;
  /** Every server process started so far, oldest first. */
  servers: ServerProcess[];
  /** Starts `pagewatch serve` on this stage's data (the first start, or a restart after a kill). */
  start(args?: string[]): Promise<ServerProcess>;
  /** Something to show when the scenario fails (besides the servers' output). */
  note(text: string): void;
}

/**
 * Builds a stage, runs `body`, and always tears everything down: every server process is killed, the target and
 * sandbox close, the data directory and schema go. When `body` fails, the servers' output, the scenario's notes
 * and the sandbox's event log are printed before the error is rethrown (unless `reportOnFailure` is false, as
 * for a known-bug `todo` test that fails on every run).
 */
export async function withStage(
  t: TestContext,
  engine: EngineName,
  body: (stage: Stage) => Promise<void>,
  options: { reportOnFailure?: boolean } = {},
): Promise<void> {
  const [target, sandbox, data] = await Promise.all([
    startTargetServer(),
    startPdSandbox(),
    createServerData(engine),
  ]);
  const servers: ServerProcess[] = [];
  const notes: string[] = [];
  const stage: Stage = {
    engine,
    target,
    sandbox,
    data,
    servers,
    async start(args = []) {
      const started = Date.now();
      const server = await startServerProcess({ data, args, label: `server#${servers.length + 1}` });
      servers.push(server);
      notes.push(
        `${server.label} (pid ${server.pid}) ready after ${Date.now() - started} ms at ${server.url}`,
      );
      return server;
    },
    note: (text) => notes.push(text),
  };
  try {
    await body(stage);
  } catch (error) {
    if (options.reportOnFailure === false) throw error;
    const report = [
      `──── ${t.name} failed (${engine}); notes:`,
      ...notes,
      '──── sandbox event log:',
      ...sandbox.events().map(describeEvent),
      '──── sandbox alerts:',
      ...sandbox
        .alerts()
        .map((alert) => `${alert.id} ${alert.dedupKey} ${alert.status} ${alert.log.map((l) => l.outcome)}`),
      ...servers.map((server) => `──── output of ${server.label}:\n${server.output()}`),
      '────',
    ];
    process.stderr.write(`${report.join('\n')}\n`);
    throw error;
  } finally {
    await Promise.allSettled(servers.map((server) => server.stop('SIGKILL')));
    await Promise.allSettled([target.close(), sandbox.close()]);
    await data.dispose();
  }
}

function describeEvent(event: ReceivedEvent): string {
  const body = (event.body ?? {}) as { event_action?: string; dedup_key?: string };
  return `#${event.id} ${event.at} ${body.event_action ?? '?'} ${body.dedup_key ?? '?'} → ${event.httpStatus} ${event.outcome}${event.note ? ` (${event.note})` : ''}`;
}

/** Polls `check` until it returns a value other than undefined; fails with `what` and the last value seen. */
export async function eventually<T>(
  what: string,
  check: () => Promise<T | undefined> | T | undefined,
  timeoutMs = 20_000,
  intervalMs = 100,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value !== undefined) return value;
      lastError = undefined;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() > deadline) {
      const why = lastError instanceof Error ? `: last attempt failed with ${lastError.message}` : '';
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${why}`);
    }
    await sleep(intervalMs);
  }
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Asserts a 2xx status and returns the body. */
export async function call<T>(
  server: ServerProcess,
  method: string,
  path: string,
  body?: unknown,
): Promise<T> {
  const reply = await server.api<T>(method, path, body);
  assert.ok(
    reply.status >= 200 && reply.status < 300,
    `${method} ${path} → ${reply.status} ${JSON.stringify(reply.body)}`,
  );
  return reply.body;
}

/** Every item of a list endpoint, following `nextCursor`. */
export async function listAll<T>(server: ServerProcess, path: string): Promise<T[]> {
  const items: T[] = [];
  let cursor: string | null = null;
  do {
    const separator = path.includes('?') ? '&' : '?';
    const page: { data: T[]; pagination: { nextCursor: string | null } } = await call(
      server,
      'GET',
      `${path}${separator}limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
    );
    items.push(...page.data);
    cursor = page.pagination.nextCursor;
  } while (cursor);
  return items;
}

/** Creates a monitor of the target's `/health` (every 24 h: only run-now runs it) and returns its id. */
export async function createHealthMonitor(
  server: ServerProcess,
  targetUrl: string,
  extra: Record<string, unknown> = {},
): Promise<string> {
  const monitor = await call<{ id: string }>(server, 'POST', '/api/v1/monitors', {
    name: 'Health API',
    collection: healthCollection(targetUrl),
    schedule: { every: '24h' },
    ...extra,
  });
  return monitor.id;
}

/** Attaches a PagerDuty integration (Events API v2 at the sandbox, default policy) to the monitors. */
export async function attachPagerDuty(
  server: ServerProcess,
  sandboxUrl: string,
  monitorIds: string[],
): Promise<string> {
  const integration = await call<{ id: string }>(server, 'POST', '/api/v1/integrations', {
    type: 'pagerduty',
    name: 'On-call',
    config: { integrationKey: TEST_INTEGRATION_KEY, eventsUrl: sandboxUrl },
    monitorIds,
  });
  return integration.id;
}

/** `POST /monitors/{id}/run`: the run id, returned before the run starts. */
export async function requestRun(server: ServerProcess, monitorId: string): Promise<string> {
  const reply = await server.api<{ runId: string }>('POST', `/api/v1/monitors/${monitorId}/run`);
  assert.equal(reply.status, 202, JSON.stringify(reply.body));
  return reply.body.runId;
}

export async function getRun(server: ServerProcess, runId: string): Promise<RunSummary> {
  return call<RunSummary>(server, 'GET', `/api/v1/runs/${runId}`);
}

/** Waits for a run to finish and returns its status. */
export async function waitForRun(server: ServerProcess, runId: string, timeoutMs = 30_000): Promise<string> {
  return eventually(
    `run ${runId} to finish`,
    async () => {
      const run = await getRun(server, runId);
      return ['queued', 'running'].includes(run.status) ? undefined : run.status;
    },
    timeoutMs,
  );
}

/** Runs a monitor now and waits for its verdict. */
export async function runNow(server: ServerProcess, monitorId: string): Promise<string> {
  return waitForRun(server, await requestRun(server, monitorId));
}

export async function incidentsOf(
  server: ServerProcess,
  monitorId: string,
  open = false,
): Promise<Incident[]> {
  return listAll<Incident>(server, `/api/v1/incidents?monitorId=${monitorId}${open ? '&status=open' : ''}`);
}

/** A monitor's outbox rows, oldest first. */
export async function deliveriesOf(server: ServerProcess, monitorId: string): Promise<Delivery[]> {
  return (await listAll<Delivery>(server, `/api/v1/deliveries?monitorId=${monitorId}`)).reverse();
}

/** Waits until none of the monitor's outbox rows is pending, and returns them all (oldest first). */
export async function waitForOutboxDrained(
  server: ServerProcess,
  monitorId: string,
  timeoutMs = 30_000,
): Promise<Delivery[]> {
  return eventually(
    `the outbox of ${monitorId} to drain`,
    async () => {
      const rows = await deliveriesOf(server, monitorId);
      return rows.some((row) => row.status === 'pending') ? undefined : rows;
    },
    timeoutMs,
  );
}

export type PagerDutyAction = 'trigger' | 'acknowledge' | 'resolve';

/**
 * Events PagerDuty took (answered 202: opened, deduplicated, acknowledged, resolved or dropped as a no-op) for a
 * dedup key, optionally of one action. Faulted, throttled and rejected requests are not "taken".
 */
export function takenEvents(sandbox: PdSandbox, dedupKey: string, action?: PagerDutyAction): ReceivedEvent[] {
  return sandbox.events().filter((event) => {
    if (event.outcome !== 'accepted' && event.outcome !== 'dropped') return false;
    const body = (event.body ?? {}) as { event_action?: string; dedup_key?: string };
    return body.dedup_key === dedupKey && (action === undefined || body.event_action === action);
  });
}

/** Requests for a dedup key that an injected fault answered (never taken). */
export function faultedEvents(sandbox: PdSandbox, dedupKey: string): ReceivedEvent[] {
  return sandbox.events().filter((event) => {
    const body = (event.body ?? {}) as { dedup_key?: string };
    return event.outcome === 'faulted' && body.dedup_key === dedupKey;
  });
}

/** The dedup key pagewatch uses for a monitor's incidents (single region). */
export const dedupKeyOf = (monitorId: string): string => `pagewatch/${monitorId}`;
