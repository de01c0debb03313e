import assert from 'node:assert/strict';
import { EventEmitter } from 'node:events';
import { after, before, test } from 'node:test';
import runtime from 'postman-runtime';
import sdk from 'postman-collection';
import { healthCollection } from '../helpers/collections.js';
import { startTargetServer, type TargetServer } from '../helpers/target-server.js';

/** A host that answers every script execution at once: this test is about postman-runtime's own scheduling. */
class ImmediateHost extends EventEmitter {
  execute(_event: unknown, _options: unknown, callback: (error: null, result: object) => void): void {
    callback(null, {});
  }
  dispatch(): void {}
  dispose(): void {}
}

let target: TargetServer;
before(async () => {
  target = await startTargetServer();
});
after(() => target.close());

test('postman-runtime is patched (patches/, applied by postinstall): its steps hop with setImmediate, not 1 ms timers', async () => {
  // Unpatched, every instruction step and every request waits on setTimeout(…, 0), which Node rounds up to 1 ms:
  // ≈ 9 ms of idle time per one-request run (docs/runner.md, "Scheduling").
  const zeroDelayFromRuntime: string[] = [];
  const originalSetTimeout = globalThis.setTimeout;
  const counting = ((callback: (...args: unknown[]) => void, delay?: number, ...args: unknown[]) => {
    if (!delay) {
      const stack = new Error().stack ?? '';
      const frame = stack.split('\n').find((line) => line.includes('postman-runtime/lib/runner/'));
      if (frame) zeroDelayFromRuntime.push(frame.trim());
    }
    return originalSetTimeout(() => callback(...args), delay);
  }) as typeof setTimeout;
  globalThis.setTimeout = counting;
  let status: number | undefined;
  try {
    await new Promise<void>((resolve, reject) => {
      new runtime.Runner().run(
        new sdk.Collection(healthCollection(target.url)),
        { host: { external: true, instance: new ImmediateHost() } },
        (error, run) => {
          if (error) return reject(error);
          run.start({
            request: (_error, _cursor, response) => (status = response?.code),
            done: () => resolve(),
          });
        },
      );
    });
  } finally {
    globalThis.setTimeout = originalSetTimeout;
  }
  assert.equal(status, 200, 'the run sent its request');
  assert.deepEqual(zeroDelayFromRuntime, [], 'no zero-delay timers from postman-runtime/lib/runner');
});
