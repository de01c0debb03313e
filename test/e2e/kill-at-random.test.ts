/**
 * E2E 3 — SIGKILL at random points. Each repetition asks for a run (failing and passing alternately, so incidents
 * open and resolve in turn), kills the server 0–1500 ms later (skewed towards early kills) — before, during or after the run, before, during or
 * after its delivery — restarts it on the same data, settles (one run-now, then the outbox drains) and checks:
 *
 * - every incident the API shows open has exactly one open PagerDuty alert with its dedup key, and vice versa;
 * - no alert is open once the last finished run passed;
 * - no delivery is left pending;
 * - nothing lost (every sent row was taken by PagerDuty) and no duplicate alert (alerts = incidents).
 *
 * A table (t.diagnostic) shows each repetition: where the kill landed (`queued`/`running`: the run was
 * interrupted; `committed`: verdict and outbox row committed, not yet taken by PagerDuty; `delivered`), events
 * expected (rows sent) and delivered (taken by PagerDuty; more than expected = a harmless redelivery), duplicate
 * incidents (alerts beyond incidents), lost events, stuck-open alerts and deliveries left pending.
 *
 * `E2E_KILL_REPETITIONS` (default 5) sets the number of repetitions, `E2E_SEED` replays a sequence of delays.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  E2E_ENGINES,
  attachPagerDuty,
  createHealthMonitor,
  dedupKeyOf,
  deliveriesOf,
  getRun,
  incidentsOf,
  requestRun,
  runNow,
  sleep,
  takenEvents,
  waitForOutboxDrained,
  withStage,
  type PagerDutyAction,
} from './e2e-support.js';

const REPETITIONS = Number(process.env.E2E_KILL_REPETITIONS ?? 5);
const SEED = Number(process.env.E2E_SEED ?? Math.floor(Math.random() * 2 ** 31));
const MAX_KILL_DELAY_MS = 1_500;
const POSTGRES_LEASE_MS = 12_000;
const ACTIONS: PagerDutyAction[] = ['trigger', 'acknowledge', 'resolve'];

/** mulberry32: a small seeded PRNG, so a failing sequence can be replayed with E2E_SEED. */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let value = state;
    value = Math.imul(value ^ (value >>> 15), value | 1);
    value ^= value + Math.imul(value ^ (value >>> 7), value | 61);
    return ((value ^ (value >>> 14)) >>> 0) / 2 ** 32;
  };
}

interface Row {
  rep: number;
  run: 'fail' | 'pass';
  killAfterMs: number;
  /**
   * Where the kill landed: `queued` or `running` (the run was interrupted: recorded as an error at boot),
   * `committed` (verdict and outbox rows committed, the event not yet taken by PagerDuty), `delivered`.
   */
  phase: string;
  expected: number;
  delivered: number;
  duplicateIncidents: number;
  lost: number;
  stuckOpen: number;
  stuckPending: number;
}

function formatTable(rows: Row[]): string[] {
  const header = [
    'rep',
    'run',
    'kill@ms',
    'phase at kill',
    'expected',
    'delivered',
    'dup inc',
    'lost',
    'stuck open',
    'pending',
  ];
  const cells = rows.map((row) => [
    String(row.rep),
    row.run,
    String(row.killAfterMs),
    row.phase,
    String(row.expected),
    String(row.delivered),
    String(row.duplicateIncidents),
    String(row.lost),
    String(row.stuckOpen),
    String(row.stuckPending),
  ]);
  const sum = (pick: (row: Row) => number) => String(rows.reduce((total, row) => total + pick(row), 0));
  cells.push([
    `Σ ${rows.length}`,
    '',
    '',
    '',
    sum((r) => r.expected),
    sum((r) => r.delivered),
    sum((r) => r.duplicateIncidents),
    sum((r) => r.lost),
    sum((r) => r.stuckOpen),
    sum((r) => r.stuckPending),
  ]);
  const widths = header.map((title, column) =>
    Math.max(title.length, ...cells.map((cell) => cell[column]!.length)),
  );
  const line = (values: string[]) =>
    values.map((value, column) => value.padStart(widths[column]!)).join(' │ ');
  return [line(header), widths.map((width) => '─'.repeat(width)).join('─┼─'), ...cells.map(line)];
}

for (const engine of E2E_ENGINES) {
  describe(`e2e on ${engine.name}: kill -9 at random points`, { skip: engine.skip }, () => {
    test(
      `${REPETITIONS} kills: open incidents ⇔ open alerts, nothing lost, duplicated or stuck`,
      {
        timeout: 60_000 + REPETITIONS * (engine.name === 'postgres' ? 45_000 : 25_000),
      },
      (t) =>
        withStage(t, engine.name, async (stage) => {
          const { sandbox, target } = stage;
          const random = seededRandom(SEED);
          t.diagnostic(`seed ${SEED} (replay with E2E_SEED=${SEED})`);
          const args = [
            '--delivery-retry-min-ms',
            '200',
            ...(engine.name === 'postgres' ? ['--delivery-lease-ms', String(POSTGRES_LEASE_MS)] : []),
          ];
          // After a kill on PostgreSQL, a claimed row waits for the dead process's lease.
          const drainTimeoutMs = engine.name === 'postgres' ? POSTGRES_LEASE_MS + 25_000 : 25_000;
          let server = await stage.start(args);
          const monitorId = await createHealthMonitor(server, target.url);
          await attachPagerDuty(server, sandbox.url, [monitorId]);
          const key = dedupKeyOf(monitorId);

          const rows: Row[] = [];
          const problems: string[] = [];
          // Running totals: each row shows what its repetition added.
          let previous = { expected: 0, delivered: 0, lost: 0, duplicates: 0 };
          for (let rep = 1; rep <= REPETITIONS; rep++) {
            const failing = rep % 2 === 1;
            target.setHealthy(!failing);
            // Half the time PagerDuty is a little slow, so more kills land while a send is in flight.
            if (random() < 0.5) sandbox.injectFault({ delayMs: 50 + Math.floor(random() * 250), count: 1 });
            // Skewed towards early kills (u²): a run and its delivery take ~100–400 ms, the rest of the range is quiet.
            const killAfterMs = Math.floor(random() ** 2 * MAX_KILL_DELAY_MS);
            const runId = await requestRun(server, monitorId);
            await sleep(killAfterMs);
            // Same tick as the signal: what PagerDuty had taken when the process died.
            const takenAtKill = takenEvents(sandbox, key).length;
            await server.stop('SIGKILL');

            server = await stage.start(args);
            const killed = await getRun(server, runId);
            const interrupted = killed.status === 'error' && /interrupted/.test(killed.error ?? '');
            const phase = interrupted
              ? killed.startedAt
                ? 'running'
                : 'queued'
              : takenAtKill > previous.delivered
                ? 'delivered'
                : 'committed';
            // Settle: one run with the target as it is, then let the outbox drain.
            const verdict = await runNow(server, monitorId);
            assert.equal(verdict, failing ? 'failure' : 'success', `rep ${rep}: settle run`);
            let stuckPending = 0;
            try {
              await waitForOutboxDrained(server, monitorId, drainTimeoutMs);
            } catch {
              stuckPending = (await deliveriesOf(server, monitorId)).filter(
                (d) => d.status === 'pending',
              ).length;
            }

            const openIncidents = await incidentsOf(server, monitorId, true);
            const allIncidents = await incidentsOf(server, monitorId);
            const openAlerts = sandbox
              .alerts({ dedupKey: key })
              .filter((alert) => alert.status !== 'resolved');
            const allAlerts = sandbox.alerts({ dedupKey: key });
            const sent = (await deliveriesOf(server, monitorId)).filter((d) => d.status === 'sent');
            let expected = 0;
            let delivered = 0;
            let lost = 0;
            for (const action of ACTIONS) {
              const rowsSent = sent.filter((d) => d.action === action).length;
              const taken = takenEvents(sandbox, key, action).length;
              expected += rowsSent;
              delivered += taken;
              lost += Math.max(0, rowsSent - taken);
            }
            const duplicates = Math.max(0, allAlerts.length - allIncidents.length);
            const stuckOpen =
              (failing ? 0 : openAlerts.length) + Math.abs(openIncidents.length - openAlerts.length);
            const row: Row = {
              rep,
              run: failing ? 'fail' : 'pass',
              killAfterMs,
              phase,
              expected: expected - previous.expected,
              delivered: delivered - previous.delivered,
              duplicateIncidents: duplicates - previous.duplicates,
              lost: lost - previous.lost,
              stuckOpen,
              stuckPending,
            };
            previous = { expected, delivered, lost, duplicates };
            rows.push(row);
            stage.note(`rep ${rep}: ${JSON.stringify(row)}`);

            const where = `rep ${rep} (${row.run}, killed after ${killAfterMs} ms, ${phase})`;
            if (openIncidents.length !== (failing ? 1 : 0))
              problems.push(`${where}: ${openIncidents.length} open incidents`);
            if (openAlerts.length !== openIncidents.length)
              problems.push(
                `${where}: ${openIncidents.length} open incidents but ${openAlerts.length} open alerts`,
              );
            if (openIncidents.some((incident) => incident.dedupKey !== key))
              problems.push(`${where}: an open incident has another dedup key`);
            if (row.duplicateIncidents)
              problems.push(`${where}: ${allAlerts.length} alerts for ${allIncidents.length} incidents`);
            if (row.lost) problems.push(`${where}: ${row.lost} sent events PagerDuty never took`);
            if (stuckPending) problems.push(`${where}: ${stuckPending} deliveries still pending`);
          }

          // The final word: every row the outbox says is sent went out, in order per key.
          const finalRows = await deliveriesOf(server, monitorId);
          assert.ok(
            finalRows.every((d) => d.status === 'sent'),
            JSON.stringify(finalRows),
          );
          const taken = takenEvents(sandbox, key).map(
            (e) => (e.body as { event_action: string }).event_action,
          );
          const collapsed = taken.filter((action, index) => action !== taken[index - 1]);
          assert.deepEqual(
            collapsed,
            finalRows.map((d) => d.action),
            'PagerDuty took the events in outbox order (a duplicate only ever repeats the event before it)',
          );

          for (const line of formatTable(rows)) t.diagnostic(line);
          assert.deepEqual(problems, []);
        }),
    );
  });
}
