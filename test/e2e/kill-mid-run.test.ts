/**
 * E2E 5 — the server dies while a run is in progress (the target holds the request) and another is queued behind
 * it. After the restart neither is left `running`/`queued`: both are recorded as `error` "interrupted", and the
 * schedule loaded at boot fires again.
 *
 * The schedule: `every` slots sit on an epoch-aligned grid plus a per-monitor offset, so the test picks an interval
 * (30–60 s) whose next slot falls a few seconds after the expected restart, instead of waiting up to 30 s.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { collectionOf } from '../helpers/collections.js';
import { nextRunAt } from '../../src/monitors/schedule.js';
import {
  E2E_ENGINES,
  call,
  eventually,
  getRun,
  listAll,
  requestRun,
  withStage,
  type RunSummary,
} from './e2e-support.js';
import { startSlowTarget } from './slow-target.js';

/** An interval whose next slot is `earliestMs`–`latestMs` from now (else the one with the soonest slot after it). */
function pickInterval(
  monitorId: string,
  earliestMs: number,
  latestMs: number,
): { every: string; slot: Date } {
  const now = new Date();
  const candidates = [];
  for (let seconds = 30; seconds <= 60; seconds++) {
    const every = `${seconds}s`;
    const slot = nextRunAt({ every }, monitorId, now);
    const inMs = slot.getTime() - now.getTime();
    if (inMs >= earliestMs) candidates.push({ every, slot, inMs, fits: inMs <= latestMs });
  }
  candidates.sort((a, b) => Number(b.fits) - Number(a.fits) || a.inMs - b.inMs);
  const [best] = candidates;
  assert.ok(best, 'some interval has a slot after the restart');
  return best;
}

for (const engine of E2E_ENGINES) {
  describe(`e2e on ${engine.name}: kill -9 during a run`, { skip: engine.skip }, () => {
    test(
      'interrupted runs are recorded as errors, none stays running, the schedule fires again',
      {
        timeout: 150_000,
      },
      (t) =>
        withStage(t, engine.name, async (stage) => {
          const slow = await startSlowTarget();
          try {
            const first = await stage.start();
            const { id: monitorId } = await call<{ id: string }>(first, 'POST', '/api/v1/monitors', {
              name: 'Slow API',
              collection: collectionOf('Slow API', [
                {
                  name: 'Get slow',
                  url: `${slow.url}/slow`,
                  tests: ['pm.test("status is 200", () => pm.response.to.have.status(200));'],
                },
              ]),
              schedule: { every: '24h' },
            });
            const { every, slot } = pickInterval(monitorId, 8_000, 14_000);
            await call(first, 'PATCH', `/api/v1/monitors/${monitorId}`, { schedule: { every } });
            stage.note(`schedule every ${every}: next slot at ${slot.toISOString()}`);

            slow.setHold(true);
            const runningId = await requestRun(first, monitorId);
            await eventually('the run to be in progress', async () =>
              slow.heldCount() === 1 && (await getRun(first, runningId)).status === 'running'
                ? true
                : undefined,
            );
            const queuedId = await requestRun(first, monitorId); // waits behind the running one
            assert.equal((await getRun(first, queuedId)).status, 'queued');
            await first.stop('SIGKILL');
            const killedAt = Date.now();
            slow.setHold(false);
            // Normally the slot is still ahead; on a very slow machine it may have passed (as an `overlap`) and
            // the next one counts.
            const due =
              killedAt < slot.getTime() ? slot : nextRunAt({ every }, monitorId, new Date(killedAt));

            const second = await stage.start();
            for (const runId of [runningId, queuedId]) {
              const run = await getRun(second, runId);
              assert.equal(run.status, 'error', `run ${runId}`);
              assert.match(run.error ?? '', /interrupted/);
            }
            assert.match(second.output(), /"interruptedRuns":2,.*reconciled on boot/);
            const unfinished = (
              await listAll<RunSummary>(second, `/api/v1/monitors/${monitorId}/runs`)
            ).filter((run) => run.status === 'running' || run.status === 'queued');
            assert.deepEqual(unfinished, [], 'no run is left running or queued');

            const scheduled = await eventually(
              `a scheduled run (slot ${due.toISOString()} or later)`,
              async () => {
                const runs = await listAll<RunSummary>(second, `/api/v1/monitors/${monitorId}/runs`);
                const run = runs.find(
                  (r) => r.trigger === 'schedule' && Date.parse(r.scheduledAt) >= killedAt,
                );
                return run && !['queued', 'running'].includes(run.status) ? run : undefined;
              },
              // The slot, or (if the restart was slower than that) the one after it, plus time to run.
              Math.max(0, due.getTime() - Date.now()) + 70_000,
              250,
            );
            stage.note(`scheduled run: ${JSON.stringify(scheduled)}`);
            assert.equal(scheduled.status, 'success');
            const monitor = await call<{ status: string; lastRun: { id: string } }>(
              second,
              'GET',
              `/api/v1/monitors/${monitorId}`,
            );
            assert.equal(monitor.status, 'up');
            assert.equal(monitor.lastRun.id, scheduled.id);
          } finally {
            await slow.close();
          }
        }),
    );
  });
}
