/**
 * The outcome of one collection run, as Postman Monitors report it.
 *
 * - `success`: every request completed and every test passed.
 * - `failure`: the run completed but at least one test failed.
 * - `error`: the run could not complete (script error, DNS, connection refused, timeout…).
 * - `abort`: the run hit the whole-run cap and was stopped.
 */
export type RunStatus = 'success' | 'failure' | 'error' | 'abort';

/** One `pm.test` (or legacy `tests[…]`) outcome. */
export interface AssertionResult {
  name: string;
  passed: boolean;
  /** The assertion's error message when it failed. */
  error?: string;
}

/** One request sent during the run, with its response summary (bodies and headers are not kept). */
export interface RequestExecution {
  /** The request's name in the collection (the item name). */
  name: string;
  method: string;
  /** The resolved URL that was requested. */
  url: string;
  /** HTTP status code; absent when no response arrived. */
  status?: number;
  responseTimeMs?: number;
  /** Response body size in bytes. */
  responseSize?: number;
  /** Iteration index (0-based) this request belonged to. */
  iteration: number;
  assertions: AssertionResult[];
  /** Why the request or one of its scripts could not complete. */
  error?: string;
}

export interface Counter {
  total: number;
  failed: number;
}

export interface ConsoleLine {
  level: string;
  message: string;
}

export interface RunResult {
  status: RunStatus;
  /** ISO-8601 UTC. */
  startedAt: string;
  /** ISO-8601 UTC. */
  finishedAt: string;
  durationMs: number;
  stats: { requests: Counter; assertions: Counter };
  executions: RequestExecution[];
  /** Run-level error (e.g. a script syntax error outside any request, or the abort reason). */
  error?: string;
  /** Console output of the collection's scripts, capped. */
  console?: ConsoleLine[];
  /** Things that ran but look wrong, e.g. `{{variables}}` that nothing defined and were sent literally. */
  warnings?: string[];
}
