import { EgressAgents } from '../egress/egress-agents.js';
import { createPooledRunner, type PooledRunner } from '../pooled-runner.js';
import { RUN_OPTION_DEFAULTS } from '../run-options.js';
import { isToWorker, type FromWorker, type ToWorker, type WorkerConfig } from './worker-protocol.js';

/**
 * A runner process: started by {@link ProcessRunnerPool} under Node's permission model with a scrubbed environment,
 * it holds one pooled runner (postman-runtime + shared postman-sandbox contexts) and answers run requests over IPC.
 * It exits when the server disconnects (the server stopped or died), so no runner outlives its server.
 */
let runner: PooledRunner | undefined;
let agents: EgressAgents | undefined;
const cancels = new Map<number, AbortController>();

function send(message: FromWorker): void {
  // The channel may be gone (the server died): nothing to tell then.
  if (process.connected) process.send?.(message);
}

function init(config: WorkerConfig): void {
  try {
    agents = new EgressAgents(config.egress);
    runner = createPooledRunner({ maxConcurrentRuns: config.maxConcurrentRuns, sandbox: config.sandbox });
    send({ type: 'ready', pid: process.pid });
  } catch (error) {
    send({ type: 'init-failed', message: (error as Error).message });
    process.exitCode = 1;
    process.disconnect();
  }
}

function run(message: Extract<ToWorker, { type: 'run' }>): void {
  if (!runner || !agents) return;
  const controller = new AbortController();
  cancels.set(message.id, controller);
  const strictSSL = message.options.strictSSL ?? RUN_OPTION_DEFAULTS.strictSSL;
  runner
    .run(message.input, { ...message.options, agents: agents.forRun(strictSSL), signal: controller.signal })
    .then((result) => send({ type: 'result', id: message.id, result }))
    .finally(() => cancels.delete(message.id));
}

process.on('message', (message: unknown) => {
  if (!isToWorker(message)) return;
  if (message.type === 'init') init(message.config);
  else if (message.type === 'run') run(message);
  else cancels.get(message.id)?.abort(new Error(message.reason));
});

process.on('disconnect', () => {
  for (const controller of cancels.values()) controller.abort(new Error('runner process stopping'));
  agents?.destroy();
  void (runner?.close() ?? Promise.resolve()).finally(() => process.exit(process.exitCode ?? 0));
  // The sandbox's worker threads may not all stop at once; the server is gone, do not linger.
  setTimeout(() => process.exit(process.exitCode ?? 0), 2_000).unref();
});
