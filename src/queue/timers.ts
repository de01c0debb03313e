/**
 * The timer functions the in-process queue uses, injected so tests drive time with a fake clock. Together with
 * {@link Clock} (`now()`), they are the queue's only contact with real time.
 */
export interface TimerFunctions {
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export const systemTimers: TimerFunctions = {
  setTimeout: (callback, ms) => setTimeout(callback, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};
