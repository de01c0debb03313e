/** What every route handler gets besides the request and response. */
import type { Clock } from '../util/clock.js';
import type { SandboxState } from './sandbox-state.js';

export interface SandboxContext {
  state: SandboxState;
  clock: Clock;
  /** Aborted by `close()`, so a delayed answer does not keep the process alive. */
  shutdownSignal: AbortSignal;
  /** Makes the key for a trigger that brought none. */
  newDedupKey: () => string;
}
