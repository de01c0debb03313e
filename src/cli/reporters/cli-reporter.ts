import Table from 'cli-table3';
import type { RequestExecution, RunResult } from '../../runner/run-result.js';
import { makeStyler } from './style.js';

/**
 * Formats a run like Newman's CLI reporter: each request with its status, size and time, its assertions as ✓ or
 * numbered ✗, a summary table of executed/failed counts, then the failures with their messages.
 */
export function formatCliReport(collectionName: string, result: RunResult, color: boolean): string {
  const style = makeStyler(color);
  const lines: string[] = ['', style('bold', collectionName), ''];
  const failures: { execution: RequestExecution; detail: string; kind: string }[] = [];
  let iteration = -1;
  for (const execution of result.executions) {
    if (execution.iteration !== iteration && hasSeveralIterations(result)) {
      iteration = execution.iteration;
      lines.push(style('gray', `Iteration ${iteration + 1}`));
    }
    lines.push(`→ ${execution.name}`);
    lines.push(`  ${execution.method} ${execution.url} ${style('gray', responseSummary(execution))}`);
    if (execution.error) {
      failures.push({ execution, kind: 'Error', detail: execution.error });
      lines.push(`  ${style('red', `${failures.length}. ${execution.error}`)}`);
    }
    for (const assertion of execution.assertions) {
      if (assertion.passed) {
        lines.push(`  ${style('green', '✓')}  ${style('gray', assertion.name)}`);
      } else {
        failures.push({
          execution,
          kind: 'AssertionError',
          detail: `${assertion.name}\n${assertion.error ?? ''}`,
        });
        lines.push(`  ${style('red', `${failures.length}. ${assertion.name}`)}`);
      }
    }
    lines.push('');
  }
  lines.push(summaryTable(result));
  if (result.error) lines.push('', style('red', `Run error: ${result.error}`));
  if (failures.length) {
    lines.push('', '  #  failure         detail', '');
    failures.forEach((failure, index) => {
      const [first, ...rest] = failure.detail.split('\n');
      lines.push(` ${String(index + 1).padStart(2)}.  ${failure.kind.padEnd(15)} ${first}`);
      for (const line of [...rest, `inside "${failure.execution.name}"`])
        lines.push(`${' '.repeat(22)}${line}`);
      lines.push('');
    });
  }
  lines.push(`status: ${statusText(result.status, style)}`, '');
  return lines.join('\n');
}

function hasSeveralIterations(result: RunResult): boolean {
  return result.executions.some((execution) => execution.iteration > 0);
}

function responseSummary(execution: RequestExecution): string {
  if (execution.status === undefined) return '[errored]';
  const parts = [String(execution.status)];
  if (execution.responseSize !== undefined) parts.push(formatBytes(execution.responseSize));
  if (execution.responseTimeMs !== undefined) parts.push(`${execution.responseTimeMs}ms`);
  return `[${parts.join(', ')}]`;
}

function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes}B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)}kB`;
  return `${(bytes / 1024 / 1024).toFixed(1)}MB`;
}

function summaryTable(result: RunResult): string {
  const iterations = new Set(result.executions.map((execution) => execution.iteration)).size;
  const table = new Table({
    head: ['', 'executed', 'failed'],
    colAligns: ['right', 'right', 'right'],
    style: { head: [], border: [] },
    // No rule between body rows, like Newman's summary table.
    chars: { mid: '', 'left-mid': '', 'mid-mid': '', 'right-mid': '' },
  });
  table.push(
    ['iterations', iterations, 0],
    ['requests', result.stats.requests.total, result.stats.requests.failed],
    ['assertions', result.stats.assertions.total, result.stats.assertions.failed],
    [{ colSpan: 3, hAlign: 'left', content: `total run duration: ${result.durationMs}ms` }],
  );
  return table.toString();
}

function statusText(status: RunResult['status'], style: ReturnType<typeof makeStyler>): string {
  return status === 'success' ? style('green', status) : style('red', status);
}
