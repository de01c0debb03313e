import sdk from 'postman-collection';
import runtime from 'postman-runtime';
import type { RunOptions as RuntimeOptions } from 'postman-runtime';
import { systemClock, type Clock } from '../util/clock.js';
import type { RunInput } from './load-run-input.js';
import { RUN_OPTION_DEFAULTS, type RunOptions } from './run-options.js';
import { RunResultCollector } from './run-result-collector.js';
import type { RunResult } from './run-result.js';

/**
 * Runs a collection with postman-runtime and resolves with its {@link RunResult}. Never rejects for anything the
 * collection does (script errors, network errors, timeouts are part of the result); the whole run is capped by
 * `runTimeoutMs`, after which it is stopped and reported as `abort`.
 */
export function runCollection(
  input: RunInput,
  options: RunOptions = {},
  clock: Clock = systemClock,
): Promise<RunResult> {
  const settings = { ...RUN_OPTION_DEFAULTS, ...stripUndefined(options) };
  const collector = new RunResultCollector(
    { maxExecutions: settings.maxExecutions, maxConsoleLines: settings.maxConsoleLines },
    clock.now(),
  );
  return new Promise((resolve) => {
    let aborted = false;
    let settled = false;
    let capTimer: NodeJS.Timeout | undefined;
    const finish = (): void => {
      if (settled) return;
      settled = true;
      clearTimeout(capTimer);
      resolve(collector.finish({ aborted, finishedAtMs: clock.now() }));
    };

    let collection: sdk.Collection;
    try {
      collection = new sdk.Collection(input.collection as ConstructorParameters<typeof sdk.Collection>[0]);
    } catch (error) {
      collector.onRunError(`collection could not be loaded: ${(error as Error).message}`);
      return finish();
    }

    new runtime.Runner().run(collection, buildRuntimeOptions(input, settings), (error, run) => {
      if (error) {
        collector.onRunError(error.message);
        return finish();
      }
      const stop = (reason: string): void => {
        if (aborted) return;
        aborted = true;
        collector.onRunError(reason);
        run.abort();
        // postman-runtime finishes an aborted run once the current request or script returns; do not wait on a
        // request that may never answer.
        setTimeout(finish, 1_000).unref();
      };
      capTimer = setTimeout(
        () => stop(`run stopped after ${settings.runTimeoutMs} ms (run time limit)`),
        settings.runTimeoutMs,
      );
      if (options.signal?.aborted) stop('run cancelled before it started');
      options.signal?.addEventListener('abort', () => stop('run cancelled: pagewatch is stopping'), {
        once: true,
      });
      capTimer.unref();
      run.start({
        beforeItem: (_err, cursor, item) => collector.onBeforeItem(cursor, item),
        prerequest: (_err, cursor, results) => collector.onScriptResults(cursor, 'pre-request', results),
        request: (err, cursor, response, request) => collector.onRequest(err, cursor, response, request),
        test: (_err, cursor, results) => collector.onScriptResults(cursor, 'test', results),
        assertion: (cursor, assertions) => collector.onAssertions(cursor, assertions),
        console: (_cursor, level, ...messages) => collector.onConsole(level, messages),
        exception: (cursor, err) => {
          // Script exceptions also arrive in the prerequest/test results, tied to their request; only errors with
          // no request to belong to are run-level.
          if (!cursor?.ref) collector.onRunError(err.message);
        },
        done: (err) => {
          if (err && !aborted) collector.onRunError(err.message);
          finish();
        },
      });
    });
  });
}

type Settings = typeof RUN_OPTION_DEFAULTS & RunOptions;

function buildRuntimeOptions(input: RunInput, settings: Settings): RuntimeOptions {
  const requester: Record<string, unknown> = {
    followRedirects: settings.followRedirects,
    strictSSL: settings.strictSSL,
    cookieJar: undefined,
  };
  if (settings.hostIpMap) {
    requester.network = { hostLookup: { type: 'hostIpMap', hostIpMap: settings.hostIpMap } };
  }
  if (settings.agents) requester.agents = settings.agents;
  return {
    environment: new sdk.VariableScope(input.environment ?? { values: [] }),
    globals: new sdk.VariableScope(input.globals ?? { values: [] }),
    ...(input.iterationData ? { data: input.iterationData } : {}),
    ...(settings.iterationCount ? { iterationCount: settings.iterationCount } : {}),
    timeout: { request: settings.requestTimeoutMs, script: settings.scriptTimeoutMs },
    delay: { item: settings.delayRequestMs },
    requester,
    ...(settings.sandboxContext ? { host: { external: true, instance: settings.sandboxContext } } : {}),
  };
}

function stripUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
