/**
 * The fault suite (`npm run test:faults`): PagerDuty misbehaving (500, 502, 503, 429 with and without
 * Retry-After, slow answers past the send timeout, connection resets, DNS failure) × process deaths (SIGKILL at
 * random points of run → commit → deliver) × database trouble (SQLite write lock, PostgreSQL backends
 * terminated), each cell against real `pagewatch serve` processes and the PagerDuty sandbox. Prints the matrix
 * and exits 1 when any cell lost an event, opened a duplicate incident, left one open, left a delivery pending,
 * left a run disturbed by database trouble without its verdict or saw a server crash (2 if the suite itself
 * failed). CI (.ci/run) runs it after `npm test`.
 *
 * Environment:
 * - `FAULTS_REPETITIONS` — SIGKILL repetitions per kill cell (default 20);
 * - `FAULTS_ONLY` — run only the cells whose name contains one of these comma-separated words (case-insensitive);
 * - `FAULTS_SEED` — replay the kill delays of an earlier run (printed at the start);
 * - `FAULTS_MARKDOWN` — also write the matrix as a Markdown table to this file;
 * - `FAULTS_CONCURRENCY` — cells run at once (default 2; 1 for the steadiest timings);
 * - `FAULTS_VERBOSE=1` — print every cell's notes, not only the failing ones';
 * - `DATABASE_URL` — PostgreSQL for the PostgreSQL cells (skipped, with the reason printed, when unset).
 */
import { writeFileSync } from 'node:fs';
import { allCells, runCell } from './fault-cells.js';
import { cellFailed, formatMarkdown, formatTable, type CellResult } from './fault-ledger.js';

const REPETITIONS = Number(process.env.FAULTS_REPETITIONS ?? 20);
const SEED = Number(process.env.FAULTS_SEED ?? Math.floor(Math.random() * 2 ** 31));
const ONLY = (process.env.FAULTS_ONLY ?? '')
  .split(',')
  .map((word) => word.trim().toLowerCase())
  .filter(Boolean);
const VERBOSE = Boolean(process.env.FAULTS_VERBOSE);
const CONCURRENCY = Number(process.env.FAULTS_CONCURRENCY ?? 2);

/** mulberry32: a small seeded PRNG, so a run's kill delays can be replayed with FAULTS_SEED. */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let value = state;
    value = Math.imul(value ^ (value >>> 15), value | 1);
    value ^= value + Math.imul(value ^ (value >>> 7), value | 61);
    return ((value ^ (value >>> 14)) >>> 0) / 2 ** 32;
  };
}

function report(name: string, engine: string, result: CellResult): void {
  const verdict = result.skipped ? 'skipped' : cellFailed(result) ? 'FAILED' : 'ok';
  const why = result.skipped ? `: ${result.skipped}` : '';
  console.log(`  ${verdict.padEnd(7)} ${name} [${engine}] ${(result.timeMs / 1000).toFixed(1)} s${why}`);
  if (cellFailed(result) || VERBOSE) {
    for (const line of [...result.problems, ...result.notes]) console.log(`      ${line}`);
  }
}

async function main(): Promise<number> {
  if (!Number.isInteger(REPETITIONS) || REPETITIONS < 1) throw new Error('FAULTS_REPETITIONS must be ≥ 1');
  const cells = allCells(REPETITIONS).filter(
    (cell) =>
      ONLY.length === 0 || ONLY.some((word) => `${cell.name} ${cell.engine}`.toLowerCase().includes(word)),
  );
  const started = Date.now();
  console.log(
    `fault suite: ${cells.length} cells, ${REPETITIONS} SIGKILL repetitions, seed ${SEED} (replay: FAULTS_SEED=${SEED})`,
  );
  const results: CellResult[] = new Array<CellResult>(cells.length);
  // Longest cells first (the SIGKILL ones), CONCURRENCY at a time; each cell has its own stage, sandbox and data.
  const order = cells.map((cell, index) => ({ cell, index })).sort((a, b) => b.cell.steps - a.cell.steps);
  let next = 0;
  const worker = async () => {
    while (next < order.length) {
      const { cell, index } = order[next++]!;
      results[index] = await runCell(cell, seededRandom(SEED + index));
      report(cell.name, cell.engine, results[index]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(CONCURRENCY, order.length) }, worker));
  const totalMs = Date.now() - started;

  console.log('');
  for (const line of formatTable(results)) console.log(line);
  console.log(`\ntotal ${(totalMs / 1000).toFixed(1)} s; seed ${SEED}`);
  if (process.env.FAULTS_MARKDOWN) {
    const markdown = [...formatMarkdown(results), '', `Total ${(totalMs / 1000).toFixed(0)} s.`, ''];
    writeFileSync(process.env.FAULTS_MARKDOWN, markdown.join('\n'));
  }
  const failed = results.filter(cellFailed);
  if (failed.length > 0) {
    console.log(`\n${failed.length} cell(s) failed: ${failed.map((result) => result.cell).join('; ')}`);
    return 1;
  }
  console.log('\nno event lost, no duplicate incident, nothing stuck open or pending');
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(2);
  },
);
