import { systemClock, type Clock } from '../util/clock.js';
import { KeepAliveAgents, type KeepAliveAgentsOptions, type RunAgents } from './keep-alive-agents.js';
import type { RunInput } from './load-run-input.js';
import { PooledSandboxHost } from './pooled-sandbox-host.js';
import { runCollection } from './run-collection.js';
import { RunLimiter } from './run-limiter.js';
import { RunResultCollector } from './run-result-collector.js';
import { RUN_OPTION_DEFAULTS, type RunOptions } from './run-options.js';
import type { RunResult } from './run-result.js';
import { SandboxPool, type SandboxPoolOptions } from './sandbox-pool.js';

/** Hands out the agents for a run by its `strictSSL` setting ({@link KeepAliveAgents} is one). */
export interface RunAgentSource {
  forRun(strictSSL: boolean): RunAgents;
  destroy(): void;
}

export interface PooledRunnerOptions {
  /** Runs executing at once in this process; more wait in arrival order. Default 16. */
  maxConcurrentRuns?: number;
  /** The shared script contexts (size, check timeout). Default: one per CPU core, at most 4. */
  sandbox?: SandboxPoolOptions;
  /** Tuning of the shared keep-alive agents. Default: 16 idle sockets per host, kept 15 s. */
  agents?: KeepAliveAgentsOptions;
  /**
   * The agents this runner's runs share instead (e.g. agents that enforce an egress policy); the runner destroys
   * them on close. A run's own `options.agents` still wins. Default: `new KeepAliveAgents(options.agents)`.
   */
  agentSource?: RunAgentSource;
  /** Clock for run timestamps. Default: the system clock. */
  clock?: Clock;
}

/** A long-lived collection runner; `close()` it when done so its worker threads and sockets go away. */
export interface PooledRunner {
  /** Same contract as `runCollection`: never rejects for anything the collection does. */
  run(input: RunInput, options?: RunOptions): Promise<RunResult>;
  /** Waits for nothing: runs still going finish with errors; disposes the contexts and closes idle sockets. */
  close(): Promise<void>;
  stats(): { running: number; waiting: number; contexts: number; replacedContexts: number };
}

/**
 * The fast runner: postman-runtime with its scripts in a few long-lived, guarded postman-sandbox contexts shared by
 * every run (see {@link SandboxPool} and {@link PooledSandboxHost}), keep-alive HTTP agents shared per process
 * (`options.agents` of a run still wins) and a per-process cap on concurrent runs.
 */
export function createPooledRunner(options: PooledRunnerOptions = {}): PooledRunner {
  const pool = new SandboxPool(options.sandbox);
  const agents = options.agentSource ?? new KeepAliveAgents(options.agents);
  const limiter = new RunLimiter(options.maxConcurrentRuns ?? 16);
  const clock = options.clock ?? systemClock;
  let closed = false;
  return {
    run(input, runOptions = {}) {
      return limiter.run(() => {
        if (closed) return Promise.resolve(closedResult(clock));
        const strictSSL = runOptions.strictSSL ?? RUN_OPTION_DEFAULTS.strictSSL;
        return runCollection(
          input,
          { ...runOptions, agents: runOptions.agents ?? agents.forRun(strictSSL) },
          clock,
          (handlers) =>
            new PooledSandboxHost(pool, handlers, {
              scriptTimeoutMs: runOptions.scriptTimeoutMs ?? RUN_OPTION_DEFAULTS.scriptTimeoutMs,
              runTimeoutMs: runOptions.runTimeoutMs ?? RUN_OPTION_DEFAULTS.runTimeoutMs,
            }),
        );
      });
    },
    async close() {
      closed = true;
      await pool.close();
      agents.destroy();
    },
    stats() {
      const { contexts, replaced } = pool.stats();
      return { ...limiter.stats(), contexts, replacedContexts: replaced };
    },
  };
}

function closedResult(clock: Clock): RunResult {
  const now = clock.now();
  const collector = new RunResultCollector({ maxExecutions: 0, maxConsoleLines: 0 }, now);
  collector.onRunError('run not started: the runner is closed (pagewatch is stopping)');
  return collector.finish({ aborted: false, finishedAtMs: now });
}
