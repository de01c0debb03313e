/**
 * The one-line alert title for a run: it names the monitor and the first thing that went wrong, so the person
 * paged knows where to look before opening anything.
 */
import type { RequestExecution, RunResult } from '../../runner/run-result.js';
import { MAX_SUMMARY_CHARS } from './contract-limits.js';
import { collapseWhitespace, truncateWithEllipsis } from './truncate-text.js';

/** A request that failed: it could not complete, or at least one of its assertions failed. */
export function isFailingExecution(execution: RequestExecution): boolean {
  return execution.error !== undefined || execution.assertions.some((assertion) => !assertion.passed);
}

/** The requests of a run that failed, in run order. */
export function findFailingExecutions(result: RunResult): RequestExecution[] {
  return result.executions.filter(isFailingExecution);
}

/**
 * Describes a run in one line of at most 1024 characters, e.g.
 * `Checkout API failed: "Get cart" — "status is 200": expected 500 to equal 200`,
 * `Checkout API errored: "Get cart": connect ECONNREFUSED 127.0.0.1:9` or
 * `Checkout API aborted after 600000 ms (run time limit)`.
 */
export function buildRunSummary(monitorName: string, result: RunResult): string {
  return truncateWithEllipsis(collapseWhitespace(describeRun(monitorName, result)), MAX_SUMMARY_CHARS);
}

function describeRun(monitorName: string, result: RunResult): string {
  switch (result.status) {
    case 'success':
      return `${monitorName} passed`;
    case 'abort':
      return `${monitorName} aborted after ${result.durationMs} ms${result.error ? ` (${result.error})` : ''}`;
    case 'error':
      return `${monitorName} errored${describeFirstProblem(result, 'error')}`;
    case 'failure':
      return `${monitorName} failed${describeFirstProblem(result, 'assertion')}`;
  }
}

/**
 * `: "<request>" — "<assertion>": <message>` for the first failing request, plus how many other problems there
 * are. `prefer` picks what to show first when the run has both errored requests and failed assertions: the
 * one that explains the run's status.
 */
function describeFirstProblem(result: RunResult, prefer: 'error' | 'assertion'): string {
  const failing = findFailingExecutions(result);
  const problems = failing.flatMap(listProblems);
  if (problems.length === 0) return result.error ? `: ${result.error}` : '';
  const preferred = problems.find((problem) => problem.kind === prefer) ?? problems[0];
  const others = problems.length - 1;
  return `: ${preferred?.text ?? ''}${others > 0 ? ` (+${others} more)` : ''}`;
}

interface Problem {
  kind: 'error' | 'assertion';
  text: string;
}

function listProblems(execution: RequestExecution): Problem[] {
  const problems: Problem[] = [];
  if (execution.error !== undefined) {
    problems.push({ kind: 'error', text: `"${execution.name}": ${execution.error}` });
  }
  for (const assertion of execution.assertions) {
    if (assertion.passed) continue;
    const detail = assertion.error ? `: ${assertion.error}` : '';
    problems.push({ kind: 'assertion', text: `"${execution.name}" — "${assertion.name}"${detail}` });
  }
  return problems;
}
