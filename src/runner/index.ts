export { runCollection } from './run-collection.js';
export {
  createPooledRunner,
  type PooledRunner,
  type PooledRunnerOptions,
  type RunAgentSource,
} from './pooled-runner.js';
export { KeepAliveAgents, type KeepAliveAgentsOptions, type RunAgents } from './keep-alive-agents.js';
export type { SandboxPoolOptions } from './sandbox-pool.js';
export { loadRunInput, type RunInput, type RunInputFiles } from './load-run-input.js';
export { RUN_OPTION_DEFAULTS, type RunOptions } from './run-options.js';
export type * from './run-result.js';
