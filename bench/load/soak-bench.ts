/**
 * Soak: `monitors` monitors on "every 1m" (one GET with two pm.tests against a local target) for `durationMs` on a
 * real `pagewatch serve` child process with the defaults a user gets (SQLite, runner processes, log level info).
 * Every `sampleMs` it reads the RSS and CPU of the server and of its runner processes (/proc), the runs recorded
 * and the database size (read-only, from the outside), and the server's event-loop delay (/metrics). At the end it
 * compares the runs recorded with each monitor's slots (soak-slots.ts).
 */
import { performance } from 'node:perf_hooks';
import { E2E_ADMIN_TOKEN } from '../../test/helpers/server-process.js';
import { oneRequestCollection } from '../runner/bench-collections.js';
import { delayBeyondSamplingMs } from './latency-summary.js';
import { scrapeMetrics, type MetricSamples } from './metrics-scrape.js';
import { readProcessTree, summarizeServerTree, toMb, type ServerTreeSample } from './process-tree-stats.js';
import { createMonitors } from './seed-through-api.js';
import { accountSlots, type SlotAccount } from './soak-slots.js';
import { openSqliteProbe, type StoreSize } from './sqlite-probe.js';
import { trendOf, type Trend } from './trend.js';
import { withBenchServer } from './with-bench-server.js';

export interface SoakOptions {
  /** Monitors on "every 1m". Default 1 000. */
  monitors?: number;
  /** How long the soak runs after the monitors exist, ms. Default 1 800 000 (30 min). */
  durationMs?: number;
  /** Sampling interval, ms. Default 30 000. */
  sampleMs?: number;
  /**
   * Slots due in the last `graceMs` before the end are not judged (a run may be just about to start). Default
   * 15 000: far beyond the start drift a healthy server shows, so a late run still counts as missed.
   */
  graceMs?: number;
  /** Called with each sample as it is taken (progress for a long soak). */
  onSample?: (sample: SoakSample) => void;
}

export interface SoakSample {
  /** Since the monitors were created, ms. */
  atMs: number;
  tree: ServerTreeSample;
  runs: number;
  store: StoreSize;
  /**
   * Server event-loop delay since the previous sample (beyond prom-client's 10 ms sampling), ms; missing when the
   * /metrics scrape failed. The first sample's covers the server's whole life (boot, monitor creation).
   */
  eventLoopDelayMs?: { p99: number; max: number };
}

export interface SoakResult {
  monitors: number;
  durationMs: number;
  createMs: number;
  samples: SoakSample[];
  serverRssMb: Trend;
  runnersRssMb: Trend;
  /** Runs recorded between the first and the last sample. */
  runsDuringSoak: number;
  /** Growth of database file + WAL, and of the pages in use, between the first and the last sample, per run. */
  bytesPerRun: { files: number; used: number };
  slots: SlotAccount;
  /** The worst per-interval event-loop delay of the server after the first sample, ms. */
  eventLoopDelayMs: { p99: number; max: number };
  /** CPU over the soak, % of one core. */
  cpuPercent: { server: number; runners: number };
}

/** prom-client's event-loop histogram, reset at every scrape (so: since the previous one), 10 ms resolution. */
function eventLoopDelayOf(metrics: MetricSamples | undefined): { p99: number; max: number } | undefined {
  const p99 = metrics?.get('pagewatch_nodejs_eventloop_lag_p99_seconds');
  const max = metrics?.get('pagewatch_nodejs_eventloop_lag_max_seconds');
  if (p99 === undefined || max === undefined) return undefined;
  return { p99: delayBeyondSamplingMs(p99 * 1000), max: delayBeyondSamplingMs(max * 1000) };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));

export async function benchSoak(options: SoakOptions = {}): Promise<SoakResult> {
  const monitorCount = options.monitors ?? 1_000;
  const durationMs = options.durationMs ?? 1_800_000;
  const sampleMs = options.sampleMs ?? 30_000;
  const graceMs = options.graceMs ?? 15_000;
  return withBenchServer('soak', async ({ server, target, data }) => {
    const createStarted = performance.now();
    const monitors = await createMonitors(
      server.api,
      Array.from({ length: monitorCount }, (_, number) => ({
        name: `soak-${String(number).padStart(5, '0')}`,
        collection: oneRequestCollection(`${target.url}/health`),
        schedule: { every: '1m' },
      })),
    );
    const createMs = performance.now() - createStarted;
    const probe = openSqliteProbe(data.databaseUrl);
    try {
      const started = performance.now();
      const samples: SoakSample[] = [];
      const take = async (): Promise<SoakSample> => {
        const [tree, metrics] = await Promise.all([
          readProcessTree(server.pid),
          // A slow or failed scrape costs one sample's event-loop figure, not the soak.
          scrapeMetrics(server.url, E2E_ADMIN_TOKEN).catch(() => undefined),
        ]);
        if (!tree) throw new Error('the server process is gone');
        const eventLoopDelayMs = eventLoopDelayOf(metrics);
        const sample: SoakSample = {
          atMs: performance.now() - started,
          tree: summarizeServerTree(tree),
          runs: probe.countRuns(),
          store: probe.size(),
          ...(eventLoopDelayMs ? { eventLoopDelayMs } : {}),
        };
        samples.push(sample);
        options.onSample?.(sample);
        return sample;
      };
      const first = await take();
      for (let next = sampleMs; next < durationMs; next += sampleMs) {
        await sleep(next - (performance.now() - started));
        await take();
      }
      await sleep(durationMs - (performance.now() - started));
      const last = await take();
      const windowEndMs = Date.now() - graceMs;
      const slots = accountSlots(monitors, probe.scheduledRuns(), windowEndMs);

      const runsDuringSoak = last.runs - first.runs;
      const filesBytes = (size: StoreSize) => size.fileBytes + size.walBytes;
      const perRun = (bytes: number) => (runsDuringSoak > 0 ? bytes / runsDuringSoak : 0);
      const elapsed = last.atMs - first.atMs;
      const percentOfCore = (ms: number) => Math.round((ms / elapsed) * 1000) / 10;
      return {
        monitors: monitorCount,
        durationMs,
        createMs,
        samples,
        serverRssMb: trendOf(samples.map((s) => ({ atMs: s.atMs, value: toMb(s.tree.serverRssBytes) }))),
        runnersRssMb: trendOf(samples.map((s) => ({ atMs: s.atMs, value: toMb(s.tree.runnersRssBytes) }))),
        runsDuringSoak,
        bytesPerRun: {
          files: perRun(filesBytes(last.store) - filesBytes(first.store)),
          used: perRun(last.store.usedBytes - first.store.usedBytes),
        },
        slots,
        eventLoopDelayMs: {
          p99: Math.max(0, ...samples.slice(1).map((s) => s.eventLoopDelayMs?.p99 ?? 0)),
          max: Math.max(0, ...samples.slice(1).map((s) => s.eventLoopDelayMs?.max ?? 0)),
        },
        cpuPercent: {
          server: percentOfCore(last.tree.serverCpuMs - first.tree.serverCpuMs),
          // A runner process replaced during the soak would make this undercount; the figure is indicative.
          runners: percentOfCore(Math.max(0, last.tree.runnersCpuMs - first.tree.runnersCpuMs)),
        },
      };
    } finally {
      probe.close();
    }
  });
}
