import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { systemClock, type Clock } from '../../util/clock.js';
import { compileEgressPolicy } from '../egress/egress-policy.js';
import type { RunInput } from '../load-run-input.js';
import type { RunOptions } from '../run-options.js';
import type { RunResult } from '../run-result.js';
import {
  defaultSandboxSize,
  PROCESS_POOL_DEFAULTS,
  type ProcessRunnerPoolOptions,
} from './process-runner-pool-options.js';
import { RunnerProcess, type RunnerProcessSettings } from './runner-process.js';
import { prepareWorkerEntry } from './worker-entry-file.js';
import { scrubEnvironment } from './worker-env.js';
import { DEFAULT_RESTART_POLICY, lostRunResult, nextRestart, type RestartPolicy } from './worker-exit.js';
import { buildWorkerLaunch } from './worker-launch.js';

interface Waiting {
  input: RunInput;
  options: RunOptions;
  resolve: (result: RunResult) => void;
  enqueuedAtMs: number;
}

/** Where runner processes start: a directory with no data in it (they can read nothing there anyway). */
const RUNNER_CWD = dirname(fileURLToPath(import.meta.url));

/**
 * Collection runs in a pool of runner processes, each holding one pooled runner (see `worker-entry.ts`), started under
 * Node's permission model with a scrubbed environment, a heap and memory limit, and killed when a run overstays its
 * wall-clock limit. Same contract as the in-process runner: `run` never rejects; a run lost with its process is an
 * `error` result saying why. A dead process is replaced (with backoff if it keeps dying young); other processes,
 * their runs and the server are unaffected.
 */
export class ProcessRunnerPool {
  private readonly processes = new Set<RunnerProcess>();
  private readonly waiting: Waiting[] = [];
  private readonly restartTimers = new Set<NodeJS.Timeout>();
  private readonly clock: Clock;
  private readonly restart: RestartPolicy;
  private readonly size: number;
  private settings: Omit<RunnerProcessSettings, 'onReady' | 'onExit'> | undefined;
  private failedStarts = 0;
  private replaced = 0;
  private nextRunId = 1;
  private closed = false;
  private startError: string | undefined;
  private booting = false;

  /** Throws a RangeError naming every bad entry of `options.egress.policy`, before any process starts. */
  constructor(private readonly options: ProcessRunnerPoolOptions = {}) {
    compileEgressPolicy(options.egress?.policy);
    this.clock = options.clock ?? systemClock;
    this.restart = options.restart ?? DEFAULT_RESTART_POLICY;
    this.size = Math.max(1, Math.floor(options.processes ?? PROCESS_POOL_DEFAULTS.processes));
  }

  /**
   * Starts the runner processes if not yet started. Optional: the first `run` (or `whenReady`) starts them, so a
   * pool that is never used costs nothing.
   */
  start(): void {
    if (this.booting || this.closed) return;
    this.booting = true;
    void this.boot();
  }

  /** Runs a collection in the least busy runner process. Never rejects. */
  run(input: RunInput, options: RunOptions = {}): Promise<RunResult> {
    const now = this.clock.now();
    if (this.closed)
      return Promise.resolve(
        lostRunResult('run not started: the runner is closed (pagewatch is stopping)', now, now),
      );
    this.start();
    // The runner's code could not be prepared at all (boot() failed before any process): nothing will ever start.
    if (this.startError && !this.settings) return Promise.resolve(lostRunResult(this.startError, now, now));
    return new Promise((resolve) => {
      this.waiting.push({ input, options, resolve, enqueuedAtMs: now });
      this.dispatch();
    });
  }

  /** Kills every runner process; runs still going end as `error`, runs still waiting are not started. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (const timer of this.restartTimers) clearTimeout(timer);
    this.failWaiting('run not started: the runner is closed (pagewatch is stopping)');
    const exits = [...this.processes].map((runner) => {
      runner.kill({ kind: 'closing' });
      return runner.exitedPromise();
    });
    await Promise.all(exits);
  }

  /** For logs, metrics and tests: each process's pid and load, runs waiting for a process, processes replaced. */
  stats(): {
    processes: { pid: number | undefined; ready: boolean; busy: number }[];
    waiting: number;
    replaced: number;
  } {
    return {
      processes: [...this.processes].map((p) => ({ pid: p.pid, ready: p.isReady, busy: p.busy })),
      waiting: this.waiting.length,
      replaced: this.replaced,
    };
  }

  /** Resolves once `count` runner processes are ready (e.g. before a benchmark or the first schedule). */
  async whenReady(count = this.size, timeoutMs = 60_000): Promise<void> {
    this.start();
    const deadline = Date.now() + timeoutMs;
    while ([...this.processes].filter((p) => p.isReady).length < count) {
      if (this.closed || Date.now() > deadline)
        throw new Error(this.startError ?? 'runner processes not ready in time');
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  private async boot(): Promise<void> {
    const options = this.options;
    try {
      const { entry, readPaths } = await prepareWorkerEntry();
      const launch = buildWorkerLaunch({
        entry,
        readPaths,
        nodePath: process.execPath,
        heapMb: options.heapMb ?? PROCESS_POOL_DEFAULTS.heapMb,
        semiSpaceMb: options.semiSpaceMb ?? PROCESS_POOL_DEFAULTS.semiSpaceMb,
        memoryLimitMb: options.memoryLimitMb ?? PROCESS_POOL_DEFAULTS.memoryLimitMb,
        maxHeaderBytes: options.maxHeaderBytes ?? PROCESS_POOL_DEFAULTS.maxHeaderBytes,
        platform: process.platform,
      });
      this.settings = {
        launch,
        env: scrubEnvironment(options.env ?? process.env, options.envAllow),
        cwd: RUNNER_CWD,
        config: {
          maxConcurrentRuns:
            options.maxConcurrentRunsPerProcess ?? PROCESS_POOL_DEFAULTS.maxConcurrentRunsPerProcess,
          sandbox: { size: defaultSandboxSize(this.size), ...options.sandbox },
          egress: options.egress ?? {},
        },
        bootTimeoutMs: options.bootTimeoutMs ?? PROCESS_POOL_DEFAULTS.bootTimeoutMs,
        wallClockGraceMs: options.wallClockGraceMs ?? PROCESS_POOL_DEFAULTS.wallClockGraceMs,
        clock: this.clock,
      };
    } catch (error) {
      this.startError = `runner processes cannot start: ${(error as Error).message}`;
      this.failWaiting(this.startError);
      return;
    }
    for (let i = 0; i < this.size; i += 1) this.spawn();
  }

  private spawn(): void {
    if (this.closed || !this.settings) return;
    const runner = new RunnerProcess({
      ...this.settings,
      onReady: () => {
        this.startError = undefined;
        this.dispatch();
      },
      onExit: (dead, _exit, lost) => this.onProcessExit(dead, lost.reason, lost.runs),
    });
    this.processes.add(runner);
  }

  private onProcessExit(dead: RunnerProcess, reason: string, lostRuns: number): void {
    this.processes.delete(dead);
    if (this.closed) return;
    this.options.onWorkerExit?.({ pid: dead.pid, reason, lostRuns });
    const life = dead.life();
    const decision = nextRestart({ failedStarts: this.failedStarts }, life, this.restart);
    this.failedStarts = decision.failedStarts;
    if (!life.becameReady) {
      // Nothing else may ever start: runs waiting for a process get the reason instead of hanging.
      this.startError = `runner processes cannot start: ${reason}`;
      if (![...this.processes].some((p) => p.isReady)) this.failWaiting(this.startError);
    }
    this.replaced += 1;
    const timer = setTimeout(() => {
      this.restartTimers.delete(timer);
      this.spawn();
    }, decision.delayMs);
    this.restartTimers.add(timer);
  }

  private dispatch(): void {
    while (this.waiting.length) {
      const target = this.leastBusy();
      if (!target) return;
      const next = this.waiting.shift();
      if (!next) return;
      target.run(this.nextRunId++, next.input, next.options).then((result) => {
        next.resolve(result);
        this.dispatch();
      });
    }
  }

  /**
   * The ready process with the fewest runs, if one has room: a process is never sent more runs than it executes at
   * once, so a run's wall-clock limit never counts time spent queued behind others.
   */
  private leastBusy(): RunnerProcess | undefined {
    const limit =
      this.options.maxConcurrentRunsPerProcess ?? PROCESS_POOL_DEFAULTS.maxConcurrentRunsPerProcess;
    let best: RunnerProcess | undefined;
    for (const candidate of this.processes) {
      if (!candidate.isReady || candidate.busy >= limit) continue;
      if (!best || candidate.busy < best.busy) best = candidate;
    }
    return best;
  }

  private failWaiting(reason: string): void {
    const now = this.clock.now();
    for (const waiting of this.waiting.splice(0))
      waiting.resolve(lostRunResult(reason, waiting.enqueuedAtMs, now));
  }
}
