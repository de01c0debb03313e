import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Writable } from 'node:stream';
import { DEFAULT_MONITOR_OPTIONS, type Monitor } from '../src/monitors/monitor.js';
import { createLogger } from '../src/observability/logger.js';
import { defaultServeOptions } from '../src/server/serve-options.js';
import { startServer } from '../src/server/start-server.js';
import { openStore } from '../src/store/open-store.js';
import { insertMonitor } from '../src/store/repositories/monitor-repository.js';
import type { RunsTable } from '../src/store/schema.js';
import { percentile } from './load/latency-summary.js';

const ADMIN_TOKEN = 'pw_bench_admin_token_0123456789abcdef';
const DAY_MS = 86_400_000;
const RUN_STATUSES = ['success', 'success', 'success', 'success', 'success', 'success', 'failure', 'error'];

export interface LatencySeries {
  label: string;
  requests: number;
  p50: number;
  p95: number;
  p99: number;
}

export interface MonitorListBench {
  seedMs: number;
  pageSize: number;
  series: LatencySeries[];
}

/** A small deterministic generator (mulberry32): the same data on every run. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/**
 * `GET /api/v1/monitors?limit=50` with and without `include=stats` against an in-process server on SQLite holding
 * `monitors` monitors and `runs` runs (spread over the last 8 days), `requests` sequential requests each, walking
 * the list's pages in turn; the two series alternate request by request, so both see the same machine state.
 */
export async function benchMonitorList(options: {
  monitors: number;
  runs: number;
  requests?: number;
  pageSize?: number;
}): Promise<MonitorListBench> {
  const requests = options.requests ?? 200;
  const pageSize = options.pageSize ?? 50;
  const home = await mkdtemp(join(tmpdir(), 'pagewatch-bench-api-'));
  const databaseUrl = join(home, 'pagewatch.db');
  try {
    const seedStarted = performance.now();
    await seed(databaseUrl, options.monitors, options.runs);
    const seedMs = performance.now() - seedStarted;

    const server = await startServer(
      {
        ...defaultServeOptions({}),
        home,
        databaseUrl,
        port: 0,
        adminToken: ADMIN_TOKEN,
        secret: 'bench-secret-0123456789',
        webRoot: join(home, 'no-dashboard'),
      },
      {
        logger: createLogger({
          level: 'warn',
          destination: new Writable({ write: (_c, _e, done) => done() }),
        }),
      },
    );
    try {
      const get = async (
        path: string,
      ): Promise<{ data: unknown[]; pagination: { nextCursor: string | null } }> => {
        const response = await fetch(`${server.url}${path}`, {
          headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
        });
        if (response.status !== 200)
          throw new Error(`${path}: HTTP ${response.status} ${await response.text()}`);
        return (await response.json()) as { data: unknown[]; pagination: { nextCursor: string | null } };
      };
      // Every page's cursor, so the series walk the whole list rather than re-read its first page.
      const cursors: (string | null)[] = [null];
      for (;;) {
        const cursor = cursors[cursors.length - 1];
        const page = await get(
          `/api/v1/monitors?limit=${pageSize}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
        );
        if (!page.pagination.nextCursor) break;
        cursors.push(page.pagination.nextCursor);
      }
      const variants = [
        { label: `GET /monitors?limit=${pageSize} (baseline)`, query: '' },
        { label: `GET /monitors?limit=${pageSize}&include=stats`, query: '&include=stats' },
      ];
      const timings = variants.map((): number[] => []);
      for (let index = -10; index < requests; index += 1) {
        const cursor = cursors[((index % cursors.length) + cursors.length) % cursors.length];
        for (const [variant, { query }] of variants.entries()) {
          const started = performance.now();
          const page = await get(
            `/api/v1/monitors?limit=${pageSize}${query}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
          );
          const ms = performance.now() - started;
          if (page.data.length === 0) throw new Error('empty page');
          if (index >= 0) timings[variant]!.push(ms); // the first 10 rounds warm up
        }
      }
      return {
        seedMs,
        pageSize,
        series: variants.map(({ label }, variant) => {
          const sorted = [...timings[variant]!].sort((a, b) => a - b);
          return {
            label,
            requests: sorted.length,
            p50: percentile(sorted, 50),
            p95: percentile(sorted, 95),
            p99: percentile(sorted, 99),
          };
        }),
      };
    } finally {
      await server.close();
    }
  } finally {
    await rm(home, { recursive: true, force: true });
  }
}

/** Monitors (every tenth paused) and runs spread over the last 8 days, in large transactions. */
async function seed(databaseUrl: string, monitors: number, runs: number): Promise<void> {
  const store = await openStore({ url: databaseUrl });
  try {
    const now = Date.now();
    const next = random(42);
    const ids: string[] = [];
    await store.db.transaction().execute(async (trx) => {
      for (let number = 0; number < monitors; number += 1) {
        const at = new Date(now - 30 * DAY_MS + number * 1_000).toISOString();
        const monitor: Monitor = {
          id: `mon_bench${String(number).padStart(6, '0')}`,
          name: `Monitor ${String(number).padStart(4, '0')}`,
          collection: {
            info: { name: 'bench' },
            item: [{ name: 'health', request: 'http://127.0.0.1:9/health' }],
          },
          environment: null,
          iterationData: null,
          schedule: { every: '24h' },
          options: DEFAULT_MONITOR_OPTIONS,
          enabled: number % 10 !== 0,
          nextRunAt: null,
          createdAt: at,
          updatedAt: at,
        };
        await insertMonitor(trx, monitor);
        ids.push(monitor.id);
      }
    });
    const BATCH = 500;
    for (let start = 0; start < runs; start += 10_000) {
      await store.db.transaction().execute(async (trx) => {
        for (let batch = start; batch < Math.min(runs, start + 10_000); batch += BATCH) {
          const rows: RunsTable[] = [];
          for (let number = batch; number < Math.min(runs, batch + BATCH); number += 1) {
            const at = new Date(now - Math.floor(next() * 8 * DAY_MS)).toISOString();
            const status = RUN_STATUSES[Math.floor(next() * RUN_STATUSES.length)]!;
            rows.push({
              id: `run_bench${String(number).padStart(8, '0')}`,
              monitor_id: ids[number % ids.length]!,
              region: 'local',
              trigger: 'schedule',
              scheduled_at: at,
              attempt: 0,
              status,
              started_at: at,
              finished_at: at,
              duration_ms: 50 + Math.floor(next() * 450),
              requests_total: 1,
              requests_failed: status === 'success' ? 0 : 1,
              assertions_total: 1,
              assertions_failed: status === 'success' ? 0 : 1,
              error: null,
              console: null,
              warnings: null,
              created_at: at,
            });
          }
          await trx.insertInto('runs').values(rows).execute();
        }
      });
    }
  } finally {
    await store.close();
  }
}
