import type { RunStatus } from '../../src/runner/index.js';

/**
 * The part of one collection run that the conformance suite compares, the same shape for Newman and for
 * pagewatch. Timings, sizes, URLs and message texts are not compared (they differ by nature); messages are kept
 * only to explain a difference.
 */
export interface RunRecord {
  /** Postman Monitors' four-way verdict (for Newman: derived with the same `classifyRun`). */
  status: RunStatus;
  /** Requests sent, counting every `request` event (a digest-auth retry is a second request). */
  requestCount: number;
  /** One entry per item execution, in run order (over all iterations). */
  requests: RequestRecord[];
  /** Run-level error (not tied to a request), for the explanation only. */
  runError?: string;
}

/** One item execution: the request as last sent and the assertions of its scripts. */
export interface RequestRecord {
  /** The item's name in the collection. */
  name: string;
  method: string;
  /** Response status code; absent when no response arrived. */
  code?: number;
  /** 0-based iteration. */
  iteration: number;
  assertions: AssertionRecord[];
  /** Request or script error; compared as present/absent, the text is for the explanation. */
  error?: string;
}

export interface AssertionRecord {
  name: string;
  passed: boolean;
  /** Why it failed, for the explanation only. */
  error?: string;
}

/** Total and failed assertions of a record. */
export function countAssertions(record: RunRecord): { total: number; failed: number } {
  const all = record.requests.flatMap((request) => request.assertions);
  return { total: all.length, failed: all.filter((assertion) => !assertion.passed).length };
}

const TIMEOUT_MESSAGE = /timed? ?out|timeout|ETIMEDOUT|ESOCKETTIMEDOUT/i;

/** The run's timeout errors (run-level or per request), e.g. Newman's "Script execution timed out after 500ms". */
export function timeoutErrors(record: RunRecord): string[] {
  return [record.runError, ...record.requests.map((request) => request.error)].filter(
    (message): message is string => message !== undefined && TIMEOUT_MESSAGE.test(message),
  );
}
