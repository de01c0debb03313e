import type { IncidentEvent, Transition } from './incident-events.js';
import type { IncidentPolicy } from './incident-policy.js';
import type { IncidentState } from './incident-state.js';
import { editMonitor, reconcile, resumeMonitor, stopMonitor } from './lifecycle-transition.js';
import { endMaintenance, startMaintenance } from './maintenance-transition.js';
import { acknowledgeManually, resolveManually } from './manual-transition.js';
import { applyRun } from './run-transition.js';

// Re-exported because this file was the engine's only module and callers import these from it.
export { INITIAL_INCIDENT_STATE, type IncidentState } from './incident-state.js';
export type { IncidentEffect, IncidentEvent, Transition } from './incident-events.js';

/**
 * The incident lifecycle as a pure function: given the current state, an event, the policy and the time, the
 * next state and what to send. No I/O, no clock: callers persist `state` and deliver `effects` together (one
 * transaction). Pass a state read from storage through `normalizeIncidentState` first.
 *
 * The rules of each event live with its handler: runs, thresholds and reminders in `run-transition.ts`,
 * recovery and the flapping hold in `recovery.ts`/`flapping.ts`, maintenance in `maintenance-transition.ts`,
 * people in `manual-transition.ts`, pause/resume/delete/edit and reconcile in `lifecycle-transition.ts`.
 */
export function transition(
  state: IncidentState,
  event: IncidentEvent,
  policy: IncidentPolicy,
  now: Date,
): Transition {
  switch (event.type) {
    case 'run':
      return applyRun(state, event, policy, now);
    case 'manual-acknowledge':
      return acknowledgeManually(state);
    case 'manual-resolve':
      return resolveManually(state);
    case 'monitor-paused':
      return stopMonitor(state, 'paused');
    case 'monitor-deleted':
      return stopMonitor(state, 'deleted');
    case 'monitor-resumed':
      return resumeMonitor(state);
    case 'monitor-edited':
      return editMonitor(state);
    case 'maintenance-start':
      return startMaintenance(state, now);
    case 'maintenance-end':
      return endMaintenance(state, policy, now);
    case 'reconcile':
      return reconcile(state, event, policy, now);
  }
}
