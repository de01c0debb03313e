/** What one measured series is, and what it reports. A series runs in its own process so RSS is its own. */

/** The collection a series runs. */
export type Workload =
  /** One GET to `url` (a local server) with two `pm.test`s. */
  | { kind: 'one-request'; url: string }
  /** A collection of the Newman corpus, against the local Postman-Echo server (started in the series process). */
  | { kind: 'corpus'; name: string; files: CorpusFiles };

/** The files of one corpus test (paths), as the corpus README groups them. */
export interface CorpusFiles {
  collection: string;
  environment?: string;
  globals?: string;
  iterationData?: string;
}

/** Who runs the workload. `raw` sends the same requests with undici and runs no scripts: the HTTP floor. */
export type Engine = 'newman' | 'pagewatch' | 'raw';

export interface SeriesSpec {
  engine: Engine;
  workload: Workload;
  /** Measured runs (after a warm-up of 20 runs that are not counted). */
  runs: number;
  /** Runs in flight at once. */
  concurrency: number;
}

export interface SeriesResult {
  engine: Engine;
  runs: number;
  concurrency: number;
  totalMs: number;
  msPerRun: number;
  runsPerSecond: number;
  /** Runs whose result was not a pass (must be 0 for the figures to count). */
  failedRuns: number;
  /** RSS in MB after the warm-up, after 100 measured runs, and at the end. */
  rssMb: { start: number; after100: number; end: number };
  /** The process's peak RSS in MB (`process.resourceUsage().maxRSS`). */
  peakRssMb: number;
  /** Requests sent per run (from the first run). */
  requestsPerRun: number;
}
