/** Prints the soak's progress and result for `npm run bench`. */
import { toMb } from './process-tree-stats.js';
import type { SoakResult, SoakSample } from './soak-bench.js';
import type { Trend } from './trend.js';

const mb = (bytes: number) => toMb(bytes).toFixed(1);

/** One line per sample, so a 30-minute soak shows it is alive. */
export function printSoakSample(sample: SoakSample): void {
  const { tree, store } = sample;
  const loop = sample.eventLoopDelayMs
    ? `loop p99 ${sample.eventLoopDelayMs.p99} ms / max ${sample.eventLoopDelayMs.max} ms`
    : 'loop n/a';
  console.log(
    `  [${(sample.atMs / 1000).toFixed(0).padStart(5)} s] RSS server ${mb(tree.serverRssBytes)} MB, ${tree.runners} runners ${mb(tree.runnersRssBytes)} MB; runs ${sample.runs}; DB ${mb(store.fileBytes)} MB + WAL ${mb(store.walBytes)} MB (used ${mb(store.usedBytes)} MB); ${loop}`,
  );
}

const trendLine = (trend: Trend) =>
  `${trend.first.toFixed(0)} / ${trend.min.toFixed(0)} / ${trend.max.toFixed(0)} / ${trend.last.toFixed(0)} MB; slope ${trend.slopePer10Min.toFixed(1)} MB/10 min (second half ${trend.secondHalfSlopePer10Min.toFixed(1)})`;

export function printSoak(result: SoakResult): void {
  const { slots } = result;
  const drift = slots.startDriftMs;
  console.log(`  monitors created through the API in ${(result.createMs / 1000).toFixed(1)} s`);
  console.log(`  RSS server  first / min / max / last   ${trendLine(result.serverRssMb)}`);
  console.log(`  RSS runners first / min / max / last   ${trendLine(result.runnersRssMb)}`);
  console.log(
    `  slots expected / run / missed          ${slots.slotsExpected} / ${slots.slotsRun} / ${slots.missedSlots} (${slots.monitorsWithMissedSlots} monitors; ${slots.monitorsShortOfRuns} short by more than one run)`,
  );
  console.log(
    `  duplicate / off-grid / overlap runs    ${slots.duplicateRuns} / ${slots.offGridRuns} / ${slots.overlaps}`,
  );
  console.log(
    `  start drift p50 / p99 / max            ${drift.p50} / ${drift.p99} / ${drift.max} ms (${drift.count} runs)`,
  );
  console.log(
    `  server event-loop delay p99 / max      ${result.eventLoopDelayMs.p99} / ${result.eventLoopDelayMs.max} ms (worst sampling interval)`,
  );
  console.log(
    `  CPU server / runners                   ${result.cpuPercent.server.toFixed(0)} % / ${result.cpuPercent.runners.toFixed(0)} % of one core`,
  );
  console.log(
    `  DB growth per run                      ${result.bytesPerRun.files.toFixed(0)} bytes (file + WAL), ${result.bytesPerRun.used.toFixed(0)} bytes (pages in use), over ${result.runsDuringSoak} runs`,
  );
  // RSS moves by tens of MB with garbage collection and warm-up; a slope means something over tens of minutes.
  const shortRun =
    result.durationMs < 20 * 60_000 ? ' (run too short to judge RSS growth: use ≥ 20 min)' : '';
  const missedOk = slots.missedSlots === 0 && slots.duplicateRuns === 0 && slots.offGridRuns === 0;
  console.log(
    `  goal: 0 missed runs — ${missedOk ? 'met' : 'MISSED'} (${slots.missedSlots} missed, ${slots.duplicateRuns} duplicate, ${slots.offGridRuns} off-grid); RSS growth (second half) ${result.serverRssMb.secondHalfSlopePer10Min.toFixed(1)} MB/10 min server, ${result.runnersRssMb.secondHalfSlopePer10Min.toFixed(1)} MB/10 min runners; DB ${(result.bytesPerRun.used / 1024).toFixed(1)} KB/run${shortRun}\n`,
  );
}
