/**
 * The soak's bookkeeping of scheduled runs, pure: which slots each monitor should have run (from the product's own
 * slot arithmetic, src/monitors/schedule.ts, as the scheduler bench does), which runs the store recorded, and what
 * is missing, doubled or off the grid.
 */
import { compiledJitterMs, compileSchedule, slotAfter } from '../../src/monitors/schedule.js';
import { summarizeLatencies, type LatencySummary } from './latency-summary.js';

export interface ScheduledMonitor {
  id: string;
  schedule: { every: string };
  /** The first slot the server gave the monitor (ISO), from its create response. */
  nextRunAt: string;
}

/** A row of the `runs` table, as far as the bookkeeping needs it. */
export interface RecordedRun {
  monitorId: string;
  trigger: string;
  scheduledAt: string;
  attempt: number;
  status: string;
  startedAt: string | null;
}

export interface SlotAccount {
  /** Slots from each monitor's first slot up to the window's end. */
  slotsExpected: number;
  /** Expected slots with a run recorded (any status but `overlap`). */
  slotsRun: number;
  /** Expected slots without one. Goal: 0. */
  missedSlots: number;
  monitorsWithMissedSlots: number;
  /** Monitors with fewer runs than their slots − 1: the coarse rule, which tolerates a boundary slot. */
  monitorsShortOfRuns: number;
  /** Scheduled runs recorded more than once for one (monitor, slot, attempt). Goal: 0. */
  duplicateRuns: number;
  /** Scheduled runs at a time that is not one of the monitor's slots. Goal: 0. */
  offGridRuns: number;
  /** Slots skipped because the monitor's previous run was still going (`overlap` rows). */
  overlaps: number;
  /** startedAt − scheduledAt of the scheduled runs in the window, ms. */
  startDriftMs: LatencySummary;
}

/** Each monitor's slots in [its first slot, windowEndMs], as ISO strings (how the queue writes `scheduledAt`). */
export function expectedSlots(monitor: ScheduledMonitor, windowEndMs: number): string[] {
  const compiled = compileSchedule(monitor.schedule);
  const jitter = compiledJitterMs(compiled, monitor.id);
  const slots: string[] = [];
  for (let slot: number | null = Date.parse(monitor.nextRunAt); slot !== null && slot <= windowEndMs;) {
    slots.push(new Date(slot).toISOString());
    slot = slotAfter(compiled, jitter, slot);
  }
  return slots;
}

/** Compares the expected slots of `monitors` up to `windowEndMs` with the scheduled `runs` the store holds. */
export function accountSlots(
  monitors: readonly ScheduledMonitor[],
  runs: readonly RecordedRun[],
  windowEndMs: number,
): SlotAccount {
  const runsByMonitor = new Map<string, RecordedRun[]>();
  for (const run of runs) {
    if (run.trigger !== 'schedule') continue;
    const list = runsByMonitor.get(run.monitorId) ?? [];
    list.push(run);
    runsByMonitor.set(run.monitorId, list);
  }
  const account = {
    slotsExpected: 0,
    slotsRun: 0,
    missedSlots: 0,
    monitorsWithMissedSlots: 0,
    monitorsShortOfRuns: 0,
    duplicateRuns: 0,
    offGridRuns: 0,
    overlaps: 0,
  };
  const drifts: number[] = [];
  for (const monitor of monitors) {
    const slots = expectedSlots(monitor, windowEndMs);
    const onGrid = new Set(slots);
    const firstSlot = Date.parse(monitor.nextRunAt);
    const ranSlots = new Set<string>();
    const seenKeys = new Set<string>();
    for (const run of runsByMonitor.get(monitor.id) ?? []) {
      const at = Date.parse(run.scheduledAt);
      if (at > windowEndMs) continue; // after the window: neither expected nor judged
      const key = `${run.scheduledAt}\u0000${run.attempt}`;
      if (seenKeys.has(key)) account.duplicateRuns += 1;
      seenKeys.add(key);
      if (!onGrid.has(run.scheduledAt) || at < firstSlot) account.offGridRuns += 1;
      if (run.status === 'overlap') {
        account.overlaps += 1;
        continue;
      }
      ranSlots.add(run.scheduledAt);
      if (run.startedAt) drifts.push(Date.parse(run.startedAt) - at);
    }
    const missed = slots.filter((slot) => !ranSlots.has(slot)).length;
    account.slotsExpected += slots.length;
    account.slotsRun += slots.length - missed;
    account.missedSlots += missed;
    if (missed > 0) account.monitorsWithMissedSlots += 1;
    if (ranSlots.size < slots.length - 1) account.monitorsShortOfRuns += 1;
  }
  return { ...account, startDriftMs: summarizeLatencies(drifts) };
}
