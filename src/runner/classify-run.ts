import type { RunStatus } from './run-result.js';

/**
 * Postman Monitors' verdict on a run: `abort` if the run cap stopped it; `error` if it could not complete (a
 * request or script error, or a run-level error); `failure` if it completed with a failed test; else `success`.
 */
export function classifyRun(input: {
  aborted: boolean;
  runError: string | undefined;
  erroredExecutions: number;
  failedAssertions: number;
}): RunStatus {
  if (input.aborted) return 'abort';
  if (input.runError !== undefined || input.erroredExecutions > 0) return 'error';
  if (input.failedAssertions > 0) return 'failure';
  return 'success';
}
