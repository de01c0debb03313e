/**
 * One fault cell's world: a target API, the PagerDuty sandbox, a fresh data directory (and PostgreSQL schema),
 * `pagewatch serve` processes started on it (with the DNS hook), one monitor of the target with a PagerDuty
 * integration, and the levers the cells pull: DNS down/up, an SQLite write lock, PostgreSQL backends terminated.
 */
import { randomBytes } from 'node:crypto';
import { rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { startPdSandbox, type PdSandbox } from '../../src/pd-sandbox/index.js';
import { TEST_INTEGRATION_KEY } from '../helpers/fixtures.js';
import {
  createServerData,
  type EngineName,
  type ServerData,
  type ServerProcess,
} from '../helpers/server-process.js';
import { startTargetServer, type TargetServer } from '../helpers/target-server.js';
import { healthCollection } from '../helpers/collections.js';
import { call, createHealthMonitor, dedupKeyOf, sleep } from '../e2e/e2e-support.js';
import { FAULT_HOST_SUFFIX, startFaultServer } from './fault-server.js';

/** Send timeout = lease / 2 = 2 s (serve-command.ts), so a 3 s answer is "past the timeout". */
export const LEASE_MS = 4_000;
export const SERVER_ARGS = ['--delivery-retry-min-ms', '200', '--delivery-lease-ms', String(LEASE_MS)];

export interface FaultStage {
  engine: EngineName;
  target: TargetServer;
  sandbox: PdSandbox;
  data: ServerData;
  /** The server process running now (replaced by `restart`). */
  server: ServerProcess;
  /** Every server process started so far, oldest first. */
  servers: ServerProcess[];
  monitorId: string;
  dedupKey: string;
  /** SIGKILLs the running server (if alive) and starts a new one on the same data. */
  restart(): Promise<ServerProcess>;
  /** While down, the DNS hook answers ENOTFOUND for the events host (cells whose URL goes through it). */
  setDnsDown(down: boolean): Promise<void>;
  /** Holds SQLite's write lock from a second connection (BEGIN IMMEDIATE) for `ms`. */
  holdSqliteWriteLock(ms: number): Promise<void>;
  /** Terminates every backend of this stage's server, again and again for `ms` (PostgreSQL "restart"). */
  terminatePostgresBackends(ms: number): Promise<number>;
  note(text: string): void;
  notes: string[];
  /** Something that must not happen (the cell fails) but need not stop the cell: it goes on counting. */
  problem(text: string): void;
  problems: string[];
}

export interface StageOptions {
  /** Send events to `http://pd<suffix>:<port>` through the DNS hook instead of `http://127.0.0.1:<port>`. */
  eventsThroughDnsHook?: boolean;
  /**
   * Make each run of the monitor take at least this long (a first request to the target's `/delay/<ms>`), so a
   * fault can be put in place while a run is still going and meet its verdict's commit. Default none.
   */
  slowRunMs?: number;
}

export async function withFaultStage<T>(
  engine: EngineName,
  options: StageOptions,
  body: (stage: FaultStage) => Promise<T>,
): Promise<T> {
  const [target, sandbox, baseData] = await Promise.all([
    startTargetServer(),
    startPdSandbox(),
    createServerData(engine),
  ]);
  // On PostgreSQL the server's connections carry their own application_name, so a "restart" terminates them and
  // nothing else: the test database is shared with whatever else runs on this machine.
  const applicationName = `pw_faults_${randomBytes(5).toString('hex')}`;
  const data: ServerData =
    engine === 'postgres'
      ? { ...baseData, databaseUrl: `${baseData.databaseUrl}&application_name=${applicationName}` }
      : baseData;
  const dnsDownFlag = join(data.home, 'dns-down');
  const servers: ServerProcess[] = [];
  const notes: string[] = [];
  const problems: string[] = [];
  const start = async () => {
    const server = await startFaultServer({
      data,
      args: SERVER_ARGS,
      dnsDownFlag,
      label: `server#${servers.length + 1}`,
      // Generous: on a machine shared with other builds a start can take far longer than its usual 2 s.
      readyTimeoutMs: 180_000,
    });
    servers.push(server);
    return server;
  };
  try {
    const server = await start();
    const monitorId = await createHealthMonitor(
      server,
      target.url,
      options.slowRunMs ? { collection: slowHealthCollection(target.url, options.slowRunMs) } : {},
    );
    const port = new URL(sandbox.url).port;
    const eventsUrl = options.eventsThroughDnsHook ? `http://pd${FAULT_HOST_SUFFIX}:${port}` : sandbox.url;
    await call(server, 'POST', '/api/v1/integrations', {
      type: 'pagerduty',
      name: 'On-call',
      config: { integrationKey: TEST_INTEGRATION_KEY, eventsUrl },
      monitorIds: [monitorId],
    });
    const stage: FaultStage = {
      engine,
      target,
      sandbox,
      data,
      server,
      servers,
      monitorId,
      dedupKey: dedupKeyOf(monitorId),
      async restart() {
        await stage.server.stop('SIGKILL');
        stage.server = await start();
        return stage.server;
      },
      async setDnsDown(down) {
        if (down) await writeFile(dnsDownFlag, 'down\n');
        else await rm(dnsDownFlag, { force: true });
      },
      async holdSqliteWriteLock(ms) {
        const database = new Database(data.databaseUrl, { timeout: 10_000 });
        try {
          database.exec('BEGIN IMMEDIATE');
          await sleep(ms);
          database.exec('COMMIT');
        } finally {
          database.close();
        }
      },
      async terminatePostgresBackends(ms) {
        const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
        await client.connect();
        let terminated = 0;
        try {
          const until = Date.now() + ms;
          do {
            const result = await client.query(
              'SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = $1 AND pid <> pg_backend_pid()',
              [applicationName],
            );
            terminated += result.rowCount ?? 0;
            await sleep(100);
          } while (Date.now() < until);
        } finally {
          await client.end();
        }
        return terminated;
      },
      note: (text) => notes.push(text),
      notes,
      problem: (text) => problems.push(text),
      problems,
    };
    return await body(stage);
  } catch (error) {
    for (const server of servers) {
      // A crash prints a stack and then an object dump: keep the stack, not the dump.
      const lines = server.output().split('\n');
      const crash = lines.findIndex((line) => /Unhandled|node:events|^\S+ (\w*Error|error):/.test(line));
      notes.push(...(crash >= 0 ? lines.slice(crash, crash + 14) : []), ...lines.slice(-8));
    }
    throw Object.assign(error instanceof Error ? error : new Error(String(error)), { notes });
  } finally {
    await Promise.allSettled(servers.map((server) => server.stop('SIGKILL')));
    await Promise.allSettled([target.close(), sandbox.close()]);
    await baseData.dispose();
  }
}

/** The health check with a slow request first: the verdict is still the health check's. */
function slowHealthCollection(targetUrl: string, delayMs: number): Record<string, unknown> {
  const collection = healthCollection(targetUrl) as { item: unknown[] };
  const slowStep = { name: 'Slow step', request: { method: 'GET', url: `${targetUrl}/delay/${delayMs}` } };
  return { ...collection, item: [slowStep, ...collection.item] };
}
