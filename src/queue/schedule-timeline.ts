import { compiledJitterMs, slotAfter, type CompiledSchedule } from '../monitors/schedule.js';
import { MinHeap } from './min-heap.js';

/**
 * Which monitor is due next: every monitor's next slot in one min-heap, so one timer serves thousands of
 * monitors. No timers and no I/O here: the queue asks for the earliest slot, sleeps, then takes what is due.
 *
 * Replaced and removed schedules leave stale heap entries behind (recognised by their version and skipped); the
 * heap is rebuilt when they outnumber the live ones.
 */

/** A slot that came due. */
export interface DueSlot {
  monitorId: string;
  slotMs: number;
}

/** A monitor whose cron expression has no further occurrence; it was removed from the timeline. */
export interface ExhaustedSchedule {
  monitorId: string;
  afterMs: number;
}

interface TimelineEntry {
  compiled: CompiledSchedule;
  jitterMs: number;
  nextSlot: number;
  version: number;
}

interface HeapEntry {
  dueAt: number;
  monitorId: string;
  version: number;
}

/** How many passed slots are counted one by one before the timeline jumps straight to the next future slot. */
const MAX_MISSED_WALK = 1_000;

export class ScheduleTimeline {
  readonly #entries = new Map<string, TimelineEntry>();
  readonly #heap = new MinHeap<HeapEntry>((a, b) => a.dueAt - b.dueAt);
  #version = 0;
  /** Slots that passed without firing because the process was late (not counting the one fired). */
  missed = 0;

  get size(): number {
    return this.#entries.size;
  }

  /** Sets a monitor's schedule; its next slot is the first strictly after `nowMs`. Null if a cron never fires again. */
  upsert(monitorId: string, compiled: CompiledSchedule, nowMs: number): number | null {
    const jitterMs = compiledJitterMs(compiled, monitorId);
    const nextSlot = slotAfter(compiled, jitterMs, nowMs);
    if (nextSlot === null) {
      this.remove(monitorId);
      return null;
    }
    this.#put(monitorId, { compiled, jitterMs, nextSlot, version: ++this.#version });
    return nextSlot;
  }

  remove(monitorId: string): void {
    this.#entries.delete(monitorId);
    this.#compactIfStale();
  }

  /** The earliest pending slot (may belong to a removed schedule: then taking it yields nothing). */
  nextDueAt(): number | undefined {
    return this.#heap.peek()?.dueAt;
  }

  /** The monitor's next slot, if it has a schedule. */
  nextSlotOf(monitorId: string): number | undefined {
    return this.#entries.get(monitorId)?.nextSlot;
  }

  /** Moves every slot at or before `nowMs` that passed (e.g. while stopped) to the first slot after `nowMs`. */
  skipPast(nowMs: number): ExhaustedSchedule[] {
    const exhausted: ExhaustedSchedule[] = [];
    for (const [monitorId, entry] of [...this.#entries]) {
      if (entry.nextSlot > nowMs) continue;
      if (this.upsert(monitorId, entry.compiled, nowMs) === null)
        exhausted.push({ monitorId, afterMs: nowMs });
    }
    return exhausted;
  }

  /**
   * Takes the slots due at `nowMs`, oldest first, one per monitor, and advances each monitor to its first slot
   * after `nowMs`. The next slot is computed from the slot grid (never from when a run finished), so nothing
   * drifts; slots that already passed as well (the process was late) are counted in {@link missed}, not replayed.
   */
  takeDue(nowMs: number): { due: DueSlot[]; exhausted: ExhaustedSchedule[] } {
    const due: DueSlot[] = [];
    const exhausted: ExhaustedSchedule[] = [];
    for (let top = this.#heap.peek(); top && top.dueAt <= nowMs; top = this.#heap.peek()) {
      this.#heap.pop();
      const entry = this.#entries.get(top.monitorId);
      if (!entry || entry.version !== top.version) continue;
      const slotMs = entry.nextSlot;
      due.push({ monitorId: top.monitorId, slotMs });
      const next = this.#advance(entry, slotMs, nowMs);
      if (next === null) {
        this.#entries.delete(top.monitorId);
        exhausted.push({ monitorId: top.monitorId, afterMs: slotMs });
        continue;
      }
      this.#put(top.monitorId, { ...entry, nextSlot: next, version: ++this.#version });
    }
    return { due, exhausted };
  }

  #advance(entry: TimelineEntry, slotMs: number, nowMs: number): number | null {
    let next = slotAfter(entry.compiled, entry.jitterMs, slotMs);
    for (let walked = 0; next !== null && next <= nowMs; walked++) {
      if (walked === MAX_MISSED_WALK) return slotAfter(entry.compiled, entry.jitterMs, nowMs);
      this.missed++;
      next = slotAfter(entry.compiled, entry.jitterMs, next);
    }
    return next;
  }

  #put(monitorId: string, entry: TimelineEntry): void {
    this.#entries.set(monitorId, entry);
    this.#heap.push({ dueAt: entry.nextSlot, monitorId, version: entry.version });
    this.#compactIfStale();
  }

  #compactIfStale(): void {
    if (this.#heap.size <= 2 * this.#entries.size + 1_024) return;
    const live = [...this.#entries].map(([monitorId, e]) => ({
      dueAt: e.nextSlot,
      monitorId,
      version: e.version,
    }));
    this.#heap.rebuild(live);
  }
}
