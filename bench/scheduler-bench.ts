import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { nextRunAt } from '../src/monitors/schedule.js';
import { InProcessRunQueue } from '../src/queue/in-process-run-queue.js';
import { runJobKey, type RunQueueStats } from '../src/queue/run-queue.js';
import { percentile } from './load/latency-summary.js';

export interface SchedulerBenchOptions {
  /** Monitors on "every 1m". Default 2 000. */
  monitors?: number;
  /** How long the scheduler runs, in ms (real time). Default 150 000. */
  durationMs?: number;
  /** The queue's concurrency limit. Default 16 (the queue's default). */
  concurrency?: number;
}

export interface SchedulerBenchResult {
  monitors: number;
  durationMs: number;
  /** Slots in (start, stop − 2 s]: every one of them should have started. */
  slotsExpected: number;
  runsStarted: number;
  /** Expected slots that never started. */
  missedRuns: number;
  /** Slots handed to the handler more than once (must be 0). */
  duplicateRuns: number;
  overlaps: number;
  handlerErrors: number;
  /** Actual start − scheduledAt, in ms, over all started runs. */
  startDriftMs: { p50: number; p99: number; max: number };
  /** Event-loop delay beyond the 10 ms sampling interval. */
  eventLoopDelayMs: { p99: number; max: number };
  rssMb: { before: number; peak: number; after: number };
  /** CPU time of the process over the run, as a share of one core. */
  cpuPercent: number;
  queueStats: RunQueueStats;
}

const MB = 1024 * 1024;
const LOOP_SAMPLING_MS = 10;

/** The histogram records whole sampling intervals (ns); what matters is the delay beyond the interval, in ms. */
function beyondSampling(ns: number): number {
  return Math.max(0, Math.round((ns / 1e6 - LOOP_SAMPLING_MS) * 10) / 10);
}

/**
 * Runs the in-process queue with the real clock: `monitors` monitors on "every 1m", each run a fetch to a local
 * HTTP server that answers at once. Measures how late runs start against their slot, slots that never started,
 * duplicates, overlaps, event-loop delay, RSS and CPU.
 */
export async function benchScheduler(options: SchedulerBenchOptions = {}): Promise<SchedulerBenchResult> {
  const monitors = options.monitors ?? 2_000;
  const durationMs = options.durationMs ?? 150_000;
  const server = createServer((_request, response) => {
    response.writeHead(200, { 'content-type': 'application/json' });
    response.end('{"status":"ok"}');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/health`;

  let overlaps = 0;
  let handlerErrors = 0;
  const drifts: number[] = [];
  const startedKeys = new Set<string>();
  let duplicateRuns = 0;
  const queue = new InProcessRunQueue({
    concurrency: options.concurrency,
    onOverlap: () => {
      overlaps++;
    },
    onError: () => {
      handlerErrors++;
    },
  });
  queue.onRun(async (job) => {
    drifts.push(Date.now() - Date.parse(job.scheduledAt));
    const key = runJobKey(job);
    if (startedKeys.has(key)) duplicateRuns++;
    startedKeys.add(key);
    const response = await fetch(url);
    await response.text();
  });

  const schedule = { every: '1m' };
  const ids = Array.from({ length: monitors }, (_, index) => `mon_bench_${index}`);
  const rssBefore = process.memoryUsage().rss;
  let rssPeak = rssBefore;
  const sampler = setInterval(() => {
    rssPeak = Math.max(rssPeak, process.memoryUsage().rss);
  }, 1_000);
  const loopDelay = monitorEventLoopDelay({ resolution: LOOP_SAMPLING_MS });
  const cpuBefore = process.cpuUsage();

  for (const id of ids) await queue.upsertSchedule(id, schedule);
  const startedAt = Date.now();
  await queue.start();
  loopDelay.enable();
  await new Promise((resolve) => setTimeout(resolve, durationMs));
  const stoppedAt = Date.now();
  const queueStats = queue.stats();
  await queue.stop({ timeoutMs: 10_000 });
  loopDelay.disable();
  const cpu = process.cpuUsage(cpuBefore);
  clearInterval(sampler);
  rssPeak = Math.max(rssPeak, process.memoryUsage().rss);
  await new Promise<void>((resolve) => server.close(() => resolve()));

  let slotsExpected = 0;
  let missedRuns = 0;
  for (const id of ids) {
    for (let slot = nextRunAt(schedule, id, new Date(startedAt)); slot.getTime() <= stoppedAt - 2_000;) {
      slotsExpected++;
      const key = runJobKey({
        monitorId: id,
        region: 'local',
        scheduledAt: slot.toISOString(),
        trigger: 'schedule',
        attempt: 0,
      });
      if (!startedKeys.has(key)) missedRuns++;
      slot = nextRunAt(schedule, id, slot);
    }
  }
  const sorted = drifts.sort((a, b) => a - b);
  return {
    monitors,
    durationMs,
    slotsExpected,
    runsStarted: drifts.length,
    missedRuns,
    duplicateRuns,
    overlaps,
    handlerErrors,
    startDriftMs: { p50: percentile(sorted, 50), p99: percentile(sorted, 99), max: sorted.at(-1) ?? 0 },
    eventLoopDelayMs: {
      p99: beyondSampling(loopDelay.percentile(99)),
      max: beyondSampling(loopDelay.max),
    },
    rssMb: {
      before: Math.round(rssBefore / MB),
      peak: Math.round(rssPeak / MB),
      after: Math.round(process.memoryUsage().rss / MB),
    },
    cpuPercent: Math.round(((cpu.user + cpu.system) / 1000 / (stoppedAt - startedAt)) * 1000) / 10,
    queueStats,
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const monitors = Number(process.env.BENCH_MONITORS ?? 2_000);
  const durationMs = Number(process.env.BENCH_DURATION_MS ?? 150_000);
  console.log(
    `scheduler bench — node ${process.version}, ${monitors} monitors on "every 1m", ${durationMs / 1000} s`,
  );
  console.log(JSON.stringify(await benchScheduler({ monitors, durationMs }), null, 2));
}
