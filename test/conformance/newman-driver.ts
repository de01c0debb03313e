import { join } from 'node:path';
import newman, { type NewmanExecution, type NewmanRunOptions, type NewmanRunSummary } from 'newman';
import { classifyRun } from '../../src/runner/classify-run.js';
import type { CorpusCase } from './corpus-discovery.js';
import type { NewmanRunConfig } from './run-config.js';
import type { RequestRecord, RunRecord } from './run-record.js';

/** What Newman's summary lacks: the items in the order they started (`beforeItem`), by cursor ref. */
export interface ItemStart {
  ref: string;
  name: string;
  /** The item's request method (the sent request's, if one was sent, wins). */
  method: string;
  iteration: number;
}

/** A summary execution with the cursor Newman stores on it (its .d.ts leaves that out). */
type ExecutionWithCursor = NewmanExecution & { cursor?: { ref?: string; iteration?: number } };

/** Newman's `beforeItem` event argument. */
interface BeforeItemEvent {
  cursor?: { ref?: string; iteration?: number };
  item?: { name?: string; request?: { method?: string } };
}

/**
 * Runs one corpus case through Newman, in process, the way Newman's own integration harness does (file paths,
 * the config's `run` merged in) but without `abortOnFailure`, so a failure is reported instead of ending the run.
 */
export function runWithNewman(
  corpusDir: string,
  corpusCase: CorpusCase,
  config: NewmanRunConfig,
  requestAgents: NewmanRunOptions['requestAgents'],
): Promise<RunRecord> {
  const path = (file: string | undefined): string | undefined => file && join(corpusDir, file);
  const options: NewmanRunOptions = {
    collection: path(corpusCase.collection),
    ...(corpusCase.environment ? { environment: path(corpusCase.environment) } : {}),
    ...(corpusCase.globals ? { globals: path(corpusCase.globals) } : {}),
    ...(corpusCase.data ? { iterationData: path(corpusCase.data) } : {}),
    ...config,
    reporters: [],
    requestAgents,
  };
  const starts: ItemStart[] = [];
  return new Promise((resolve) => {
    const emitter = newman.run(options, (error, summary) => {
      resolve(newmanSummaryToRecord(summary, starts, error ?? undefined));
    });
    emitter.on('beforeItem', (error: Error | null, event: BeforeItemEvent) => {
      if (error || !event.cursor?.ref) return;
      starts.push({
        ref: event.cursor.ref,
        name: event.item?.name ?? '',
        method: event.item?.request?.method ?? 'GET',
        iteration: event.cursor.iteration ?? 0,
      });
    });
  });
}

/**
 * Normalises Newman's run summary. Newman pushes an execution once per `request` event, and a request sent twice
 * (a digest-auth retry) pushes the same object twice; so executions are taken once per item, in `beforeItem`
 * order, and the request count is Newman's own `stats.requests.total`.
 */
export function newmanSummaryToRecord(
  summary: NewmanRunSummary | undefined,
  starts: readonly ItemStart[],
  runError?: Error,
): RunRecord {
  const byRef = new Map<string, ExecutionWithCursor>();
  for (const execution of (summary?.run.executions ?? []) as ExecutionWithCursor[]) {
    const ref = execution.cursor?.ref;
    if (ref && !byRef.has(ref)) byRef.set(ref, execution);
  }
  const requests = starts.map((start) => toRequestRecord(start, byRef.get(start.ref)));
  const error = runError?.message ?? summary?.run.error?.message;
  const failedAssertions = requests.flatMap((r) => r.assertions).filter((a) => !a.passed).length;
  return {
    status: classifyRun({
      aborted: false, // Newman has no run cap of its own besides `timeout`, which ends the run with an error
      runError: error,
      erroredExecutions: requests.filter((request) => request.error !== undefined).length,
      failedAssertions,
    }),
    requestCount: summary?.run.stats.requests?.total ?? 0,
    requests,
    ...(error !== undefined ? { runError: error } : {}),
  };
}

function toRequestRecord(start: ItemStart, execution: ExecutionWithCursor | undefined): RequestRecord {
  const errors = [
    ...(execution?.requestError ? [execution.requestError.message] : []),
    ...(execution?.prerequestScript ?? []).map((entry) => `pre-request script: ${entry.error?.message}`),
    ...(execution?.testScript ?? []).map((entry) => `test script: ${entry.error?.message}`),
  ];
  return {
    name: start.name,
    method: execution?.request?.method ?? start.method,
    ...(execution?.response ? { code: execution.response.code } : {}),
    iteration: start.iteration,
    assertions: (execution?.assertions ?? []).map((assertion) => ({
      name: assertion.assertion,
      passed: !assertion.error,
      ...(assertion.error ? { error: assertion.error.message } : {}),
    })),
    ...(errors.length ? { error: errors.join('; ') } : {}),
  };
}
