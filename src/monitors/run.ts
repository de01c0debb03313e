import type { RunResult } from '../runner/run-result.js';

/** Why a run happened. */
export type RunTrigger = 'schedule' | 'manual' | 'retry';

/**
 * A run as stored and shown by the API: the runner's RunResult plus where it belongs. `queued`/`running` while in
 * progress; `overlap` when its slot was skipped because the previous run was still going.
 */
export type StoredRunStatus = RunResult['status'] | 'queued' | 'running' | 'overlap';

export interface StoredRun extends Omit<RunResult, 'status' | 'startedAt' | 'finishedAt' | 'durationMs'> {
  id: string;
  monitorId: string;
  region: string;
  trigger: RunTrigger;
  scheduledAt: string;
  attempt: number;
  status: StoredRunStatus;
  startedAt: string | null;
  finishedAt: string | null;
  durationMs: number | null;
}

/** A run in lists: everything but the per-request executions and console. */
export type RunSummary = Omit<StoredRun, 'executions' | 'console'>;
