/**
 * Load: `clients` concurrent API clients (keep-alive, one connection each) for `durationMs` against a real
 * `pagewatch serve` on SQLite, with a realistic mix of authenticated reads and writes (api-load-mix.ts).
 *
 * The server is a child process (`node bin/pagewatch.js serve`, test/helpers/server-process.ts), not an in-process
 * `startServer`: 200 clients' request building, parsing and timing would otherwise share the server's event loop,
 * and the latencies would measure both together. As a child it also has its own RSS, read from /proc, and runs with
 * the defaults a user gets (runner processes, log level info).
 *
 * Rate limits: the API's only limiter counts failed sign-ins (src/api/auth-rate-limit.ts: 401s from a presented
 * token); requests with a valid token are never counted and there is no general request-rate limit, so the bench
 * needs no special server flags and any 429 would be a finding.
 */
import { performance } from 'node:perf_hooks';
import { E2E_ADMIN_TOKEN } from '../../test/helpers/server-process.js';
import { oneRequestCollection } from '../runner/bench-collections.js';
import { runApiClients, type SlowRequest } from './api-clients.js';
import { nextLoadRequest, type ClientState } from './api-load-mix.js';
import { summarizeLatencies, type LatencySummary } from './latency-summary.js';
import { readProcessTree, summarizeServerTree, toMb, type ServerTreeSample } from './process-tree-stats.js';
import { createMonitors, createWebhookIntegration, runNowAndWait } from './seed-through-api.js';
import { withBenchServer } from './with-bench-server.js';

export interface ApiLoadOptions {
  /** Concurrent clients. Default 200. */
  clients?: number;
  /** How long the clients send, ms. Default 60 000. */
  durationMs?: number;
  /** Monitors seeded (one per client is written to). Default: `clients`. */
  monitors?: number;
  /** Manual runs seeded per monitor (real runs against a local target). Default 2. */
  runsPerMonitor?: number;
}

/** RSS (MB) of the server process, of its runner processes (summed) and of its other children. */
export interface ServerMemory {
  serverMb: number;
  runnersMb: number;
  runnerProcesses: number;
  otherMb: number;
}

export interface ApiLoadResult {
  clients: number;
  durationMs: number;
  monitors: number;
  seededRuns: number;
  seedMs: number;
  requests: number;
  requestsPerSecond: number;
  /** Non-2xx answers plus requests without an answer. */
  errors: number;
  statuses: Map<number, number>;
  networkErrors: Map<string, number>;
  errorSamples: string[];
  slowest: SlowRequest[];
  latencyMs: LatencySummary;
  latencyByLabelMs: Map<string, LatencySummary>;
  memory: { before: ServerMemory; peak: ServerMemory; after: ServerMemory };
  /** CPU of the server process and of its runner processes during the load, % of one core. */
  cpuPercent: { server: number; runners: number };
  generatorLoopDelayMs: { p99: number; max: number };
}

const FAILING_EVERY = 10;

function memoryOf(sample: ServerTreeSample): ServerMemory {
  return {
    serverMb: Math.round(toMb(sample.serverRssBytes)),
    runnersMb: Math.round(toMb(sample.runnersRssBytes)),
    runnerProcesses: sample.runners,
    otherMb: Math.round(toMb(sample.otherRssBytes)),
  };
}

export async function benchApiLoad(options: ApiLoadOptions = {}): Promise<ApiLoadResult> {
  const clients = options.clients ?? 200;
  const durationMs = options.durationMs ?? 60_000;
  const monitorCount = options.monitors ?? clients;
  return withBenchServer('load', async ({ server, target }) => {
    const seedStarted = performance.now();
    // Every tenth monitor fails ("status 200" on a 500), so incidents exist (through a webhook to the target).
    const monitors = await createMonitors(
      server.api,
      Array.from({ length: monitorCount }, (_, number) => ({
        name: `load-${String(number).padStart(4, '0')}`,
        collection: oneRequestCollection(
          `${target.url}${number % FAILING_EVERY === 0 ? '/status/500' : '/health'}`,
        ),
        // Daily: the seeded history comes from manual runs, so no scheduled run competes with the load.
        schedule: { every: '24h' },
      })),
    );
    const monitorIds = monitors.map((monitor) => monitor.id);
    await createWebhookIntegration(server.api, `${target.url}/echo`, monitorIds);
    const runIds = await runNowAndWait(server.api, monitorIds, options.runsPerMonitor ?? 2);
    const seedMs = performance.now() - seedStarted;

    const clientStates: ClientState[] = Array.from({ length: clients }, (_, index) => ({
      ownMonitorId: monitors[index % monitors.length]!.id,
      ownMonitorName: monitors[index % monitors.length]!.name,
      paused: false,
      renamed: false,
    }));
    const before = summarizeServerTree(await readProcessTree(server.pid));
    let peak = memoryOf(before);
    const sampler = setInterval(() => {
      void readProcessTree(server.pid).then((tree) => {
        const now = memoryOf(summarizeServerTree(tree));
        peak = {
          serverMb: Math.max(peak.serverMb, now.serverMb),
          runnersMb: Math.max(peak.runnersMb, now.runnersMb),
          runnerProcesses: Math.max(peak.runnerProcesses, now.runnerProcesses),
          otherMb: Math.max(peak.otherMb, now.otherMb),
        };
      });
    }, 1_000);
    const run = await runApiClients({
      baseUrl: server.url,
      token: E2E_ADMIN_TOKEN,
      clients,
      durationMs,
      nextRequest: (index) => nextLoadRequest(Math.random, { monitorIds, runIds }, clientStates[index]!),
    });
    clearInterval(sampler);
    const after = summarizeServerTree(await readProcessTree(server.pid));

    const percentOfCore = (ms: number) => Math.round((ms / run.elapsedMs) * 1000) / 10;
    let non2xx = 0;
    for (const [status, count] of run.statuses) if (status < 200 || status >= 300) non2xx += count;
    const network = [...run.networkErrors.values()].reduce((sum, count) => sum + count, 0);
    return {
      clients,
      durationMs,
      monitors: monitorCount,
      seededRuns: runIds.length,
      seedMs,
      requests: run.requests,
      requestsPerSecond: (run.requests / run.elapsedMs) * 1000,
      errors: non2xx + network,
      statuses: run.statuses,
      networkErrors: run.networkErrors,
      errorSamples: run.errorSamples,
      slowest: run.slowest,
      latencyMs: summarizeLatencies(run.latenciesMs),
      latencyByLabelMs: new Map(
        [...run.latenciesByLabel].map(([label, values]) => [label, summarizeLatencies(values)]),
      ),
      memory: { before: memoryOf(before), peak, after: memoryOf(after) },
      cpuPercent: {
        server: percentOfCore(after.serverCpuMs - before.serverCpuMs),
        // A runner process replaced during the load would make this undercount; the figure is indicative.
        runners: percentOfCore(Math.max(0, after.runnersCpuMs - before.runnersCpuMs)),
      },
      generatorLoopDelayMs: run.generatorLoopDelayMs,
    };
  });
}
