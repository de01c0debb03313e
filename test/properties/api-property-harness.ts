import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import type { RunResult } from '../../src/runner/run-result.js';
import { defaultServeOptions } from '../../src/server/serve-options.js';
import { startServer, type RunningServer } from '../../src/server/start-server.js';
import { ADMIN_TOKEN } from '../helpers/server-harness.js';
import { captureLogger } from '../helpers/capture-logger.js';

/**
 * The real server (every route, auth, the error handler, SQLite) for the API properties, with nothing leaving the
 * machine: collections "run" through a fake that fails at once, PagerDuty is a fake that accepts everything, and
 * the run queue is stopped after the seed data is made, so no background write can race a count.
 */
export interface ApiPropertyServer {
  server: RunningServer;
  logs: string[];
  /** Ids of seeded resources, for path params and bodies that refer to something that exists. */
  ids: { monitor: string; integration: string; incident: string; window: string; token: string };
  inject(request: {
    method: string;
    url: string;
    payload?: string;
    headers?: Record<string, string>;
  }): Promise<{ status: number; body: string; json: () => unknown }>;
  /** Row counts of every table and a digest of the rows a rejected request must never touch. */
  snapshot(): Promise<Record<string, unknown>>;
  close(): Promise<void>;
}

export const PD_KEY = 'abcdefabcdefabcdefabcdefabcd1a2b';

/** A failing run, so that the seeded monitor has an open incident to acknowledge and resolve. */
function failedRun(): RunResult {
  const now = new Date().toISOString();
  return {
    status: 'failure',
    startedAt: now,
    finishedAt: now,
    durationMs: 1,
    stats: { requests: { total: 1, failed: 0 }, assertions: { total: 1, failed: 1 } },
    executions: [],
  };
}

export function validMonitorBody(name = 'Checkout API'): Record<string, unknown> {
  return {
    name,
    collection: {
      info: { name, schema: 'https://schema.getpostman.com/json/collection/v2.1.0/collection.json' },
      item: [{ name: 'Get cart', request: { method: 'GET', url: 'http://127.0.0.1:9/cart' } }],
    },
    environment: { name: 'prod', values: [{ key: 'baseUrl', value: 'http://127.0.0.1:9', enabled: true }] },
    iterationData: [{ user: 'a' }],
    schedule: { every: '24h' },
    options: { requestTimeoutMs: 1000, retries: 0 },
    enabled: true,
  };
}

export function validIntegrationBody(monitorId: string): Record<string, unknown> {
  return {
    type: 'pagerduty',
    name: 'Payments on-call',
    config: {
      integrationKey: PD_KEY,
      severity: 'critical',
      eventsUrl: 'http://127.0.0.1:9',
      apiVersion: 'v2',
    },
    policy: {
      failureThreshold: 1,
      successThreshold: 1,
      onRecovery: 'resolve',
      remindEveryMs: null,
      flapping: null,
    },
    monitorIds: [monitorId],
  };
}

export function validWebhookBody(monitorId: string): Record<string, unknown> {
  return {
    type: 'webhook',
    name: 'Chat',
    config: { url: 'http://127.0.0.1:9/hook', secret: 'a-secret-of-16-characters' },
    monitorIds: [monitorId],
  };
}

export const validWindowBodies: Record<string, unknown>[] = [
  { name: 'Deploy', startsAt: '2030-01-01T00:00:00Z', endsAt: '2030-01-01T01:00:00Z' },
  { name: 'Nightly', cron: '0 3 * * *', timezone: 'Europe/Berlin', durationMinutes: 30 },
];

export async function startApiPropertyServer(): Promise<ApiPropertyServer> {
  const home = await mkdtemp(join(tmpdir(), 'pagewatch-properties-'));
  const { logger, lines: logs } = captureLogger('info');
  const server = await startServer(
    {
      ...defaultServeOptions({}),
      home,
      databaseUrl: join(home, 'pagewatch.db'),
      port: 0,
      adminToken: ADMIN_TOKEN,
      secret: 'test-secret-0123456789',
      authFailureLimit: { max: 0, windowMs: 60_000 },
    },
    {
      logger,
      runCollection: async () => failedRun(),
      http: async () => ({ status: 202, headers: {}, body: '{"status":"success"}' }),
    },
  );
  const inject: ApiPropertyServer['inject'] = async (request) => {
    const response = await server.app.inject({
      method: request.method as 'GET',
      url: request.url,
      headers: {
        authorization: `Bearer ${ADMIN_TOKEN}`,
        ...(request.payload !== undefined ? { 'content-type': 'application/json' } : {}),
        ...request.headers,
      },
      ...(request.payload !== undefined ? { payload: request.payload } : {}),
    });
    return { status: response.statusCode, body: response.body, json: () => response.json() };
  };
  const post = async (url: string, body?: unknown): Promise<Record<string, unknown>> => {
    const response = await inject({
      method: 'POST',
      url,
      payload: body === undefined ? undefined : JSON.stringify(body),
    });
    if (response.status >= 300) throw new Error(`seeding ${url}: ${response.status} ${response.body}`);
    return response.json() as Record<string, unknown>;
  };

  const monitor = await post('/api/v1/monitors', validMonitorBody());
  const integration = await post('/api/v1/integrations', validIntegrationBody(String(monitor.id)));
  await post(`/api/v1/monitors/${String(monitor.id)}/run`);
  const incident = await waitForIncident(inject);
  const window = await post('/api/v1/maintenance-windows', validWindowBodies[0]);
  const token = await post('/api/v1/tokens', { name: 'ci', role: 'viewer' });
  await server.context.queue.stop({ timeoutMs: 5_000 });

  const db = server.context.store.db;
  const tables = (
    await sql<{ name: string }>`SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name`.execute(db)
  ).rows.map((row) => row.name);
  // Rows a rejected request must leave exactly as they were (deliveries and tokens' last-used times may move).
  const watched: Record<string, string> = {
    monitors: 'SELECT * FROM monitors ORDER BY id',
    integrations: 'SELECT * FROM integrations ORDER BY id',
    integration_monitors: 'SELECT * FROM integration_monitors ORDER BY integration_id, monitor_id',
    maintenance_windows: 'SELECT * FROM maintenance_windows ORDER BY id',
    api_tokens: 'SELECT id, name, role, token_hash FROM api_tokens ORDER BY id',
    incidents: 'SELECT id, status FROM incidents ORDER BY id',
  };
  return {
    server,
    logs,
    ids: {
      monitor: String(monitor.id),
      integration: String(integration.id),
      incident,
      window: String(window.id),
      token: String(token.id),
    },
    inject,
    async snapshot() {
      const counts: Record<string, unknown> = {};
      for (const table of tables) {
        const { rows } = await sql<{ n: number }>`SELECT count(*) AS n FROM ${sql.table(table)}`.execute(db);
        counts[`count:${table}`] = rows[0]?.n;
      }
      for (const [name, query] of Object.entries(watched)) {
        if (!tables.includes(name)) continue;
        const { rows } = await sql.raw(query).execute(db);
        counts[`rows:${name}`] = JSON.stringify(rows);
      }
      return counts;
    },
    close: () => server.close(),
  };
}

async function waitForIncident(inject: ApiPropertyServer['inject']): Promise<string> {
  for (let attempt = 0; attempt < 200; attempt++) {
    const response = await inject({ method: 'GET', url: '/api/v1/incidents?status=open' });
    const page = response.json() as { data?: { id: string }[] };
    if (page.data?.[0]) return page.data[0].id;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error('the seeded monitor opened no incident');
}
