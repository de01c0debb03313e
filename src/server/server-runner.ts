import type { Logger } from 'pino';
import { EgressAgents } from '../runner/egress/egress-agents.js';
import type { EgressOptions } from '../runner/egress/egress-options.js';
import {
  createPooledRunner,
  RUN_OPTION_DEFAULTS,
  type RunInput,
  type RunOptions,
  type RunResult,
} from '../runner/index.js';
import { PROCESS_POOL_DEFAULTS, ProcessRunnerPool } from '../runner/isolation/index.js';
import type { Clock } from '../util/clock.js';

/** The server's collection runner: isolated in runner processes, or in this process. */
export interface ServerRunner {
  /** Starts the runner processes now rather than at the first run (the server calls it once it will run monitors). */
  start(): void;
  run(input: RunInput, options: RunOptions): Promise<RunResult>;
  close(): Promise<void>;
}

export interface ServerRunnerOptions {
  /** Runner processes (docs/isolation.md); 0 = run in this process. Default: CPU cores, at least 2, at most 4. */
  runnerProcesses?: number;
  /** Runs at once per process. */
  concurrency: number;
  /** Script contexts in all; split between runner processes. Default: the runner's default. */
  sandboxes?: number;
  /** Egress policy and response cap, in either mode. Default: everything allowed, 50 MiB. */
  egress?: EgressOptions;
  clock: Clock;
  logger: Logger;
}

/**
 * Builds the runner `pagewatch serve` uses. By default collection scripts run in isolated runner processes (a
 * script escape lands in a process without secrets, files or children); `runnerProcesses: 0` keeps the fast
 * in-process runner, for a single-user install that trusts its collections. The egress policy applies in both.
 */
export function createServerRunner(options: ServerRunnerOptions): ServerRunner {
  const processes = options.runnerProcesses ?? PROCESS_POOL_DEFAULTS.processes;
  if (processes > 0) {
    const pool = new ProcessRunnerPool({
      processes,
      maxConcurrentRunsPerProcess: options.concurrency,
      ...(options.sandboxes
        ? { sandbox: { size: Math.max(1, Math.ceil(options.sandboxes / processes)) } }
        : {}),
      ...(options.egress ? { egress: options.egress } : {}),
      clock: options.clock,
      onWorkerExit: (event) => options.logger.warn(event, 'runner process ended; replacing it'),
    });
    return {
      start: () => pool.start(),
      run: (input, runOptions) => pool.run(input, runOptions),
      close: () => pool.close(),
    };
  }
  const agents = new EgressAgents(options.egress);
  const runner = createPooledRunner({
    maxConcurrentRuns: options.concurrency,
    ...(options.sandboxes ? { sandbox: { size: options.sandboxes } } : {}),
    clock: options.clock,
  });
  return {
    // Contexts boot on the first run.
    start: () => undefined,
    run: (input, runOptions) =>
      runner.run(input, {
        ...runOptions,
        agents: agents.forRun(runOptions.strictSSL ?? RUN_OPTION_DEFAULTS.strictSSL),
      }),
    close: async () => {
      await runner.close();
      agents.destroy();
    },
  };
}
