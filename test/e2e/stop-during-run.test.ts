/**
 * E2E 6 — SIGTERM while a run is in progress. `pagewatch serve` gives running runs 10 s (queue.stop) and then
 * aborts them, so the process should be gone a little after that; the run is then recorded as interrupted at the
 * next boot.
 *
 * KNOWN BUG (marked `todo`, so it runs and reports without failing the suite): the run handler ignores the queue's
 * abort signal (`runCollection` takes none), so after the 10 s the server closes its store and keeps waiting for
 * the run to end by itself — up to the monitor's request timeout (30 s default) or run timeout (10 min) — and then
 * logs "driver has already been destroyed". Nothing is lost (the next boot records the run as interrupted), but a
 * SIGTERM can take minutes. SQLite only: the behaviour does not depend on the engine.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { collectionOf } from '../helpers/collections.js';
import { call, eventually, getRun, requestRun, withStage } from './e2e-support.js';
import { startSlowTarget } from './slow-target.js';

/** queue.stop's grace (start-server.ts) plus time to close the rest and exit. */
const EXPECTED_EXIT_MS = 13_000;

describe('e2e on sqlite: SIGTERM during a run', () => {
  test(
    'the server exits soon after the 10 s grace; the run is recorded as interrupted',
    {
      timeout: 90_000,
      todo: 'known bug: the run ignores the abort signal, so SIGTERM waits for the run to end by itself',
    },
    (t) =>
      withStage(
        t,
        'sqlite',
        async (stage) => {
          const slow = await startSlowTarget();
          try {
            const first = await stage.start();
            const { id: monitorId } = await call<{ id: string }>(first, 'POST', '/api/v1/monitors', {
              name: 'Slow API',
              collection: collectionOf('Slow API', [{ name: 'Get slow', url: `${slow.url}/slow` }]),
              schedule: { every: '24h' },
              options: { requestTimeoutMs: 25_000 },
            });
            slow.setHold(true);
            const runId = await requestRun(first, monitorId);
            await eventually('the run to be in progress', async () =>
              slow.heldCount() === 1 && (await getRun(first, runId)).status === 'running' ? true : undefined,
            );
            const signalled = Date.now();
            const exit = await first.stop('SIGTERM', EXPECTED_EXIT_MS);
            stage.note(`exited ${Date.now() - signalled} ms after SIGTERM: ${JSON.stringify(exit)}`);
            assert.deepEqual(exit, { code: 0, signal: null });
            assert.doesNotMatch(first.output(), /driver has already been destroyed/);

            slow.setHold(false);
            const second = await stage.start();
            const run = await getRun(second, runId);
            assert.equal(run.status, 'error');
            assert.match(run.error ?? '', /interrupted/);
          } finally {
            await slow.close();
          }
        },
        { reportOnFailure: false },
      ),
  );
});
