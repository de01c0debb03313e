/** Prints the load bench's result for `npm run bench`. */
import type { ApiLoadResult } from './api-load-bench.js';
import type { LatencySummary } from './latency-summary.js';

const ms = (value: number) => value.toFixed(1).padStart(7);
const row = (label: string, summary: LatencySummary) =>
  `  ${label.padEnd(40)} ${String(summary.count).padStart(7)}  p50 ${ms(summary.p50)}  p95 ${ms(summary.p95)}  p99 ${ms(summary.p99)}  max ${ms(summary.max)} ms`;

export function printApiLoad(result: ApiLoadResult): void {
  const statuses = [...result.statuses]
    .sort(([a], [b]) => a - b)
    .map(([status, count]) => `${status}: ${count}`)
    .join(', ');
  const network = [...result.networkErrors].map(([code, count]) => `${code}: ${count}`).join(', ');
  console.log(
    `  seeded ${result.monitors} monitors, ${result.seededRuns} runs, a webhook integration in ${(result.seedMs / 1000).toFixed(1)} s`,
  );
  console.log(
    `  requests                                 ${result.requests} in ${(result.durationMs / 1000).toFixed(0)} s = ${result.requestsPerSecond.toFixed(0)} req/s`,
  );
  console.log(`  answers by status                        ${statuses || 'none'}`);
  console.log(`  network errors                           ${network || 'none'}`);
  console.log(row('all requests', result.latencyMs));
  for (const [label, summary] of [...result.latencyByLabelMs].sort(([a], [b]) => a.localeCompare(b))) {
    console.log(row(label, summary));
  }
  const { before, peak, after } = result.memory;
  console.log(
    `  server RSS before / peak / after         ${before.serverMb} / ${peak.serverMb} / ${after.serverMb} MB`,
  );
  console.log(
    `  runner processes RSS before / peak / after  ${before.runnersMb} / ${peak.runnersMb} / ${after.runnersMb} MB (${after.runnerProcesses} processes)`,
  );
  console.log(
    `  other children RSS after                 ${after.otherMb} MB (esbuild: tsx's compiler service)`,
  );
  console.log(
    `  CPU server / runners                     ${result.cpuPercent.server.toFixed(0)} % / ${result.cpuPercent.runners.toFixed(0)} % of one core`,
  );
  console.log(
    `  load generator event-loop delay p99/max  ${result.generatorLoopDelayMs.p99} / ${result.generatorLoopDelayMs.max} ms`,
  );
  const slowest = result.slowest
    .map((slow) => `${slow.ms.toFixed(0)} ms (${slow.label}, sent at ${(slow.sentAtMs / 1000).toFixed(1)} s)`)
    .join('; ');
  console.log(`  slowest requests                         ${slowest}`);
  for (const sample of result.errorSamples) console.log(`  error: ${sample}`);
  console.log(
    `  goal: 0 errors — ${result.errors === 0 ? 'met' : `MISSED (${result.errors} of ${result.requests})`}; p99 ${result.latencyMs.p99.toFixed(1)} ms at ${result.clients} clients\n`,
  );
}
