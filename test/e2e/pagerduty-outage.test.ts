/**
 * E2E 1 — PagerDuty answers 503 for a while. A real `pagewatch serve` process retries the trigger (and later the
 * resolve) until PagerDuty takes it: one alert, each event taken exactly once, the attempts visible in the API.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  E2E_ENGINES,
  attachPagerDuty,
  createHealthMonitor,
  dedupKeyOf,
  deliveriesOf,
  eventually,
  faultedEvents,
  incidentsOf,
  runNow,
  takenEvents,
  withStage,
  type Delivery,
} from './e2e-support.js';

const FAULTS = 4;

for (const engine of E2E_ENGINES) {
  describe(`e2e on ${engine.name}: PagerDuty outage`, { skip: engine.skip }, () => {
    test(
      '503 × 4 then normal: one alert, trigger and resolve each taken once, attempts > 1, nothing lost',
      {
        timeout: 120_000,
      },
      (t) =>
        withStage(t, engine.name, async (stage) => {
          const { sandbox, target } = stage;
          const server = await stage.start(['--delivery-retry-min-ms', '200']);
          const monitorId = await createHealthMonitor(server, target.url);
          await attachPagerDuty(server, sandbox.url, [monitorId]);
          const key = dedupKeyOf(monitorId);

          /** Waits for the monitor's newest `action` row to be sent; notes the most attempts seen while pending. */
          const waitForSent = async (
            action: string,
          ): Promise<{ row: Delivery; attemptsSeenPending: number }> => {
            let attemptsSeenPending = 0;
            const row = await eventually(
              `the ${action} to be sent`,
              async () => {
                const rows = (await deliveriesOf(server, monitorId)).filter((d) => d.action === action);
                const newest = rows.at(-1);
                if (newest?.status === 'pending')
                  attemptsSeenPending = Math.max(attemptsSeenPending, newest.attempts);
                return newest?.status === 'sent' ? newest : undefined;
              },
              30_000,
            );
            return { row, attemptsSeenPending };
          };

          // Outage of the target while PagerDuty is down too.
          target.setHealthy(false);
          sandbox.injectFault({ status: 503, count: FAULTS });
          assert.equal(await runNow(server, monitorId), 'failure');
          const [open] = await incidentsOf(server, monitorId, true);
          assert.equal(open?.status, 'triggered', 'the incident opens at once, whatever PagerDuty answers');
          const trigger = await waitForSent('trigger');
          stage.note(`trigger: ${JSON.stringify(trigger)}`);
          assert.equal(trigger.row.attempts, FAULTS + 1, '4 answered 503, the 5th was taken');
          assert.ok(trigger.attemptsSeenPending >= 1, 'the API showed the row pending with failed attempts');
          assert.match(trigger.row.lastError ?? '', /503/);
          assert.equal(faultedEvents(sandbox, key).length, FAULTS);
          assert.equal(takenEvents(sandbox, key, 'trigger').length, 1, 'the trigger was taken exactly once');
          assert.equal(sandbox.alerts().length, 1);
          assert.equal(sandbox.alerts()[0]?.status, 'triggered');
          assert.equal(sandbox.alerts()[0]?.dedupKey, key);

          // The target recovers while PagerDuty has another bad spell.
          target.setHealthy(true);
          sandbox.injectFault({ status: 503, count: FAULTS });
          assert.equal(await runNow(server, monitorId), 'success');
          const [resolved] = await incidentsOf(server, monitorId);
          assert.equal(resolved?.id, open?.id);
          assert.equal(resolved?.status, 'resolved');
          assert.equal(resolved?.resolveReason, 'recovered');
          const resolve = await waitForSent('resolve');
          stage.note(`resolve: ${JSON.stringify(resolve)}`);
          assert.equal(resolve.row.attempts, FAULTS + 1);
          assert.equal(takenEvents(sandbox, key, 'resolve').length, 1, 'the resolve was taken exactly once');
          assert.equal(
            takenEvents(sandbox, key).length,
            2,
            'nothing else was taken: no duplicate, nothing lost',
          );
          assert.equal(faultedEvents(sandbox, key).length, 2 * FAULTS);
          assert.deepEqual(
            sandbox
              .alerts()
              .map((alert) => [alert.dedupKey, alert.status, alert.log.map((entry) => entry.outcome)]),
            [[key, 'resolved', ['opened', 'resolved']]],
          );
          const rows = await deliveriesOf(server, monitorId);
          assert.deepEqual(
            rows.map((row) => `${row.action}:${row.status}`),
            ['trigger:sent', 'resolve:sent'],
          );
          const health = await server.api<{ status: string }>('GET', '/healthz');
          assert.equal(health.status, 200, JSON.stringify(health.body));
        }),
    );
  });
}
