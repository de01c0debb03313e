import { readFileSync } from 'node:fs';
import type { RunOptions } from '../../src/runner/index.js';

/** The `run` object of a `<name>.postman_config.json`: Newman run options, merged into `newman.run(...)`. */
export type NewmanRunConfig = Record<string, unknown>;

/** Reads the `run` object of a config file ({} when it has none). */
export function readRunConfig(path: string): NewmanRunConfig {
  const json = JSON.parse(readFileSync(path, 'utf8').replace(/^\uFEFF/, '')) as { run?: unknown };
  const run = json.run ?? {};
  if (typeof run !== 'object' || run === null || Array.isArray(run)) {
    throw new Error(`${path}: "run" must be an object of Newman run options`);
  }
  return run as NewmanRunConfig;
}

const number = (option: string, value: unknown): number => {
  if (typeof value !== 'number' || !Number.isFinite(value)) throw new Error(`${option} must be a number`);
  return value;
};
const boolean = (option: string, value: unknown): boolean => {
  if (typeof value !== 'boolean') throw new Error(`${option} must be true or false`);
  return value;
};

/**
 * Newman run option → the pagewatch RunOptions it means. One line per option; an option that is not here fails
 * the collection's subtest (so a config dropped into the corpus with a new option is mapped, not ignored).
 */
const NEWMAN_OPTION_MAPPING: Record<string, (value: unknown) => RunOptions> = {
  timeout: (value) => ({ runTimeoutMs: number('timeout', value) }),
  timeoutRequest: (value) => ({ requestTimeoutMs: number('timeoutRequest', value) }),
  timeoutScript: (value) => ({ scriptTimeoutMs: number('timeoutScript', value) }),
  delayRequest: (value) => ({ delayRequestMs: number('delayRequest', value) }),
  ignoreRedirects: (value) => ({ followRedirects: !boolean('ignoreRedirects', value) }),
  insecure: (value) => ({ strictSSL: !boolean('insecure', value) }),
  iterationCount: (value) => ({ iterationCount: number('iterationCount', value) }),
};

/** The pagewatch RunOptions equivalent to Newman's run options; throws naming an option with no equivalent. */
export function toPagewatchRunOptions(config: NewmanRunConfig): RunOptions {
  let options: RunOptions = {};
  for (const [option, value] of Object.entries(config)) {
    const mapping = NEWMAN_OPTION_MAPPING[option];
    if (!mapping) {
      throw new Error(
        `Newman option "${option}" has no pagewatch RunOptions equivalent in test/conformance/run-config.ts`,
      );
    }
    options = { ...options, ...mapping(value) };
  }
  return options;
}

/** True when the config sets a run, request or script timeout (see `isTimingSensitive`). */
export function setsTimeouts(config: NewmanRunConfig): boolean {
  return ['timeout', 'timeoutRequest', 'timeoutScript'].some((option) => config[option] !== undefined);
}
