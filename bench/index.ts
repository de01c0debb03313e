/**
 * `npm run bench`: performance figures, each measured against a baseline in the same run (ratios, not absolute
 * targets, because machines differ). Set BENCH_RUNS to change the number of runs (default 50).
 */
import { benchRunner } from './runner-bench.js';

const runs = Number(process.env.BENCH_RUNS ?? 50);
console.log(`pagewatch bench — node ${process.version}, ${runs} runs per series\n`);

const [floor, runner] = await benchRunner(runs);
if (!floor || !runner) throw new Error('runner bench returned no measurements');
console.log('Runner: one GET with two pm.test assertions against a local server');
for (const m of [floor, runner]) {
  console.log(
    `  ${m.label.padEnd(42)} ${m.msPerRun.toFixed(2).padStart(8)} ms/run  ${(1000 / m.msPerRun).toFixed(1).padStart(8)} runs/s`,
  );
}
console.log(`  overhead above the HTTP floor: ${(runner.msPerRun - floor.msPerRun).toFixed(2)} ms/run`);
console.log(`  RSS after the series: ${(process.memoryUsage().rss / 1024 / 1024).toFixed(0)} MB`);
