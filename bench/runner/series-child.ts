/**
 * One measured series in its own process (so its RSS is its own): `node --import tsx series-child.ts '<SeriesSpec JSON>'`.
 * Prints the {@link SeriesResult} as JSON on its last line.
 */
import { performance } from 'node:perf_hooks';
import { prepareEngine } from './engines.js';
import type { SeriesResult, SeriesSpec } from './series-spec.js';

const MB = 1024 * 1024;
// The same for every engine. Enough for the JIT and the sandbox contexts of a long-lived runner to settle (a
// monitor server is always warm); Newman creates its sandbox per run, so its figure hardly moves with it.
const WARM_UP_RUNS = 20;

const rssMb = (): number => Math.round(process.memoryUsage().rss / MB);

/** Runs `total` calls of `once` with at most `concurrency` in flight; calls `onProgress` after each. */
async function runAll(
  total: number,
  concurrency: number,
  once: () => Promise<boolean>,
  onProgress: (done: number) => void,
): Promise<number> {
  let started = 0;
  let done = 0;
  let failed = 0;
  const lane = async (): Promise<void> => {
    while (started < total) {
      started++;
      if (!(await once())) failed++;
      onProgress(++done);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, total) }, lane));
  return failed;
}

const spec = JSON.parse(process.argv[2] ?? '') as SeriesSpec;
const engine = await prepareEngine(spec.engine, spec.workload);
try {
  await runAll(Math.min(WARM_UP_RUNS, spec.runs), spec.concurrency, engine.runOnce, () => undefined);
  const start = { rss: rssMb(), at: performance.now() };
  let after100 = start.rss;
  const failedRuns = await runAll(spec.runs, spec.concurrency, engine.runOnce, (done) => {
    if (done === Math.min(100, spec.runs)) after100 = rssMb();
  });
  const totalMs = performance.now() - start.at;
  const result: SeriesResult = {
    engine: spec.engine,
    runs: spec.runs,
    concurrency: spec.concurrency,
    totalMs,
    msPerRun: totalMs / spec.runs,
    runsPerSecond: (spec.runs / totalMs) * 1000,
    failedRuns,
    rssMb: { start: start.rss, after100, end: rssMb() },
    peakRssMb: Math.round((process.resourceUsage().maxRSS * 1024) / MB),
    requestsPerRun: engine.requestsPerRun,
  };
  console.log(JSON.stringify(result));
} finally {
  await engine.close();
}
