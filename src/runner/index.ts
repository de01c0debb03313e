export { runCollection } from './run-collection.js';
export { loadRunInput, type RunInput, type RunInputFiles } from './load-run-input.js';
export { RUN_OPTION_DEFAULTS, type RunOptions } from './run-options.js';
export type * from './run-result.js';
