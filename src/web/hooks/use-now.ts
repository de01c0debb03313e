import { useSyncExternalStore } from 'react';

/** How often relative times ("in 5 seconds") move on. */
const TICK_MS = 5_000;

type Listener = () => void;
const listeners = new Set<Listener>();
let now = Date.now();
let timer: number | undefined;

function subscribe(listener: Listener): () => void {
  listeners.add(listener);
  timer ??= window.setInterval(() => {
    now = Date.now();
    for (const each of listeners) each();
  }, TICK_MS);
  return () => {
    listeners.delete(listener);
    if (listeners.size === 0) {
      window.clearInterval(timer);
      timer = undefined;
    }
  };
}

/**
 * The time of the last tick: a component that calls this re-renders every few seconds, driven by one timer
 * shared by every component that shows a relative time.
 */
export function useNow(): number {
  return useSyncExternalStore(subscribe, () => now);
}
