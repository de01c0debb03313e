import type { Schedule } from '../monitors/monitor.js';
import type { RunTrigger } from '../monitors/run.js';

/**
 * The queue behind which scheduling and dispatch live (architecture: "Built for scale-out from the start"). One
 * interface, an in-process implementation for server mode and a BullMQ one for clusters later, both held to
 * `test/queue/run-queue-conformance.ts`.
 */

/** One run to execute: a monitor in a region for one slot. */
export interface RunJob {
  monitorId: string;
  region: string;
  /** ISO time the run was due (the slot for scheduled runs; the request time for manual ones). */
  scheduledAt: string;
  trigger: RunTrigger;
  /** 0 for the first attempt of a slot; retries count up. */
  attempt: number;
  /**
   * The id of a run the caller already recorded as `queued` (a manual run answers 202 with it). Absent on scheduled
   * jobs: their handler records the run. Not part of the idempotency key.
   */
  runId?: string;
}

/** What a handler gets besides the job. */
export interface RunContext {
  /** Aborted when the queue gives up waiting for the handler (`stop()` timed out): finish up quickly. */
  signal: AbortSignal;
}

/** The worker side: executes one run. Errors it throws are reported through `onError` and stop nothing. */
export type RunHandler = (job: RunJob, context: RunContext) => Promise<void>;

/** Callbacks every implementation calls; given to its constructor. */
export interface RunQueueEvents {
  /**
   * A scheduled slot was skipped because the monitor's previous run was still running or queued. The service
   * records it as a run with status `overlap`. Errors it throws go to `onError`. Default: ignore.
   */
  onOverlap?: (job: RunJob) => void | Promise<void>;
  /** A handler or callback threw, or a schedule could not be advanced. Default: ignore. */
  onError?: (error: unknown, job: RunJob | undefined) => void;
}

/** Counters for health checks and metrics. */
export interface RunQueueStats {
  /** Monitors with a schedule. */
  scheduled: number;
  /** Handlers running now. */
  running: number;
  /** Jobs waiting for a free slot (concurrency limit) or for their monitor's previous run. */
  queued: number;
  /** Scheduled slots skipped because the previous run was still running or queued (since start). */
  overlaps: number;
  /** Slots that passed while the process could not fire them (blocked event loop, suspended host), not replayed. */
  missed: number;
  /** Jobs handed to the handler (since start). */
  started: number;
  /** Handlers that threw (since start). */
  failed: number;
}

/** What `stop()` leaves behind, so the service can mark the runs it already recorded. */
export interface RunQueueStopResult {
  /** Jobs that were queued but never started; they are discarded. */
  dropped: RunJob[];
  /** Handlers still running when the timeout passed (they were sent an abort). */
  unfinished: RunJob[];
}

export interface RunQueue {
  /**
   * Creates or replaces a monitor's schedule. The next slot is the first one strictly after now; nothing missed is
   * replayed.
   *
   * @throws PagewatchError `PW_ERR_VALIDATION` when the schedule is invalid.
   */
  upsertSchedule(monitorId: string, schedule: Schedule): Promise<{ nextRunAt: string }>;
  /** Stops a monitor's scheduled runs (pause, delete). Its running run finishes; its queued scheduled jobs are dropped. */
  removeSchedule(monitorId: string): Promise<void>;
  /**
   * Queues a run now (manual run, retry). Runs as soon as a concurrency slot is free and the monitor's previous run
   * has finished (a monitor never runs twice at once). `accepted` is false when a job with the same
   * (monitorId, region, scheduledAt, attempt) is already queued, running or was recently handed off.
   */
  enqueueRun(job: RunJob): Promise<{ accepted: boolean }>;
  /** Sets the one handler that executes runs; call before `start()`. */
  onRun(handler: RunHandler): void;
  /** Starts firing schedules and dispatching jobs. */
  start(): Promise<void>;
  /**
   * Stops firing and dispatching, drops queued jobs and waits for running handlers, at most `timeoutMs`
   * (default 30 000), after which their signals are aborted and they are reported as unfinished.
   */
  stop(options?: { timeoutMs?: number }): Promise<RunQueueStopResult>;
  stats(): RunQueueStats;
}

/** The idempotency key of a run: the same key is never handed to a handler twice. */
export function runJobKey(job: RunJob): string {
  return `${job.monitorId}\u0000${job.region}\u0000${job.scheduledAt}\u0000${job.attempt}`;
}
