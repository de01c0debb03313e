import type { ResolveReason } from './incident.js';
import type { IncidentEvent, Transition } from './incident-events.js';
import type { IncidentPolicy } from './incident-policy.js';
import {
  isIncidentOpen,
  withCountersReset,
  withIncidentClosed,
  type IncidentState,
  type MonitorLifecycle,
} from './incident-state.js';
import { recover } from './recovery.js';

type ReconcileEvent = Extract<IncidentEvent, { type: 'reconcile' }>;

/**
 * Paused or deleted: nobody will run the monitor, so nothing would ever close its incident: resolve it now with
 * that reason. The streaks reset, and runs still in flight are ignored from here on (see `applyRun`). Deleted is
 * final: a later pause keeps it deleted.
 */
export function stopMonitor(state: IncidentState, lifecycle: 'paused' | 'deleted'): Transition {
  const target = state.monitor === 'deleted' ? 'deleted' : lifecycle;
  const open = isIncidentOpen(state);
  if (state.monitor === target && !open) return { state, effects: [] };
  const stopped: IncidentState = withCountersReset({ ...state, monitor: target });
  if (!open) return { state: stopped, effects: [] };
  const reason: ResolveReason = target;
  return { state: withIncidentClosed(stopped), effects: [{ action: 'resolve', reason }] };
}

/**
 * Resumed: a fresh start. The streaks and the verdict are forgotten (a first verdict is not a flapping change);
 * nothing can be open, pausing resolved it. Resuming an active or deleted monitor changes nothing.
 */
export function resumeMonitor(state: IncidentState): Transition {
  if (state.monitor !== 'paused') return { state, effects: [] };
  return { state: freshStart(state), effects: [] };
}

function freshStart(state: IncidentState): IncidentState {
  return withCountersReset({ ...state, monitor: 'active', verdict: null, verdictChangedAt: [] });
}

/**
 * Edited: the streaks were measured against the old configuration, so they restart, and so does the flapping
 * history (an edit is often the fix for a flapping check). The verdict is kept and an open incident stays open
 * until the next confirmed verdict: `successThreshold` passing runs recover it, failing ones keep it (reminders
 * as usual).
 */
export function editMonitor(state: IncidentState): Transition {
  return { state: withCountersReset({ ...state, verdictChangedAt: [] }), effects: [] };
}

/**
 * Boot / resume reconcile, so that nothing stays open for a monitor that changed while nobody was looking:
 * - gone → resolve (reason `deleted`); disabled → resolve (reason `paused`); both also in maintenance.
 * - enabled again after a pause → as `monitor-resumed`.
 * - healthy with an incident open → recover with reason `reconciled` (per `onRecovery`, held if flapping),
 *   except in maintenance, whose end reconciles instead.
 * - unhealthy, or health unknown (`null`) → left as it is: a reconcile never triggers, runs do.
 */
export function reconcile(
  state: IncidentState,
  event: ReconcileEvent,
  policy: IncidentPolicy,
  now: Date,
): Transition {
  const lifecycle: MonitorLifecycle = !event.monitorExists
    ? 'deleted'
    : !event.monitorEnabled
      ? 'paused'
      : 'active';
  if (lifecycle !== 'active') return stopMonitor(state, lifecycle);
  // The store is the truth: a monitor it says exists and is enabled runs again, whatever this state remembered.
  const active = state.monitor === 'active' ? state : freshStart(state);
  const inMaintenance = active.maintenanceSince !== null;
  if (isIncidentOpen(active) && event.monitorHealthy === true && !inMaintenance) {
    return recover(active, policy, now, 'reconciled');
  }
  return { state: active, effects: [] };
}
