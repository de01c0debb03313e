import { PagewatchError } from '../errors/pagewatch-error.js';
import { LOCAL_REGION, type Schedule } from '../monitors/monitor.js';
import { compileSchedule } from '../monitors/schedule.js';
import { systemClock, type Clock } from '../util/clock.js';
import { RecentKeys } from './recent-keys.js';
import {
  runJobKey,
  type RunHandler,
  type RunJob,
  type RunQueue,
  type RunQueueEvents,
  type RunQueueStats,
  type RunQueueStopResult,
} from './run-queue.js';
import { ScheduleTimeline, type ExhaustedSchedule } from './schedule-timeline.js';
import { systemTimers, type TimerFunctions } from './timers.js';

/**
 * The run queue of a single node: schedules in one min-heap behind one timer, a FIFO of due jobs, a concurrency
 * limit, and per-monitor exclusivity.
 *
 * - Overlap: when a monitor's slot comes due while its previous run is still running or queued, the slot is
 *   skipped and reported through `onOverlap` (the service records it as an `overlap` run). Manual and retry jobs
 *   are never skipped: they wait for the monitor's running run, while other monitors' jobs go ahead of them, so a
 *   slow monitor never blocks the others.
 * - No drift: a monitor's next slot comes from the slot grid (see `../monitors/schedule.ts`), not from when its
 *   run finished.
 * - Missed slots: slots that pass while the process is down are not replayed; a (re)start schedules the first slot
 *   after now. If the process was merely late (a blocked event loop, a suspended host), the oldest due slot fires
 *   once and the others are counted in `stats().missed`.
 * - Idempotency: a (monitorId, region, scheduledAt, attempt) is never handed to the handler twice while it is
 *   queued or running or among the last `recentKeyCapacity` handed off. The store's unique run key is the durable
 *   guard across processes.
 */
export interface InProcessRunQueueOptions extends RunQueueEvents {
  /** At most this many handlers run at once. Default 16. */
  concurrency?: number;
  /** The region of scheduled jobs. Default `local` ({@link LOCAL_REGION}). */
  region?: string;
  /** Source of `now()`. Default the system clock. */
  clock?: Clock;
  /** `setTimeout`/`clearTimeout`. Default the global ones. */
  timers?: TimerFunctions;
  /** How many handed-off job keys are remembered for idempotency. Default 20 000. */
  recentKeyCapacity?: number;
}

export const DEFAULT_RUN_CONCURRENCY = 16;
export const DEFAULT_STOP_TIMEOUT_MS = 30_000;
/** The timer never sleeps longer than this, so wall-clock jumps are noticed and long cron gaps fit in a timer. */
const MAX_TIMER_DELAY_MS = 60_000;

interface RunningJob {
  job: RunJob;
  controller: AbortController;
  done: Promise<void>;
}

export class InProcessRunQueue implements RunQueue {
  readonly #concurrency: number;
  readonly #region: string;
  readonly #clock: Clock;
  readonly #timers: TimerFunctions;
  readonly #events: RunQueueEvents;
  readonly #timeline = new ScheduleTimeline();
  readonly #recent: RecentKeys;
  /** Due jobs in arrival order. */
  #pending: RunJob[] = [];
  readonly #pendingKeys = new Set<string>();
  readonly #running = new Map<string, RunningJob>();
  readonly #runningMonitors = new Set<string>();
  /** Queued + running jobs per monitor: a slot due while this is > 0 is an overlap. */
  readonly #activePerMonitor = new Map<string, number>();
  #handler: RunHandler | undefined;
  #state: 'idle' | 'running' | 'stopped' = 'idle';
  #timer: unknown;
  #timerDueAt: number | undefined;
  #pumping = false;
  #pumpAgain = false;
  #overlaps = 0;
  #started = 0;
  #failed = 0;

  constructor(options: InProcessRunQueueOptions = {}) {
    const concurrency = options.concurrency ?? DEFAULT_RUN_CONCURRENCY;
    if (!Number.isInteger(concurrency) || concurrency < 1) {
      throw new PagewatchError(
        'PW_ERR_VALIDATION',
        `concurrency must be a positive integer, got ${concurrency}`,
      );
    }
    this.#concurrency = concurrency;
    this.#region = options.region ?? LOCAL_REGION;
    this.#clock = options.clock ?? systemClock;
    this.#timers = options.timers ?? systemTimers;
    this.#events = { onOverlap: options.onOverlap, onError: options.onError };
    this.#recent = new RecentKeys(options.recentKeyCapacity ?? 20_000);
  }

  async upsertSchedule(monitorId: string, schedule: Schedule): Promise<{ nextRunAt: string }> {
    const compiled = compileSchedule(schedule);
    const nextSlot = this.#timeline.upsert(monitorId, compiled, this.#clock.now());
    if (nextSlot === null) {
      throw new PagewatchError('PW_ERR_VALIDATION', 'Invalid schedule: it has no further occurrence', [
        { path: 'schedule.cron', message: 'has no occurrence after now' },
      ]);
    }
    this.#arm();
    return { nextRunAt: new Date(nextSlot).toISOString() };
  }

  async removeSchedule(monitorId: string): Promise<void> {
    this.#timeline.remove(monitorId);
    this.#dropPending((job) => job.monitorId === monitorId && job.trigger === 'schedule');
    this.#arm();
  }

  async enqueueRun(job: RunJob): Promise<{ accepted: boolean }> {
    const time = Date.parse(job.scheduledAt);
    if (Number.isNaN(time) || !Number.isInteger(job.attempt) || job.attempt < 0) {
      throw new PagewatchError('PW_ERR_VALIDATION', 'Invalid run job', [
        Number.isNaN(time)
          ? { path: 'scheduledAt', message: `"${job.scheduledAt}" is not an ISO time` }
          : { path: 'attempt', message: 'must be an integer ≥ 0' },
      ]);
    }
    const normalized: RunJob = { ...job, scheduledAt: new Date(time).toISOString() };
    if (this.#isKnown(runJobKey(normalized))) return { accepted: false };
    this.#enqueue(normalized);
    this.#pump();
    return { accepted: true };
  }

  onRun(handler: RunHandler): void {
    if (this.#handler) throw new PagewatchError('PW_ERR_INTERNAL', 'onRun() may be called once per queue');
    this.#handler = handler;
  }

  async start(): Promise<void> {
    if (!this.#handler) throw new PagewatchError('PW_ERR_INTERNAL', 'call onRun(handler) before start()');
    if (this.#state === 'running') return;
    this.#state = 'running';
    this.#reportExhausted(this.#timeline.skipPast(this.#clock.now()));
    this.#arm();
    this.#pump();
  }

  async stop(options: { timeoutMs?: number } = {}): Promise<RunQueueStopResult> {
    this.#state = 'stopped';
    this.#disarm();
    const dropped = this.#dropPending(() => true);
    const inFlight = [...this.#running.values()];
    if (inFlight.length === 0) return { dropped, unfinished: [] };
    let timeout: unknown;
    const timedOut = new Promise<void>((resolve) => {
      timeout = this.#timers.setTimeout(resolve, options.timeoutMs ?? DEFAULT_STOP_TIMEOUT_MS);
    });
    await Promise.race([Promise.all(inFlight.map((running) => running.done)), timedOut]);
    this.#timers.clearTimeout(timeout);
    const unfinished = [...this.#running.values()];
    for (const running of unfinished) running.controller.abort(new Error('run queue stopped'));
    return { dropped, unfinished: unfinished.map((running) => running.job) };
  }

  stats(): RunQueueStats {
    return {
      scheduled: this.#timeline.size,
      running: this.#running.size,
      queued: this.#pending.length,
      overlaps: this.#overlaps,
      missed: this.#timeline.missed,
      started: this.#started,
      failed: this.#failed,
    };
  }

  /** One timer for the earliest slot of all monitors. */
  #arm(): void {
    if (this.#state !== 'running') return;
    const dueAt = this.#timeline.nextDueAt();
    if (dueAt === undefined) return this.#disarm();
    if (this.#timer !== undefined && this.#timerDueAt === dueAt) return;
    this.#disarm();
    const delay = Math.min(Math.max(dueAt - this.#clock.now(), 0), MAX_TIMER_DELAY_MS);
    this.#timerDueAt = dueAt;
    this.#timer = this.#timers.setTimeout(() => this.#onTimer(), delay);
  }

  #disarm(): void {
    if (this.#timer !== undefined) this.#timers.clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#timerDueAt = undefined;
  }

  #onTimer(): void {
    this.#timer = undefined;
    this.#timerDueAt = undefined;
    if (this.#state !== 'running') return;
    const { due, exhausted } = this.#timeline.takeDue(this.#clock.now());
    for (const slot of due) {
      this.#fire({
        monitorId: slot.monitorId,
        region: this.#region,
        scheduledAt: new Date(slot.slotMs).toISOString(),
        trigger: 'schedule',
        attempt: 0,
      });
    }
    this.#reportExhausted(exhausted);
    this.#pump();
    this.#arm();
  }

  #fire(job: RunJob): void {
    if ((this.#activePerMonitor.get(job.monitorId) ?? 0) > 0) {
      this.#overlaps++;
      void this.#notifyOverlap(job);
      return;
    }
    if (!this.#isKnown(runJobKey(job))) this.#enqueue(job);
  }

  async #notifyOverlap(job: RunJob): Promise<void> {
    try {
      await this.#events.onOverlap?.(job);
    } catch (error) {
      this.#report(error, job);
    }
  }

  #isKnown(key: string): boolean {
    return this.#pendingKeys.has(key) || this.#running.has(key) || this.#recent.has(key);
  }

  #enqueue(job: RunJob): void {
    this.#pending.push(job);
    this.#pendingKeys.add(runJobKey(job));
    this.#activePerMonitor.set(job.monitorId, (this.#activePerMonitor.get(job.monitorId) ?? 0) + 1);
  }

  #dropPending(matches: (job: RunJob) => boolean): RunJob[] {
    const kept: RunJob[] = [];
    const dropped: RunJob[] = [];
    for (const job of this.#pending) (matches(job) ? dropped : kept).push(job);
    this.#pending = kept;
    for (const job of dropped) {
      this.#pendingKeys.delete(runJobKey(job));
      this.#release(job.monitorId);
    }
    return dropped;
  }

  #release(monitorId: string): void {
    const active = (this.#activePerMonitor.get(monitorId) ?? 1) - 1;
    if (active > 0) this.#activePerMonitor.set(monitorId, active);
    else this.#activePerMonitor.delete(monitorId);
  }

  /**
   * Starts queued jobs, oldest first, while there is capacity; skips jobs whose monitor is running. A handler may
   * enqueue (a retry) from its synchronous part, which calls back in here: that call only asks for another pass.
   */
  #pump(): void {
    if (this.#pumping) {
      this.#pumpAgain = true;
      return;
    }
    this.#pumping = true;
    try {
      do {
        this.#pumpAgain = false;
        this.#pumpOnce();
      } while (this.#pumpAgain);
    } finally {
      this.#pumping = false;
    }
  }

  #pumpOnce(): void {
    if (this.#state !== 'running' || !this.#handler) return;
    for (let index = 0; this.#running.size < this.#concurrency;) {
      const job = this.#pending[index];
      if (!job) break;
      if (this.#runningMonitors.has(job.monitorId)) {
        index++;
        continue;
      }
      this.#pending.splice(index, 1);
      this.#pendingKeys.delete(runJobKey(job));
      this.#execute(job, this.#handler);
    }
  }

  #execute(job: RunJob, handler: RunHandler): void {
    const key = runJobKey(job);
    const running: RunningJob = { job, controller: new AbortController(), done: Promise.resolve() };
    this.#running.set(key, running);
    this.#runningMonitors.add(job.monitorId);
    this.#recent.add(key);
    this.#started++;
    running.done = (async () => {
      try {
        await handler(job, { signal: running.controller.signal });
      } catch (error) {
        this.#failed++;
        this.#report(error, job);
      } finally {
        this.#running.delete(key);
        this.#runningMonitors.delete(job.monitorId);
        this.#release(job.monitorId);
        this.#pump();
      }
    })();
  }

  #reportExhausted(exhausted: ExhaustedSchedule[]): void {
    for (const { monitorId, afterMs } of exhausted) {
      const message = `Schedule of monitor ${monitorId} has no occurrence after ${new Date(afterMs).toISOString()}; it was removed`;
      this.#report(new PagewatchError('PW_ERR_INTERNAL', message), undefined);
    }
  }

  #report(error: unknown, job: RunJob | undefined): void {
    try {
      this.#events.onError?.(error, job);
    } catch {
      // An error handler that throws must not take the queue down with it.
    }
  }
}
