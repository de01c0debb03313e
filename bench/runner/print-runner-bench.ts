/** Prints the runner bench's tables, ratios and goals. */
import type { CorpusRow, OneRequestFigures } from '../runner-bench.js';
import type { Engine, SeriesResult } from './series-spec.js';

const LABELS: Record<Engine, string> = {
  raw: 'raw HTTP floor (undici, keep-alive)',
  newman: "Newman's library (newman.run)",
  pagewatch: 'pagewatch runner',
};

const met = (ok: boolean): string => (ok ? 'met' : 'MISSED');

function seriesLine(result: SeriesResult): string {
  return [
    `  ${LABELS[result.engine].padEnd(38)}`,
    `${String(result.runs).padStart(6)}`,
    `${String(result.concurrency).padStart(5)}`,
    `${result.msPerRun.toFixed(2).padStart(9)}`,
    `${result.runsPerSecond.toFixed(1).padStart(9)}`,
    `${`${result.rssMb.after100} → ${result.rssMb.end}`.padStart(13)}`,
    `${String(result.peakRssMb).padStart(8)}`,
    result.failedRuns > 0 ? `  ${result.failedRuns} FAILED RUNS` : '',
  ].join(' ');
}

export function printOneRequest(figures: OneRequestFigures): void {
  console.log('Runner: one GET with two pm.test assertions against a local server');
  console.log(
    `  ${'series'.padEnd(38)} ${'runs'.padStart(6)} ${'conc'.padStart(5)} ${'ms/run'.padStart(9)} ${'runs/s'.padStart(9)} ${'RSS@100→end'.padStart(13)} ${'peak MB'.padStart(8)}`,
  );
  for (const group of [figures.sequential, figures.concurrent]) {
    for (const engine of ['raw', 'newman', 'pagewatch'] as const) console.log(seriesLine(group[engine]));
  }
  const seq = figures.sequential;
  const conc = figures.concurrent;
  const ratioSeq = seq.pagewatch.runsPerSecond / seq.newman.runsPerSecond;
  const ratioConc = conc.pagewatch.runsPerSecond / conc.newman.runsPerSecond;
  const overhead = seq.pagewatch.msPerRun - seq.raw.msPerRun;
  console.log(
    `  throughput vs Newman: ${ratioSeq.toFixed(1)}× sequential, ${ratioConc.toFixed(1)}× at concurrency ${conc.pagewatch.concurrency} (goal ≥ 30×) — ${met(Math.min(ratioSeq, ratioConc) >= 30)}`,
  );
  console.log(
    `  overhead above the HTTP floor: ${overhead.toFixed(2)} ms/run (goal ≤ 3 ms) — ${met(overhead <= 3)}`,
  );
  for (const series of [seq.pagewatch, conc.pagewatch]) {
    const growth = series.rssMb.end / series.rssMb.after100;
    console.log(
      `  pagewatch RSS after ${series.runs.toLocaleString('en')} runs (concurrency ${series.concurrency}): ${series.rssMb.end} MB = ${growth.toFixed(2)}× RSS after 100 (goal ≤ 1.5× and < 400 MB) — ${met(growth <= 1.5 && series.rssMb.end < 400)}`,
    );
  }
  for (const series of [seq.newman, conc.newman]) {
    console.log(
      `  Newman RSS after ${series.runs} runs (concurrency ${series.concurrency}): ${series.rssMb.end} MB (${series.rssMb.after100} MB after 100)`,
    );
  }
  console.log('');
}

export function printCorpus(rows: CorpusRow[], skipped: string[]): void {
  console.log(`Runner: Newman corpus collections against the local Postman-Echo server, sequential`);
  console.log(
    `  ${'collection'.padEnd(44)} ${'reqs'.padStart(4)} ${'floor ms'.padStart(9)} ${'Newman ms'.padStart(10)} ${'pagewatch ms'.padStart(13)} ${'ratio'.padStart(7)}`,
  );
  for (const row of rows) {
    const failed = ['newman', 'pagewatch'].some((engine) => row.series[engine as Engine].failedRuns > 0);
    console.log(
      `  ${row.name.padEnd(44)} ${String(row.series.raw.requestsPerRun).padStart(4)} ${row.series.raw.msPerRun.toFixed(2).padStart(9)} ${row.series.newman.msPerRun.toFixed(1).padStart(10)} ${row.series.pagewatch.msPerRun.toFixed(2).padStart(13)} ${`${row.ratio.toFixed(1)}×`.padStart(7)}${failed ? '  (failed runs)' : ''}`,
    );
  }
  const mean = rows.reduce((sum, row) => sum + row.ratio, 0) / Math.max(1, rows.length);
  const newmanMean =
    rows.reduce((sum, row) => sum + row.series.newman.msPerRun, 0) / Math.max(1, rows.length);
  const pagewatchMean =
    rows.reduce((sum, row) => sum + row.series.pagewatch.msPerRun, 0) / Math.max(1, rows.length);
  const requestsMean =
    rows.reduce((sum, row) => sum + row.series.raw.requestsPerRun, 0) / Math.max(1, rows.length);
  console.log(
    `  corpus average (${rows.length} collections, ${requestsMean.toFixed(1)} requests each): Newman ${newmanMean.toFixed(1)} ms/run, pagewatch ${pagewatchMean.toFixed(2)} ms/run = ${(newmanMean / pagewatchMean).toFixed(1)}× (mean of per-collection ratios ${mean.toFixed(1)}×; goal ≥ 10×) — ${met(newmanMean / pagewatchMean >= 10)}`,
  );
  if (skipped.length > 0) console.log(`  not measured: ${skipped.join('; ')}`);
  console.log('');
}
