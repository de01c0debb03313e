import { availableParallelism } from 'node:os';
import type { EgressOptions } from '../egress/egress-options.js';
import type { SandboxPoolOptions } from '../sandbox-pool.js';
import type { Clock } from '../../util/clock.js';
import type { RestartPolicy } from './worker-exit.js';

/** How {@link ProcessRunnerPool} isolates collection runs. Every option has a default. */
export interface ProcessRunnerPoolOptions {
  /** Runner processes kept running; runs go to the least busy one. Default: the number of CPU cores, at least 2, at most 4. */
  processes?: number;
  /** Runs executing at once in one runner process; more wait in the pool for a process with room. Default 16. */
  maxConcurrentRunsPerProcess?: number;
  /**
   * Script contexts (uvm worker threads, ≈ 48 MB each) per runner process. Default: as many in all as the in-process
   * runner would have (CPU cores, at most 4), split between the processes, at least 1 each.
   */
  sandbox?: SandboxPoolOptions;
  /** V8 heap limit of each isolate of a runner process (its main thread and each sandbox thread), in MiB. Default 512. */
  heapMb?: number;
  /**
   * V8 young-generation semi-space of each isolate of a runner process, in MiB (Node's own default is 16). A run
   * makes many short-lived objects; smaller semi-spaces keep a runner process's resident memory ≈ 70 MB lower (three
   * isolates: the main thread and two sandbox threads) at no measurable cost in throughput. Default 4.
   */
  semiSpaceMb?: number;
  /**
   * Memory cap of a whole runner process (RLIMIT_DATA: heaps, ArrayBuffers, native allocations), in MiB; 0 = none.
   * Applied through `/bin/sh -c 'ulimit -d …'` (not on Windows). Default 2 048.
   */
  memoryLimitMb?: number;
  /**
   * How long past a run's own `runTimeoutMs` the pool waits for its result before it kills the runner process (every
   * run in it then ends as `error`). The run's own cap normally ends it first, as `abort`. Default 15 000.
   */
  wallClockGraceMs?: number;
  /** Node's `--max-http-header-size` in the runner (requests that set no `maxHeaderSize` of their own). Default 16 384. */
  maxHeaderBytes?: number;
  /** How long a runner process may take to start and report ready, in ms. Default 30 000. */
  bootTimeoutMs?: number;
  /**
   * Environment variables passed to runner processes, by name. Names of secrets (PAGEWATCH_*, DATABASE_URL,
   * REDIS_URL, NODE_OPTIONS, *TOKEN*, *SECRET*, *PASSWORD*, *KEY*…) are never passed, even if listed.
   * Default: PATH, TZ, LANG, LC_ALL, LC_CTYPE, TMPDIR, NODE_EXTRA_CA_CERTS.
   */
  envAllow?: string[];
  /** The server's environment the allow-list picks from. Default `process.env`. */
  env?: Readonly<Record<string, string | undefined>>;
  /** Egress policy and response cap of every monitor request. Default: everything allowed, 50 MiB responses. */
  egress?: EgressOptions;
  /** Replacement of dead runner processes. Default: at once after a healthy life; 250 ms doubling to 30 s after failed starts. */
  restart?: RestartPolicy;
  /** Told about every runner process that ended unexpectedly (for logs and metrics). Default: nothing. */
  onWorkerExit?: (event: { pid: number | undefined; reason: string; lostRuns: number }) => void;
  /** Clock for the results of lost runs. Default: the system clock. */
  clock?: Clock;
}

export const PROCESS_POOL_DEFAULTS = {
  processes: Math.max(2, Math.min(4, availableParallelism())),
  maxConcurrentRunsPerProcess: 16,
  heapMb: 512,
  semiSpaceMb: 4,
  memoryLimitMb: 2_048,
  wallClockGraceMs: 15_000,
  maxHeaderBytes: 16_384,
  bootTimeoutMs: 30_000,
} as const;

/** The default contexts per runner process: the in-process runner's total (cores, at most 4) split between them. */
export function defaultSandboxSize(processes: number): number {
  return Math.max(1, Math.ceil(Math.min(4, availableParallelism()) / processes));
}
