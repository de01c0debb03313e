/**
 * E2E 2 — SIGKILL between commit and delivery. The incident and its trigger row are committed and the trigger is
 * in flight (PagerDuty holds the request for 5 s) when the server is killed. A new process on the same data
 * delivers the row again: PagerDuty may see the trigger twice, but it shows exactly one alert, and the outbox row
 * ends `sent`.
 *
 * SQLite: the new process frees the dead one's lease at boot and sends at once. PostgreSQL: leases are never
 * freed at boot (other nodes may be sending), so the row returns when the dead process's lease runs out; the lease
 * is shortened to 12 s (the CLI cannot go lower: the lease must exceed the 10 s request timeout, which has no flag).
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
  incidentsOf,
  requestRun,
  runNow,
  takenEvents,
  waitForOutboxDrained,
  waitForRun,
  withStage,
} from './e2e-support.js';

const HOLD_MS = 5_000;
const POSTGRES_LEASE_MS = 12_000;

for (const engine of E2E_ENGINES) {
  describe(`e2e on ${engine.name}: kill -9 while the trigger is in flight`, { skip: engine.skip }, () => {
    test(
      'the committed trigger is delivered after restart; exactly one alert; the row ends sent',
      {
        timeout: 120_000,
      },
      (t) =>
        withStage(t, engine.name, async (stage) => {
          const { sandbox, target } = stage;
          const args = engine.name === 'postgres' ? ['--delivery-lease-ms', String(POSTGRES_LEASE_MS)] : [];
          const first = await stage.start(args);
          const monitorId = await createHealthMonitor(first, target.url);
          await attachPagerDuty(first, sandbox.url, [monitorId]);
          const key = dedupKeyOf(monitorId);

          target.setHealthy(false);
          sandbox.injectFault({ delayMs: HOLD_MS, count: 1 });
          assert.equal(await waitForRun(first, await requestRun(first, monitorId)), 'failure');
          // The fault is taken off the queue when the request arrives: from then on PagerDuty holds it.
          await eventually('PagerDuty to receive the trigger', () =>
            sandbox.pendingFaults().length === 0 ? true : undefined,
          );
          const [inFlight, ...others] = await deliveriesOf(first, monitorId);
          assert.equal(others.length, 0);
          assert.equal(inFlight?.action, 'trigger');
          assert.equal(inFlight?.status, 'pending', 'the send is not finished, so nothing is recorded yet');
          assert.equal(inFlight?.attempts, 0);
          // Same tick: the sandbox cannot answer between this check and the signal.
          assert.equal(takenEvents(sandbox, key).length, 0, 'PagerDuty has not answered yet');
          const killed = await first.stop('SIGKILL');
          assert.equal(killed.signal, 'SIGKILL');
          stage.note(`killed ${first.label} with the trigger ${inFlight?.id} in flight`);

          const second = await stage.start(args);
          const [open] = await incidentsOf(second, monitorId, true);
          assert.equal(open?.dedupKey, key, 'the incident survived the kill');
          const sent = await eventually(
            'the new process to deliver the trigger',
            async () => {
              const row = (await deliveriesOf(second, monitorId)).find((d) => d.id === inFlight?.id);
              return row?.status === 'sent' ? row : undefined;
            },
            engine.name === 'postgres' ? POSTGRES_LEASE_MS + 20_000 : 20_000,
          );
          assert.ok(sent.attempts >= 1);
          if (engine.name === 'sqlite') {
            assert.match(second.output(), /"released":1,.*outbox rows claimed by a previous process/);
          }
          // The held request is taken too, when PagerDuty finishes holding it: a duplicate trigger, deduplicated.
          await eventually('PagerDuty to finish the held request', () =>
            takenEvents(sandbox, key, 'trigger').length === 2 ? true : undefined,
          );
          const alerts = sandbox.alerts();
          assert.equal(alerts.length, 1, 'exactly one alert');
          assert.equal(alerts[0]?.status, 'triggered');
          assert.deepEqual(
            alerts[0]?.log.map((entry) => entry.outcome),
            ['opened', 'deduplicated'],
          );

          // And the incident still ends normally.
          target.setHealthy(true);
          assert.equal(await runNow(second, monitorId), 'success');
          const rows = await waitForOutboxDrained(second, monitorId);
          assert.deepEqual(
            rows.map((row) => `${row.action}:${row.status}`),
            ['trigger:sent', 'resolve:sent'],
          );
          await eventually('the alert to resolve', () =>
            sandbox.alerts()[0]?.status === 'resolved' ? true : undefined,
          );
          assert.equal(sandbox.alerts().length, 1);
          assert.equal(takenEvents(sandbox, key, 'resolve').length, 1);
        }),
    );
  });
}
