/**
 * `npm run bench`: performance figures, each measured against a baseline in the same run (ratios, not absolute
 * targets, because machines differ).
 *
 * - BENCH_RUNS: runs per runner series (default 50).
 * - BENCH_SCHEDULER_MS: how long the 2,000-monitor scheduler bench runs (default 130 000; 0 skips it).
 * - BENCH_API_REQUESTS: requests per API series (default 200).
 * - BENCH_ONLY: `runner`, `scheduler` or `api` to run one part.
 */
import { benchMonitorList } from './api-bench.js';
import { benchRunner } from './runner-bench.js';
import { benchScheduler } from './scheduler-bench.js';

const only = process.env.BENCH_ONLY;
console.log(`pagewatch bench — node ${process.version}\n`);

if (!only || only === 'runner') {
  const runs = Number(process.env.BENCH_RUNS ?? 50);
  const [floor, runner] = await benchRunner(runs);
  if (!floor || !runner) throw new Error('runner bench returned no measurements');
  console.log(`Runner: one GET with two pm.test assertions against a local server, ${runs} runs`);
  for (const m of [floor, runner]) {
    console.log(
      `  ${m.label.padEnd(42)} ${m.msPerRun.toFixed(2).padStart(8)} ms/run  ${(1000 / m.msPerRun).toFixed(1).padStart(8)} runs/s`,
    );
  }
  console.log(`  overhead above the HTTP floor: ${(runner.msPerRun - floor.msPerRun).toFixed(2)} ms/run`);
  console.log(`  RSS after the series: ${(process.memoryUsage().rss / 1024 / 1024).toFixed(0)} MB\n`);
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
