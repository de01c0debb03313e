export { ProcessRunnerPool } from './process-runner-pool.js';
export { PROCESS_POOL_DEFAULTS, type ProcessRunnerPoolOptions } from './process-runner-pool-options.js';
export { DEFAULT_WORKER_ENV_ALLOW, scrubEnvironment } from './worker-env.js';
