import { RunResultCollector } from '../run-result-collector.js';
import type { RunResult } from '../run-result.js';

/** Why the pool itself ended a runner process, if it did. */
export type KillCause =
  { kind: 'wall-clock'; runId: number; limitMs: number } | { kind: 'closing' } | { kind: 'boot-timeout' };

/** How a runner process ended, as seen by the pool. */
export interface WorkerExit {
  pid: number | undefined;
  code: number | null;
  signal: NodeJS.Signals | null;
  /** Set when the pool killed it. */
  killedBy?: KillCause;
  /** The last lines it wrote to stderr (V8 prints "heap out of memory" there before it aborts). */
  stderrTail: string;
}

/** What V8 and Node print when a process runs out of memory. */
const OUT_OF_MEMORY = /heap out of memory|Reached heap limit|Allocation failed|out of memory|ENOMEM/i;

/**
 * The error each in-flight run of a dead runner process is recorded with: the run the wall-clock limit fired for is
 * "killed after its wall-clock limit"; otherwise out of memory, crashed (exit code) or killed (signal) — saying
 * which process and, for runs that only shared it, that another run caused it. Pure.
 */
export function describeWorkerExit(exit: WorkerExit, runId: number): string {
  const name = `runner process${exit.pid === undefined ? '' : ` ${exit.pid}`}`;
  const killed = exit.killedBy;
  if (killed?.kind === 'wall-clock') {
    return killed.runId === runId
      ? `${name} killed: the run exceeded its wall-clock limit of ${killed.limitMs} ms`
      : `${name} killed: another run in the same process exceeded its wall-clock limit`;
  }
  if (killed?.kind === 'closing') return `${name} stopped: pagewatch is stopping`;
  if (killed?.kind === 'boot-timeout') return `${name} killed: it did not start in time`;
  if (exit.pid === undefined)
    return `${name} could not be started: ${lastLine(exit.stderrTail) || 'no reason given'}`;
  if (OUT_OF_MEMORY.test(exit.stderrTail)) return `${name} ran out of memory and was stopped`;
  if (exit.signal) return `${name} killed by ${exit.signal}`;
  return `${name} crashed (exit code ${exit.code ?? 'unknown'})`;
}

function lastLine(text: string): string {
  return text.trim().split('\n').at(-1)?.trim() ?? '';
}

/** A run that a dead runner process took with it: status `error` with the reason. Pure. */
export function lostRunResult(reason: string, startedAtMs: number, finishedAtMs: number): RunResult {
  const collector = new RunResultCollector({ maxExecutions: 0, maxConsoleLines: 0 }, startedAtMs);
  collector.onRunError(reason);
  return collector.finish({ aborted: false, finishedAtMs });
}

/** Replacement policy for runner processes that die. */
export interface RestartPolicy {
  /** A process that dies before it is ready or within this many ms of starting counts as a failed start. */
  minHealthyMs: number;
  /** First delay after a failed start; doubles with each consecutive one. */
  baseDelayMs: number;
  /** Longest delay between restarts. */
  maxDelayMs: number;
}

export const DEFAULT_RESTART_POLICY: RestartPolicy = {
  minHealthyMs: 10_000,
  baseDelayMs: 250,
  maxDelayMs: 30_000,
};

/**
 * When to start the replacement of a dead runner process. One that served runs, or that the pool killed itself, is
 * replaced at once (one bad script should not delay the next monitor). One that never got ready, or died young
 * without finishing a run, is a failed start: consecutive failed starts back off exponentially up to the cap, so a
 * runner that cannot boot (bad flags, missing files) or a script that kills every fresh runner never spins. Pure.
 */
export function nextRestart(
  state: { failedStarts: number },
  death: { becameReady: boolean; livedMs: number; completedRuns: number; killedByPool: boolean },
  policy: RestartPolicy = DEFAULT_RESTART_POLICY,
): { delayMs: number; failedStarts: number } {
  const failedStart =
    !death.becameReady ||
    (!death.killedByPool && death.completedRuns === 0 && death.livedMs < policy.minHealthyMs);
  if (!failedStart) return { delayMs: 0, failedStarts: 0 };
  const failedStarts = state.failedStarts + 1;
  const delayMs = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (failedStarts - 1));
  return { delayMs, failedStarts };
}
