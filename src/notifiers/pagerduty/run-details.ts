/**
 * `custom_details` of a trigger: what the person paged needs to start, without opening pagewatch. The raw run
 * (bodies, console) stays in pagewatch; only a bounded description of the failures is sent.
 */
import type { RequestExecution, RunResult, RunStatus } from '../../runner/run-result.js';
import { redactUrlCredentials } from './redact-url.js';
import { findFailingExecutions } from './run-summary.js';

/** One failed assertion as shown in the alert. */
export interface FailedAssertionDetail {
  name: string;
  error?: string;
}

/** One failing request as shown in the alert. */
export interface FailingRequestDetail {
  name: string;
  method: string;
  /** With credentials removed (see {@link redactUrlCredentials}). */
  url: string;
  /** Which iteration of the collection (0-based); the same request can fail in several. */
  iteration: number;
  status?: number;
  responseTimeMs?: number;
  failedAssertions: FailedAssertionDetail[];
  /** How many failed assertions were left out to fit the 512 KB limit. */
  omittedFailedAssertions?: number;
  error?: string;
}

/** The `custom_details` of a trigger built from a run. */
export interface RunCustomDetails {
  monitor: string;
  runStatus: RunStatus;
  startedAt: string;
  finishedAt: string;
  durationMs: number;
  requests: { total: number; failed: number };
  assertions: { total: number; failed: number };
  /** Run-level error (a script error outside any request, or why the run was aborted). */
  runError?: string;
  failingRequests: FailingRequestDetail[];
  /** How many failing requests were left out to fit the 512 KB limit. */
  omittedFailingRequests?: number;
  /** Set when the details were trimmed to fit the 512 KB limit, so readers know some text is missing. */
  note?: string;
}

/** Describes a run for `custom_details`, listing every failing request with its failed assertions. */
export function buildRunCustomDetails(monitorName: string, result: RunResult): RunCustomDetails {
  return {
    monitor: monitorName,
    runStatus: result.status,
    startedAt: result.startedAt,
    finishedAt: result.finishedAt,
    durationMs: result.durationMs,
    requests: { total: result.stats.requests.total, failed: result.stats.requests.failed },
    assertions: { total: result.stats.assertions.total, failed: result.stats.assertions.failed },
    ...(result.error !== undefined ? { runError: result.error } : {}),
    failingRequests: findFailingExecutions(result).map(describeFailingRequest),
  };
}

function describeFailingRequest(execution: RequestExecution): FailingRequestDetail {
  return {
    name: execution.name,
    method: execution.method,
    url: redactUrlCredentials(execution.url),
    iteration: execution.iteration,
    ...(execution.status !== undefined ? { status: execution.status } : {}),
    ...(execution.responseTimeMs !== undefined ? { responseTimeMs: execution.responseTimeMs } : {}),
    failedAssertions: execution.assertions
      .filter((assertion) => !assertion.passed)
      .map((assertion) => ({
        name: assertion.name,
        ...(assertion.error !== undefined ? { error: assertion.error } : {}),
      })),
    ...(execution.error !== undefined ? { error: execution.error } : {}),
  };
}
