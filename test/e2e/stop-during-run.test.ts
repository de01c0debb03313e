/**
 * E2E 6 — SIGTERM while a run is in progress. `pagewatch serve` gives running runs 10 s (queue.stop) and then
 * aborts them, so the process should be gone a little after that; the run is then recorded as interrupted at the
 * next boot.
 *
 * The run handler passes the queue's abort signal to the runner, which stops the run; the run is recorded as
 * interrupted and not judged (a stopping server pages nobody). SQLite only: the behaviour does not depend on the
 * engine.
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
