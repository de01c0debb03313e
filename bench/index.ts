/**
 * `npm run bench`: performance figures, each measured against a baseline in the same run (ratios, not absolute
 * targets, because machines differ).
 *
 * - BENCH_RUNS: runs per pagewatch / raw-floor series of the one-request collection (default 10 000).
 * - BENCH_NEWMAN_RUNS: runs per Newman series (default 200: Newman needs ≈ 100 ms and tens of MB per run).
 * - BENCH_CORPUS_RUNS: runs per engine and corpus collection (default 20).
 * - BENCH_CONCURRENCY: runs in flight in the concurrent series (default 16).
 * - BENCH_SCHEDULER_MS: how long the 2,000-monitor scheduler bench runs (default 130 000; 0 skips it).
 * - BENCH_API_REQUESTS: requests per API series (default 200).
 * - BENCH_LOAD_MS: how long the API load bench's clients send (default 60 000; 0 skips it).
 * - BENCH_LOAD_CLIENTS: concurrent API clients of the load bench (default 200).
 * - BENCH_SOAK_MS: how long the 1,000-monitor soak runs (default 1 800 000 = 30 min; 0 skips it).
 * - BENCH_SOAK_MONITORS: monitors on "every 1m" in the soak (default 1 000).
 * - BENCH_SOAK_SAMPLE_MS: the soak's sampling interval (default 30 000).
 * - BENCH_ONLY: `runner`, `scheduler`, `api`, `load` or `soak` to run one part.
 *
 * The load and soak benches start a real `pagewatch serve` child process (docs/load-and-soak.md).
 */
import { benchMonitorList } from './api-bench.js';
import { benchApiLoad } from './load/api-load-bench.js';
import { printApiLoad } from './load/print-api-load.js';
import { printSoak, printSoakSample } from './load/print-soak.js';
import { benchSoak } from './load/soak-bench.js';
import { benchCorpus, benchOneRequest } from './runner-bench.js';
import { printCorpus, printOneRequest } from './runner/print-runner-bench.js';
import { benchScheduler } from './scheduler-bench.js';

const only = process.env.BENCH_ONLY;
console.log(`pagewatch bench — node ${process.version}\n`);

if (!only || only === 'runner') {
  const options = {
    pagewatchRuns: Number(process.env.BENCH_RUNS ?? 10_000),
    newmanRuns: Number(process.env.BENCH_NEWMAN_RUNS ?? 200),
    corpusRuns: Number(process.env.BENCH_CORPUS_RUNS ?? 20),
    concurrency: Number(process.env.BENCH_CONCURRENCY ?? 16),
  };
  printOneRequest(await benchOneRequest(options));
  const corpus = await benchCorpus(options);
  printCorpus(corpus.rows, corpus.skipped);
}

if (!only || only === 'api') {
  const requests = Number(process.env.BENCH_API_REQUESTS ?? 200);
  const monitors = 1_000;
  const runs = 100_000;
  console.log(
    `API: monitor list on SQLite with ${monitors.toLocaleString('en')} monitors and ${runs.toLocaleString('en')} runs, ${requests} sequential requests per series`,
  );
  const result = await benchMonitorList({ monitors, runs, requests });
  console.log(`  seeded in ${(result.seedMs / 1000).toFixed(1)} s`);
  for (const series of result.series) {
    console.log(
      `  ${series.label.padEnd(44)} p50 ${series.p50.toFixed(1).padStart(6)}  p95 ${series.p95.toFixed(1).padStart(6)}  p99 ${series.p99.toFixed(1).padStart(6)} ms`,
    );
  }
  const withStats = result.series[1];
  if (withStats) {
    console.log(
      `  goal: p95 < 200 ms with stats — ${withStats.p95 < 200 ? 'met' : 'MISSED'} (${withStats.p95.toFixed(1)} ms)\n`,
    );
  }
}

const schedulerMs = Number(process.env.BENCH_SCHEDULER_MS ?? 130_000);
if ((!only || only === 'scheduler') && schedulerMs > 0) {
  console.log(
    `Scheduler: 2,000 monitors on "every 1m" for ${(schedulerMs / 1000).toFixed(0)} s (each run = one request to a local target)`,
  );
  const result = await benchScheduler({ monitors: 2_000, durationMs: schedulerMs });
  console.log(`  slots expected / runs started     ${result.slotsExpected} / ${result.runsStarted}`);
  console.log(
    `  missed / duplicate / overlaps      ${result.missedRuns} / ${result.duplicateRuns} / ${result.overlaps}`,
  );
  console.log(
    `  start drift p50 / p99 / max        ${result.startDriftMs.p50} / ${result.startDriftMs.p99} / ${result.startDriftMs.max} ms  (goal: p99 < 1000 ms, none missed)`,
  );
  console.log(
    `  event-loop delay p99 / max         ${result.eventLoopDelayMs.p99.toFixed(1)} / ${result.eventLoopDelayMs.max.toFixed(1)} ms`,
  );
  console.log(
    `  RSS before / peak / after          ${result.rssMb.before} / ${result.rssMb.peak} / ${result.rssMb.after} MB`,
  );
  console.log(`  CPU                                ${result.cpuPercent.toFixed(0)} % of one core`);
}

const loadMs = Number(process.env.BENCH_LOAD_MS ?? 60_000);
if ((!only || only === 'load') && loadMs > 0) {
  const clients = Number(process.env.BENCH_LOAD_CLIENTS ?? 200);
  console.log(
    `API load: ${clients} concurrent clients (keep-alive) for ${(loadMs / 1000).toFixed(0)} s against pagewatch serve (child process, SQLite), mixed reads and writes`,
  );
  printApiLoad(await benchApiLoad({ clients, durationMs: loadMs }));
}

const soakMs = Number(process.env.BENCH_SOAK_MS ?? 1_800_000);
if ((!only || only === 'soak') && soakMs > 0) {
  const monitors = Number(process.env.BENCH_SOAK_MONITORS ?? 1_000);
  const sampleMs = Number(process.env.BENCH_SOAK_SAMPLE_MS ?? 30_000);
  console.log(
    `Soak: ${monitors.toLocaleString('en')} monitors on "every 1m" for ${(soakMs / 60_000).toFixed(1)} min against a local target (pagewatch serve child process, defaults: SQLite, runner processes), sampled every ${(sampleMs / 1000).toFixed(0)} s`,
  );
  printSoak(await benchSoak({ monitors, durationMs: soakMs, sampleMs, onSample: printSoakSample }));
}
