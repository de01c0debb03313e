import { fork, type ChildProcess } from 'node:child_process';
import type { Clock } from '../../util/clock.js';
import type { RunInput } from '../load-run-input.js';
import { RUN_OPTION_DEFAULTS, type RunOptions } from '../run-options.js';
import type { RunResult } from '../run-result.js';
import { describeWorkerExit, lostRunResult, type KillCause, type WorkerExit } from './worker-exit.js';
import type { WorkerLaunch } from './worker-launch.js';
import { isFromWorker, toWireOptions, type ToWorker, type WorkerConfig } from './worker-protocol.js';

interface InFlight {
  resolve: (result: RunResult) => void;
  startedAtMs: number;
  timer: NodeJS.Timeout;
  detach: () => void;
}

export interface RunnerProcessSettings {
  launch: WorkerLaunch;
  env: Record<string, string>;
  cwd: string;
  config: WorkerConfig;
  bootTimeoutMs: number;
  wallClockGraceMs: number;
  clock: Clock;
  onReady: (process: RunnerProcess) => void;
  onExit: (process: RunnerProcess, exit: WorkerExit, lost: { reason: string; runs: number }) => void;
}

const STDERR_TAIL_CHARS = 4_096;

/**
 * One runner process, from the server's side: starts it, sends it runs, enforces the wall-clock limit of each
 * (by killing the process: a run that does not end cannot be trusted to end when asked), and turns its death into
 * an `error` result for every run it held.
 */
export class RunnerProcess {
  readonly startedAtMs: number;
  private readonly child: ChildProcess;
  private readonly inFlight = new Map<number, InFlight>();
  private readonly bootTimer: NodeJS.Timeout;
  private ready = false;
  private exited = false;
  private completed = 0;
  private killedBy: KillCause | undefined;
  private stderrTail = '';

  constructor(private readonly settings: RunnerProcessSettings) {
    this.startedAtMs = settings.clock.now();
    const { launch } = settings;
    this.child = fork(launch.modulePath, [], {
      execPath: launch.execPath,
      execArgv: launch.execArgv,
      env: settings.env,
      cwd: settings.cwd,
      serialization: 'advanced',
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
    });
    this.child.stderr?.setEncoding('utf8');
    this.child.stderr?.on('data', (chunk: string) => {
      this.stderrTail = (this.stderrTail + chunk).slice(-STDERR_TAIL_CHARS);
    });
    this.child.on('message', (message) => this.onMessage(message));
    this.child.on('error', (error) => {
      this.stderrTail += `\n${error.message}`;
      // A process that could not be spawned emits no 'exit'.
      if (this.child.pid === undefined) this.onExit(null, null);
    });
    this.child.on('exit', (code, signal) => this.onExit(code, signal));
    this.bootTimer = setTimeout(() => this.kill({ kind: 'boot-timeout' }), settings.bootTimeoutMs);
    this.send({ type: 'init', config: settings.config });
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  get isReady(): boolean {
    return this.ready && !this.exited;
  }

  /** Runs in this process now. */
  get busy(): number {
    return this.inFlight.size;
  }

  /** Sends a run; resolves with its result, or with an `error` result if the process dies first. */
  run(id: number, input: RunInput, options: RunOptions): Promise<RunResult> {
    return new Promise((resolve) => {
      const limitMs =
        (options.runTimeoutMs ?? RUN_OPTION_DEFAULTS.runTimeoutMs) + this.settings.wallClockGraceMs;
      const timer = setTimeout(() => this.kill({ kind: 'wall-clock', runId: id, limitMs }), limitMs);
      // An AbortSignal cannot cross IPC: its abort becomes a cancel message; the run then ends as `abort`.
      const signal = options.signal;
      const onAbort = (): void =>
        this.send({ type: 'cancel', id, reason: String(signal?.reason ?? 'cancelled') });
      signal?.addEventListener('abort', onAbort, { once: true });
      const detach = (): void => signal?.removeEventListener('abort', onAbort);
      this.inFlight.set(id, { resolve, startedAtMs: this.settings.clock.now(), timer, detach });
      this.send({ type: 'run', id, input, options: toWireOptions(options) });
      if (signal?.aborted) onAbort();
    });
  }

  /** Ends the process now (SIGKILL); its runs end as `error` with the cause. */
  kill(cause: KillCause): void {
    if (this.exited) return;
    this.killedBy ??= cause;
    this.child.kill('SIGKILL');
  }

  /** Resolves once the process has exited. */
  exitedPromise(): Promise<void> {
    if (this.exited) return Promise.resolve();
    return new Promise((resolve) => this.child.once('exit', () => resolve()));
  }

  private send(message: ToWorker): void {
    if (!this.child.connected) return;
    this.child.send(message, (error) => {
      // The process is going away; its 'exit' settles the runs.
      if (error) this.stderrTail += `\nIPC: ${error.message}`;
    });
  }

  private onMessage(message: unknown): void {
    if (!isFromWorker(message)) return;
    if (message.type === 'ready') {
      clearTimeout(this.bootTimer);
      this.ready = true;
      this.settings.onReady(this);
    } else if (message.type === 'init-failed') {
      this.stderrTail += `\n${message.message}`;
    } else {
      const entry = this.inFlight.get(message.id);
      if (!entry) return;
      this.settle(message.id, entry);
      this.completed += 1;
      entry.resolve(message.result);
    }
  }

  private onExit(code: number | null, signal: NodeJS.Signals | null): void {
    if (this.exited) return;
    this.exited = true;
    clearTimeout(this.bootTimer);
    const exit: WorkerExit = {
      pid: this.child.pid,
      code,
      signal,
      stderrTail: this.stderrTail,
      ...(this.killedBy ? { killedBy: this.killedBy } : {}),
    };
    const runs = this.inFlight.size;
    const now = this.settings.clock.now();
    for (const [id, entry] of [...this.inFlight]) {
      this.settle(id, entry);
      entry.resolve(lostRunResult(describeWorkerExit(exit, id), entry.startedAtMs, now));
    }
    this.settings.onExit(this, exit, { reason: describeWorkerExit(exit, -1), runs });
  }

  private settle(id: number, entry: InFlight): void {
    clearTimeout(entry.timer);
    entry.detach();
    this.inFlight.delete(id);
  }

  /** What the restart policy needs to know about this process's life. */
  life(): { becameReady: boolean; livedMs: number; completedRuns: number; killedByPool: boolean } {
    return {
      becameReady: this.ready,
      livedMs: this.settings.clock.now() - this.startedAtMs,
      completedRuns: this.completed,
      killedByPool: this.killedBy !== undefined && this.killedBy.kind !== 'boot-timeout',
    };
  }
}
