import sdk from 'postman-collection';
import runtime from 'postman-runtime';
import type { AssertionEvent, Cursor, RunOptions as RuntimeOptions } from 'postman-runtime';
import { systemClock, type Clock } from '../util/clock.js';
import type { RunInput } from './load-run-input.js';
import type { HostEventHandlers } from './pooled-sandbox-host.js';
import { RUN_OPTION_DEFAULTS, type RunOptions } from './run-options.js';
import { RunResultCollector } from './run-result-collector.js';
import type { RunResult } from './run-result.js';

/**
 * Builds the script host of one run from the run's own console/assertion/exception handlers (postman-runtime does
 * not listen for those on an external host). Used by the pooled runner; default: postman-runtime creates a
 * postman-sandbox context for the run (like Newman).
 */
export type RunHostFactory = (handlers: HostEventHandlers) => unknown;

/**
 * Runs a collection with postman-runtime and resolves with its {@link RunResult}. Never rejects for anything the
 * collection does (script errors, network errors, timeouts are part of the result); the whole run is capped by
 * `runTimeoutMs`, after which it is stopped and reported as `abort`.
 */
export function runCollection(
  input: RunInput,
  options: RunOptions = {},
  clock: Clock = systemClock,
  hostFactory?: RunHostFactory,
): Promise<RunResult> {
  const settings = { ...RUN_OPTION_DEFAULTS, ...stripUndefined(options) };
  const collector = new RunResultCollector(
    {
      maxExecutions: settings.maxExecutions,
      maxConsoleLines: settings.maxConsoleLines,
      maxAssertions: settings.maxAssertions,
      maxMessageChars: settings.maxMessageChars,
    },
    clock.now(),
  );
  const onConsole = (level: string, messages: readonly unknown[]): void =>
    collector.onConsole(level, messages);
  const onAssertion = (cursor: Cursor, assertions: readonly AssertionEvent[]): void =>
    collector.onAssertions(cursor, assertions);
  const onException = (cursor: Cursor | undefined, err: Error): void => {
    // Script exceptions also arrive in the prerequest/test results, tied to their request; only errors with no
    // request to belong to are run-level.
    if (!cursor?.ref) collector.onRunError(err.message);
  };
  const host = hostFactory?.({
    console: (_cursor, level, ...messages) => onConsole(level, messages),
    assertion: (cursor, assertions) => onAssertion(cursor as Cursor, assertions as AssertionEvent[]),
    exception: (cursor, err) => onException(cursor as Cursor | undefined, err),
  });
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

    new runtime.Runner().run(collection, buildRuntimeOptions(input, settings, host), (error, run) => {
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
        assertion: onAssertion,
        console: (_cursor, level, ...messages) => onConsole(level, messages),
        exception: onException,
        done: (err) => {
          if (err && !aborted) collector.onRunError(err.message);
          finish();
        },
      });
    });
  });
}

type Settings = typeof RUN_OPTION_DEFAULTS & RunOptions;

function buildRuntimeOptions(input: RunInput, settings: Settings, host: unknown): RuntimeOptions {
  const instance = host ?? settings.sandboxContext;
  const requester: Record<string, unknown> = {
    followRedirects: settings.followRedirects,
    strictSSL: settings.strictSSL,
    cookieJar: undefined,
  };
  if (settings.maxResponseBytes !== undefined) requester.maxResponseSize = settings.maxResponseBytes;
  if (settings.agents) requester.agents = settings.agents;
  // postman-runtime reads the host lookup from the top-level `network` option, not from `requester`.
  const network = settings.hostIpMap
    ? { network: { hostLookup: { type: 'hostIpMap', hostIpMap: settings.hostIpMap } } }
    : {};
  return {
    environment: new sdk.VariableScope(input.environment ?? { values: [] }),
    globals: new sdk.VariableScope(input.globals ?? { values: [] }),
    ...(input.iterationData ? { data: input.iterationData } : {}),
    ...(settings.iterationCount ? { iterationCount: settings.iterationCount } : {}),
    timeout: { request: settings.requestTimeoutMs, script: settings.scriptTimeoutMs },
    delay: { item: settings.delayRequestMs },
    requester,
    ...network,
    ...(instance ? { host: { external: true, instance } } : {}),
  };
}

function stripUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
