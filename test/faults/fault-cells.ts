/**
 * The cells of the fault matrix and the loop that runs one. Every cell walks a monitor through failing and
 * passing steps (fail, pass, fail, pass …: each step calls for one PagerDuty event, a trigger or a resolve) while
 * its fault is on; after each step the fault clears, the outbox gets a bounded time to drain, and the sandbox is
 * compared with what the sequence calls for (fault-ledger.ts).
 */
import type { FaultRequest } from '../../src/pd-sandbox/index.js';
import { postgresE2eSkipReason, type EngineName } from '../helpers/server-process.js';
import {
  deliveriesOf,
  eventually,
  getRun,
  incidentsOf,
  requestRun,
  sleep,
  waitForOutboxDrained,
  waitForRun,
} from '../e2e/e2e-support.js';
import { tallyOf, type CellResult } from './fault-ledger.js';
import { LEASE_MS, withFaultStage, type FaultStage } from './fault-stage.js';

export interface StepContext {
  failing: boolean;
  index: number;
  random: () => number;
}

export interface CellSpec {
  name: string;
  engine: EngineName;
  steps: number;
  eventsThroughDnsHook?: boolean;
  /** Each run takes at least this long (see `StageOptions.slowRunMs`). */
  slowRunMs?: number;
  /**
   * After the step, one more run with the target as it is (what the next scheduled run would do): needed where
   * the step's own run may be interrupted (SIGKILL) or fail to be recorded (database trouble).
   */
  settle: boolean;
  /** Asks for a run with the target set for this step while the fault is on; returns once the fault is off. */
  step(stage: FaultStage, context: StepContext): Promise<void>;
}

/** A PagerDuty behaviour: a queued sandbox fault, or the events host failing to resolve. */
export interface PdBehaviour {
  name: string;
  fault?: FaultRequest;
  dns?: boolean;
}

export const PD_BEHAVIOURS: PdBehaviour[] = [
  { name: 'PagerDuty 500 ×2', fault: { status: 500, count: 2 } },
  { name: 'PagerDuty 502 ×2', fault: { status: 502, count: 2 } },
  { name: 'PagerDuty 503 ×2', fault: { status: 503, count: 2 } },
  { name: 'PagerDuty 429 ×2, no Retry-After', fault: { status: 429, count: 2 } },
  { name: 'PagerDuty 429 ×2, Retry-After: 1', fault: { status: 429, retryAfterSeconds: 1, count: 2 } },
  // Taken at once, answered after 3 s: the 2 s send timeout fires and the event is sent again.
  { name: 'slow answer (3 s > 2 s timeout)', fault: { answerDelayMs: 3_000, count: 1 } },
  { name: 'connection reset ×2', fault: { reset: true, count: 2 } },
  { name: 'DNS failure (2.5 s)', dns: true },
];
const DNS_OUTAGE_MS = 2_500;
/** Bounds on waits; generous so a loaded machine does not fail a cell that lost nothing. */
const RUN_TIMEOUT_MS = 90_000;
const DRAIN_TIMEOUT_MS = 60_000;

/** Runs now and waits for the verdict; a verdict other than the target's state is a problem. */
async function expectVerdict(stage: FaultStage, context: StepContext, what: string): Promise<void> {
  const verdict = await waitForRun(
    stage.server,
    await requestRun(stage.server, stage.monitorId),
    RUN_TIMEOUT_MS,
  );
  const wanted = context.failing ? 'failure' : 'success';
  if (verdict !== wanted)
    throw new Error(`step ${context.index}: ${what} run ended ${verdict}, not ${wanted}`);
}

/**
 * Waits (bounded) for a run disturbed by database trouble to end, once the trouble is over, and returns how it
 * ended. A run that never ends (left `queued`/`running`) or ends other than the target's state (its verdict was
 * not recorded, so it would page one run late) is a problem: the run must wait the trouble out and record its
 * own verdict.
 */
async function settleDisturbedRun(
  stage: FaultStage,
  runId: string,
  context: StepContext,
  boundMs: number,
): Promise<string> {
  const wanted = context.failing ? 'failure' : 'success';
  try {
    const status = await eventually(
      `run ${runId} to end`,
      async () => {
        const run = await getRun(stage.server, runId);
        return ['queued', 'running'].includes(run.status) ? undefined : `${run.status} ${run.error ?? ''}`;
      },
      boundMs,
      200,
    );
    if (!status.startsWith(wanted))
      stage.problem(`step ${context.index}: disturbed run ${runId} ended ${status.trim()}, not ${wanted}`);
    return status.trim();
  } catch (error) {
    stage.problem(`step ${context.index}: disturbed run ${runId}: ${(error as Error).message}`);
    return 'never';
  }
}

/** Polls (bounded) until a run is `running`; false when it had already ended. */
async function waitUntilRunning(stage: FaultStage, runId: string): Promise<boolean> {
  const status = await eventually(
    `run ${runId} to start`,
    async () => {
      const run = await getRun(stage.server, runId);
      return run.status === 'queued' ? undefined : run.status;
    },
    RUN_TIMEOUT_MS,
    20,
  );
  return status === 'running';
}

function pdCell(behaviour: PdBehaviour, steps: number): CellSpec {
  return {
    name: behaviour.name,
    engine: 'sqlite',
    steps,
    settle: false,
    eventsThroughDnsHook: behaviour.dns === true,
    async step(stage, context) {
      if (behaviour.fault) stage.sandbox.injectFault(behaviour.fault);
      if (behaviour.dns) await stage.setDnsDown(true);
      await expectVerdict(stage, context, 'the');
      if (behaviour.dns) {
        await sleep(DNS_OUTAGE_MS);
        await stage.setDnsDown(false);
      }
    },
  };
}

/** How long each run of the SQLite lock cells takes at least, so the lock can be taken while it runs. */
const LOCK_CELL_RUN_MS = 1_000;

function sqliteLockCell(holdMs: number, steps: number): CellSpec {
  return {
    name: `SQLite write lock held ${holdMs / 1000} s (busy_timeout 5 s)`,
    engine: 'sqlite',
    steps,
    settle: true,
    slowRunMs: LOCK_CELL_RUN_MS,
    async step(stage, context) {
      const runId = await requestRun(stage.server, stage.monitorId);
      const running = await waitUntilRunning(stage, runId);
      // Odd steps take the lock while the run is still going, so its verdict's commit meets the lock for sure;
      // even steps 0–1.5 s after the run started: somewhere in the run → commit → deliver path.
      const offsetMs = context.index % 2 === 1 ? 0 : Math.floor(context.random() * 1_500);
      await sleep(offsetMs);
      const lockedAt = Date.now();
      await stage.holdSqliteWriteLock(holdMs);
      // With the lock past busy_timeout the verdict's commit fails with SQLITE_BUSY and is retried with backoff;
      // the run must record its own verdict within moments of the lock going.
      const ended = await settleDisturbedRun(stage, runId, context, 10_000);
      stage.note(
        `step ${context.index}: lock ${running ? `${offsetMs} ms after the run started` : 'after the run ended'}, run ended ${ended} ${Date.now() - lockedAt} ms after the lock was taken`,
      );
    },
  };
}

function postgresRestartCell(outageMs: number, steps: number): CellSpec {
  return {
    name: `PostgreSQL backends terminated for ${outageMs / 1000} s`,
    engine: 'postgres',
    steps,
    settle: true,
    async step(stage, context) {
      const runId = await requestRun(stage.server, stage.monitorId);
      await sleep(Math.floor(context.random() * 400));
      const terminated = await stage.terminatePostgresBackends(outageMs);
      stage.note(`step ${context.index}: ${terminated} backends terminated`);
      if (stage.server.isRunning()) await settleDisturbedRun(stage, runId, context, 20_000);
    },
  };
}

const MAX_KILL_DELAY_MS = 1_500;

/** SIGKILL 0–1.5 s after asking for a run (skewed early: u²), then restart; optionally a PagerDuty fault too. */
function killCell(engine: EngineName, repetitions: number, withPdFaults: boolean): CellSpec {
  return {
    name: withPdFaults ? 'SIGKILL × PagerDuty faults (round robin)' : 'SIGKILL at random points',
    engine,
    steps: repetitions,
    settle: true,
    eventsThroughDnsHook: withPdFaults,
    async step(stage, context) {
      const behaviour = withPdFaults ? PD_BEHAVIOURS[(context.index - 1) % PD_BEHAVIOURS.length] : undefined;
      if (behaviour?.fault) stage.sandbox.injectFault(behaviour.fault);
      if (behaviour?.dns) await stage.setDnsDown(true);
      const killAfterMs = Math.floor(context.random() ** 2 * MAX_KILL_DELAY_MS);
      await requestRun(stage.server, stage.monitorId);
      await sleep(killAfterMs);
      await stage.server.stop('SIGKILL');
      stage.note(
        `step ${context.index}: killed after ${killAfterMs} ms${behaviour ? ` (${behaviour.name})` : ''}`,
      );
      await stage.setDnsDown(false);
      await stage.restart();
    },
  };
}

/** The whole matrix, in the order it runs. */
export function allCells(repetitions: number): CellSpec[] {
  const steps = 4;
  return [
    ...PD_BEHAVIOURS.map((behaviour) => pdCell(behaviour, steps)),
    sqliteLockCell(3_000, steps),
    sqliteLockCell(8_000, steps),
    killCell('sqlite', repetitions, false),
    killCell('sqlite', repetitions, true),
    postgresRestartCell(3_000, steps),
    killCell('postgres', repetitions, false),
  ];
}

/** Runs one cell on a fresh stage and returns its row. Never throws: an exception is a problem on the row. */
export async function runCell(spec: CellSpec, random: () => number): Promise<CellResult> {
  const started = Date.now();
  const result: CellResult = {
    cell: spec.name,
    engine: spec.engine,
    steps: 0,
    expected: 0,
    delivered: 0,
    duplicates: 0,
    lost: 0,
    stuck: 0,
    pending: 0,
    retries: 0,
    crashes: 0,
    timeMs: 0,
    problems: [],
    notes: [],
  };
  const skip = spec.engine === 'postgres' ? postgresE2eSkipReason() : undefined;
  if (skip) return { ...result, skipped: skip };
  // After a kill on PostgreSQL a claimed row waits for the dead process's lease.
  const drainMs = spec.engine === 'postgres' ? LEASE_MS + DRAIN_TIMEOUT_MS : DRAIN_TIMEOUT_MS;
  try {
    await withFaultStage(
      spec.engine,
      {
        eventsThroughDnsHook: spec.eventsThroughDnsHook ?? false,
        ...(spec.slowRunMs ? { slowRunMs: spec.slowRunMs } : {}),
      },
      async (stage) => {
        let failures = 0;
        let recoveries = 0;
        for (let index = 1; index <= spec.steps; index++) {
          const context: StepContext = { failing: index % 2 === 1, index, random };
          stage.target.setHealthy(!context.failing);
          const stepStarted = Date.now();
          await spec.step(stage, context);
          result.problems.push(...stage.problems.splice(0));
          if (!stage.server.isRunning()) {
            // Died on its own: a supervisor (systemd Restart=always) would start it again; so does the suite,
            // after recording the crash, so the counters still tell whether anything was lost.
            result.crashes += 1;
            const exit = await stage.server.exited;
            result.problems.push(
              `step ${index}: ${stage.server.label} crashed (${exit.signal ?? `exit code ${exit.code}`})`,
            );
            result.notes.push(...crashReport(stage.server.output()));
            await stage.restart();
          }
          const settleStarted = Date.now();
          if (spec.settle) await expectVerdict(stage, context, 'the settle');
          const drainStarted = Date.now();
          if (context.failing) failures += 1;
          else recoveries += 1;
          let pending = 0;
          try {
            await waitForOutboxDrained(stage.server, stage.monitorId, drainMs);
          } catch {
            const rows = await deliveriesOf(stage.server, stage.monitorId);
            pending = rows.filter((row) => row.status === 'pending').length;
            result.problems.push(`step ${index}: ${pending} deliveries still pending after ${drainMs} ms`);
          }
          stage.note(
            `step ${index}: fault ${settleStarted - stepStarted} ms, settle run ${drainStarted - settleStarted} ms, drain ${Date.now() - drainStarted} ms`,
          );
          const tally = tallyOf(stage.sandbox, stage.dedupKey, failures, recoveries, context.failing);
          // pagewatch's own view must agree: one open incident while failing, none once recovered.
          const openIncidents = (await incidentsOf(stage.server, stage.monitorId, true)).length;
          tally.stuck += Math.abs(openIncidents - (context.failing ? 1 : 0));
          result.steps = index;
          result.expected = tally.expected;
          result.delivered = tally.delivered;
          result.duplicates = Math.max(result.duplicates, tally.duplicates);
          result.lost = Math.max(result.lost, tally.lost);
          result.stuck += tally.stuck;
          result.pending = pending;
          if (tally.duplicates + tally.lost + tally.stuck > 0)
            result.problems.push(`step ${index}: ${JSON.stringify(tally)}`);
        }
        const rows = await deliveriesOf(stage.server, stage.monitorId);
        result.retries = rows.reduce((sum, row) => sum + Math.max(0, row.attempts - 1), 0);
        if (rows.some((row) => row.status === 'failed'))
          result.problems.push(
            `failed deliveries: ${JSON.stringify(rows.filter((r) => r.status === 'failed'))}`,
          );
        result.notes.push(...stage.notes, ...serverErrors(stage));
        if (result.problems.length > 0) result.notes.push(...eventLog(stage));
      },
    );
  } catch (error) {
    result.problems.push((error as Error).message);
    result.notes.push(...((error as { notes?: string[] }).notes ?? []));
  }
  result.timeMs = Date.now() - started;
  return result;
}

function eventLog(stage: FaultStage): string[] {
  return stage.sandbox.events().map((event) => {
    const body = (event.body ?? {}) as { event_action?: string; dedup_key?: string };
    return `sandbox #${event.id} ${event.at} ${body.event_action ?? '?'} → ${event.httpStatus} ${event.outcome}${event.note ? ` (${event.note})` : ''}`;
  });
}

/** The servers' error log lines (pino level ≥ 50), shortened: what the product said about the fault. */
function serverErrors(stage: FaultStage): string[] {
  const lines = stage.servers
    .flatMap((server) => server.output().split('\n'))
    .filter((line) => /"level":(50|60)/.test(line));
  return lines.slice(0, 6).map((line) => {
    try {
      const entry = JSON.parse(line.slice(line.indexOf('{'))) as {
        msg?: string;
        err?: { message?: string; stack?: string };
      };
      // Where in pagewatch it happened: the first frames under src/.
      const frames = (entry.err?.stack ?? '')
        .split('\n')
        .filter((frame) => frame.includes('/src/'))
        .slice(0, 3)
        .map((frame) =>
          frame
            .trim()
            .replace(/^at /, '')
            .replace(/file:\/\/\S*\/src\//, 'src/'),
        );
      return `log: ${entry.msg ?? ''}: ${entry.err?.message ?? ''} [${frames.join(' < ')}]`;
    } catch {
      return `log: ${line.slice(0, 300)}`;
    }
  });
}

/** The stack of a crash (not the object dump after it). */
function crashReport(output: string): string[] {
  const lines = output.split('\n');
  const start = lines.findIndex((line) => /Unhandled|node:events|^\S+ (\w*Error|error):/.test(line));
  return start >= 0 ? lines.slice(start, start + 10) : lines.slice(-10);
}
