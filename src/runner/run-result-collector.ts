import { format } from 'node:util';
import type { Item, Request, Response } from 'postman-collection';
import type { AssertionEvent, Cursor, ScriptExecutionResult } from 'postman-runtime';
import { classifyRun } from './classify-run.js';
import { findUnresolvedVariables } from './find-unresolved-variables.js';
import type { ConsoleLine, RequestExecution, RunResult } from './run-result.js';

/** What postman-sandbox reports when a script outlives the script timeout. */
const SANDBOX_TIMEOUT_MESSAGE = 'sandbox not responding';

/**
 * Turns postman-runtime's callbacks into a {@link RunResult}. Holds no I/O: the run shell feeds it events and
 * asks for the result at the end. Executions are keyed by the cursor's `ref`, which postman-runtime gives each
 * item execution (so requests, assertions and script errors land on the right request).
 */
export class RunResultCollector {
  private readonly executions: RequestExecution[] = [];
  private readonly byRef = new Map<string, RequestExecution>();
  private readonly erroredRefs = new Set<string>();
  private readonly consoleLines: ConsoleLine[] = [];
  private readonly warnings = new Set<string>();
  private readonly stats = { requests: { total: 0, failed: 0 }, assertions: { total: 0, failed: 0 } };
  private runError: string | undefined;
  private keptAssertions = 0;

  /**
   * `limits` bound the result's size whatever the collection does: executions, console lines and assertions kept
   * (stats count everything) and the length of every message.
   */
  constructor(
    private readonly limits: {
      maxExecutions: number;
      maxConsoleLines: number;
      maxAssertions?: number;
      maxMessageChars?: number;
    },
    private readonly startedAtMs: number,
  ) {}

  onBeforeItem(cursor: Cursor, item: Item): void {
    const execution: RequestExecution = {
      name: item.name ?? '',
      method: item.request?.method ?? 'GET',
      url: item.request?.url?.toString() ?? '',
      iteration: cursor.iteration,
      assertions: [],
    };
    this.byRef.set(cursor.ref, execution);
    if (this.executions.length < this.limits.maxExecutions) this.executions.push(execution);
  }

  onRequest(error: Error | null, cursor: Cursor, response: Response | undefined, request: Request): void {
    this.stats.requests.total += 1;
    const execution = this.executionFor(cursor);
    execution.method = request.method;
    execution.url = request.url.toString();
    if (response) {
      execution.status = response.code;
      execution.responseTimeMs = response.responseTime;
      execution.responseSize = response.size().body;
    }
    if (error) {
      this.stats.requests.failed += 1;
      this.markError(cursor, execution, error.message);
    }
    const headerValues = request.headers
      .all()
      .map((header: { value?: unknown }) => String(header.value ?? ''));
    for (const name of findUnresolvedVariables([execution.url, ...headerValues])) {
      this.warnings.add(
        `Variable {{${name}}} is not defined (environment, globals, collection or data); ` +
          `request "${execution.name}" sent it literally.`,
      );
    }
  }

  onScriptResults(
    cursor: Cursor,
    phase: 'pre-request' | 'test',
    results: readonly ScriptExecutionResult[],
  ): void {
    for (const result of results) {
      if (result.error) {
        const detail =
          result.error.message === SANDBOX_TIMEOUT_MESSAGE
            ? 'did not finish within the script timeout (is there an endless loop?)'
            : `${result.error.name ? `${result.error.name}: ` : ''}${result.error.message}`;
        const message = `${phase} script: ${detail}`;
        this.markError(cursor, this.executionFor(cursor), message);
      }
    }
  }

  onAssertions(cursor: Cursor, assertions: readonly AssertionEvent[]): void {
    const execution = this.executionFor(cursor);
    for (const assertion of assertions) {
      const passed = assertion.passed || assertion.skipped;
      this.stats.assertions.total += 1;
      if (!passed) this.stats.assertions.failed += 1;
      if (this.keptAssertions >= (this.limits.maxAssertions ?? Infinity)) continue;
      this.keptAssertions += 1;
      execution.assertions.push({
        name: this.bound(String(assertion.name)),
        passed,
        ...(passed ? {} : { error: this.bound(assertion.error?.message ?? 'assertion failed') }),
      });
    }
  }

  onConsole(level: string, messages: readonly unknown[]): void {
    if (this.consoleLines.length >= this.limits.maxConsoleLines) return;
    this.consoleLines.push({ level, message: this.bound(format(...messages)) });
  }

  /** An error outside any script or request (bad collection, runtime failure); first one wins. */
  onRunError(message: string): void {
    this.runError ??= this.bound(message);
  }

  warningList(): string[] {
    return [...this.warnings];
  }

  finish(input: { aborted: boolean; finishedAtMs: number }): RunResult {
    const status = classifyRun({
      aborted: input.aborted,
      runError: this.runError,
      erroredExecutions: this.erroredRefs.size,
      failedAssertions: this.stats.assertions.failed,
    });
    return {
      status,
      startedAt: new Date(this.startedAtMs).toISOString(),
      finishedAt: new Date(input.finishedAtMs).toISOString(),
      durationMs: input.finishedAtMs - this.startedAtMs,
      stats: structuredClone(this.stats),
      executions: this.executions,
      ...(this.runError !== undefined ? { error: this.runError } : {}),
      ...(this.consoleLines.length ? { console: this.consoleLines } : {}),
      ...(this.warnings.size ? { warnings: [...this.warnings] } : {}),
    };
  }

  private executionFor(cursor: Cursor): RequestExecution {
    let execution = this.byRef.get(cursor.ref);
    if (!execution) {
      // A callback for an item we did not see start (should not happen): keep the data rather than drop it.
      execution = { name: '', method: 'GET', url: '', iteration: cursor.iteration, assertions: [] };
      this.byRef.set(cursor.ref, execution);
      if (this.executions.length < this.limits.maxExecutions) this.executions.push(execution);
    }
    return execution;
  }

  private markError(cursor: Cursor, execution: RequestExecution, message: string): void {
    this.erroredRefs.add(cursor.ref);
    execution.error = this.bound(execution.error ? `${execution.error}; ${message}` : message);
  }

  /** Cuts a message to `maxMessageChars` (default 2 000), marking the cut with `…`. */
  private bound(message: string): string {
    const max = this.limits.maxMessageChars ?? 2_000;
    return message.length > max ? `${message.slice(0, max)}…` : message;
  }
}
