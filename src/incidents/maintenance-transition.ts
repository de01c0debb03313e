import type { Transition } from './incident-events.js';
import type { IncidentPolicy } from './incident-policy.js';
import { isIncidentOpen, type IncidentState } from './incident-state.js';
import { recover } from './recovery.js';

/**
 * A maintenance window began. Nothing is sent now, and until it ends runs send nothing either: no trigger, no
 * reminder, no recovery. An incident already open stays exactly as it is (not resolved: the outage it reports
 * is real and may outlast the window). Starting again while in a window (overlapping windows) changes nothing.
 */
export function startMaintenance(state: IncidentState, now: Date): Transition {
  if (state.maintenanceSince !== null || state.monitor === 'deleted') return { state, effects: [] };
  return { state: { ...state, maintenanceSince: now.toISOString() }, effects: [] };
}

/**
 * The window ended: reconcile what it held back.
 * - The failure streak restarts, so a monitor that went down during the window (nothing open) triggers only
 *   after `failureThreshold` failing runs after the end: it is confirmed anew, never paged for on the strength
 *   of runs nobody was to be paged for.
 * - An incident open since before the window, with the monitor healthy now (its last `successThreshold` runs
 *   passed), recovers with reason `maintenance` (per `onRecovery`, held if flapping). A recovery during the window
 *   is therefore reported at its end, not when it happened: the window promised silence.
 * - Still down: nothing is sent; it is the same incident. Reminders resume with the next failing run (one is sent
 *   at once if more than `remindEveryMs` passed since the last trigger).
 * The success streak is kept, so a monitor half-way to `successThreshold` recovers after the remaining runs.
 */
export function endMaintenance(state: IncidentState, policy: IncidentPolicy, now: Date): Transition {
  if (state.maintenanceSince === null) return { state, effects: [] };
  const next: IncidentState = { ...state, maintenanceSince: null, consecutiveFailures: 0 };
  const healthy = state.consecutiveSuccesses >= policy.successThreshold;
  if (isIncidentOpen(next) && healthy && next.monitor === 'active')
    return recover(next, policy, now, 'maintenance');
  return { state: next, effects: [] };
}
