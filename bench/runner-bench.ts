/**
 * The runner bench (issue 4): Newman's library vs pagewatch's runner vs the raw HTTP floor, measured side by side in
 * one `npm run bench`, each series in its own process (so RSS is its own) against the same local servers.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { corpusWorkloads } from './runner/corpus-workloads.js';
import { runSeries } from './runner/run-series.js';
import type { Engine, SeriesResult, Workload } from './runner/series-spec.js';

export interface RunnerBenchOptions {
  /** Runs per pagewatch and raw series on the one-request collection. Default 10 000. */
  pagewatchRuns: number;
  /** Runs per Newman series (Newman needs ≈ 100 ms and grows tens of MB per run). Default 200. */
  newmanRuns: number;
  /** Runs per engine and corpus collection. Default 20. */
  corpusRuns: number;
  /** Runs in flight in the concurrent series. Default 16. */
  concurrency: number;
}

export interface OneRequestFigures {
  sequential: Record<Engine, SeriesResult>;
  concurrent: Record<Engine, SeriesResult>;
}

export interface CorpusRow {
  name: string;
  series: Record<Engine, SeriesResult>;
  /** Newman ms/run ÷ pagewatch ms/run. */
  ratio: number;
}

const ENGINES: Engine[] = ['raw', 'newman', 'pagewatch'];

async function startTarget(): Promise<{ server: Server; url: string }> {
  const server = createServer((_request, response) => {
    response.writeHead(200, { 'content-type': 'application/json' });
    response.end('{"status":"ok"}');
  });
  server.keepAliveTimeout = 30_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/health` };
}

async function seriesByEngine(
  workload: Workload,
  runsFor: (engine: Engine) => number,
  concurrency: number,
): Promise<Record<Engine, SeriesResult>> {
  const results = {} as Record<Engine, SeriesResult>;
  for (const engine of ENGINES) {
    results[engine] = await runSeries({ engine, workload, runs: runsFor(engine), concurrency });
  }
  return results;
}

/** The one-request collection, sequential and at `concurrency`. */
export async function benchOneRequest(options: RunnerBenchOptions): Promise<OneRequestFigures> {
  const { server, url } = await startTarget();
  try {
    const workload: Workload = { kind: 'one-request', url };
    const runsFor = (engine: Engine): number =>
      engine === 'newman' ? options.newmanRuns : options.pagewatchRuns;
    return {
      sequential: await seriesByEngine(workload, runsFor, 1),
      concurrent: await seriesByEngine(workload, runsFor, options.concurrency),
    };
  } finally {
    server.closeAllConnections();
    server.close();
  }
}

/** Each corpus collection that runs in bounded time, sequentially, per engine. */
export async function benchCorpus(
  options: RunnerBenchOptions,
): Promise<{ rows: CorpusRow[]; skipped: string[] }> {
  const { workloads, skipped } = await corpusWorkloads();
  const rows: CorpusRow[] = [];
  for (const workload of workloads) {
    const series = await seriesByEngine(workload, () => options.corpusRuns, 1);
    rows.push({ name: workload.name, series, ratio: series.newman.msPerRun / series.pagewatch.msPerRun });
  }
  return { rows, skipped };
}
