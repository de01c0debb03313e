import type { Clock } from '../../src/util/clock.js';
import type { TimerFunctions } from '../../src/queue/timers.js';

interface FakeTimer {
  id: number;
  at: number;
  callback: () => void;
}

/** Lets pending promise chains (handlers awaiting fake sleeps, callbacks) run to their next wait. */
export async function settle(): Promise<void> {
  for (let turn = 0; turn < 5; turn++) await new Promise<void>((resolve) => setImmediate(resolve));
}

/**
 * A clock and timers that move only when told: `advance(ms)` fires due timers in time order (letting promises
 * settle after each), `jump(ms)` moves the clock without firing anything (a stalled or suspended process).
 */
export class FakeTime implements Clock, TimerFunctions {
  #now: number;
  #nextId = 1;
  readonly #timers = new Map<number, FakeTimer>();

  constructor(start: number | string) {
    this.#now = typeof start === 'number' ? start : Date.parse(start);
  }

  now(): number {
    return this.#now;
  }

  setTimeout(callback: () => void, ms: number): unknown {
    const id = this.#nextId++;
    this.#timers.set(id, { id, at: this.#now + Math.max(0, ms), callback });
    return id;
  }

  clearTimeout(handle: unknown): void {
    this.#timers.delete(handle as number);
  }

  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    return new Promise((resolve, reject) => {
      if (signal?.aborted) return reject(signal.reason);
      const handle = this.setTimeout(resolve, ms);
      signal?.addEventListener(
        'abort',
        () => {
          this.clearTimeout(handle);
          reject(signal.reason);
        },
        { once: true },
      );
    });
  }

  /** Pending timers' due times, earliest first. */
  pendingTimers(): number[] {
    return [...this.#timers.values()].map((timer) => timer.at).sort((a, b) => a - b);
  }

  /** Moves the clock without firing timers. */
  jump(ms: number): void {
    this.#now += ms;
  }

  /** Moves the clock forward `ms`, firing every timer that comes due on the way, in order. */
  async advance(ms: number): Promise<void> {
    const target = this.#now + ms;
    await settle();
    for (let fired = 0; ; fired++) {
      if (fired > 1_000_000) throw new Error('FakeTime: more than a million timers fired in one advance()');
      let next: FakeTimer | undefined;
      for (const timer of this.#timers.values()) {
        if (
          timer.at <= target &&
          (!next || timer.at < next.at || (timer.at === next.at && timer.id < next.id))
        ) {
          next = timer;
        }
      }
      if (!next) break;
      this.#timers.delete(next.id);
      this.#now = Math.max(this.#now, next.at);
      next.callback();
      await settle();
    }
    this.#now = Math.max(this.#now, target);
    await settle();
  }
}
