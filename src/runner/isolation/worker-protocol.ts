import type { EgressOptions } from '../egress/egress-options.js';
import type { RunInput } from '../load-run-input.js';
import type { RunOptions } from '../run-options.js';
import type { RunResult } from '../run-result.js';
import type { SandboxPoolOptions } from '../sandbox-pool.js';

/**
 * The messages between the server and a runner process (Node IPC, `serialization: 'advanced'`, so plain data only:
 * no functions, agents, sandbox contexts or AbortSignals cross it).
 */

/** The run options that can cross IPC: `signal` becomes a `cancel` message; agents and contexts are the worker's. */
export type WireRunOptions = Omit<RunOptions, 'signal' | 'agents' | 'sandboxContext'>;

/** How the worker sets up its one pooled runner. Sent once, first. */
export interface WorkerConfig {
  /** Runs executing at once in the worker. */
  maxConcurrentRuns: number;
  sandbox: SandboxPoolOptions;
  egress: EgressOptions;
}

export type ToWorker =
  | { type: 'init'; config: WorkerConfig }
  | { type: 'run'; id: number; input: RunInput; options: WireRunOptions }
  | { type: 'cancel'; id: number; reason: string };

export type FromWorker =
  | { type: 'ready'; pid: number }
  | { type: 'init-failed'; message: string }
  | { type: 'result'; id: number; result: RunResult };

/** The options of a run as sent to a worker: everything that is plain data. */
export function toWireOptions(options: RunOptions): WireRunOptions {
  const { signal: _signal, agents: _agents, sandboxContext: _context, ...wire } = options;
  return wire;
}

export function isFromWorker(message: unknown): message is FromWorker {
  if (typeof message !== 'object' || message === null) return false;
  const type = (message as { type?: unknown }).type;
  return type === 'ready' || type === 'init-failed' || type === 'result';
}

export function isToWorker(message: unknown): message is ToWorker {
  if (typeof message !== 'object' || message === null) return false;
  const type = (message as { type?: unknown }).type;
  return type === 'init' || type === 'run' || type === 'cancel';
}
