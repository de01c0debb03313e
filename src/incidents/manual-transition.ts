import type { Transition } from './incident-events.js';
import {
  isIncidentOpen,
  withCountersReset,
  withIncidentClosed,
  type IncidentState,
} from './incident-state.js';

/** Someone acknowledged: tell PagerDuty once; an incident that is not open or already acknowledged is left alone. */
export function acknowledgeManually(state: IncidentState): Transition {
  if (state.status !== 'triggered') return { state, effects: [] };
  return { state: { ...state, status: 'acknowledged' }, effects: [{ action: 'acknowledge' }] };
}

/**
 * Someone resolved: resolve it in PagerDuty and reset the streaks, so the failures that opened it do not count
 * again: a monitor still down opens a NEW incident after `failureThreshold` more failing runs. Works in maintenance
 * too (a person's decision is not an alert). The flapping history is kept: it describes the monitor, not the
 * incident.
 */
export function resolveManually(state: IncidentState): Transition {
  if (!isIncidentOpen(state)) return { state, effects: [] };
  return {
    state: withCountersReset(withIncidentClosed(state)),
    effects: [{ action: 'resolve', reason: 'manual' }],
  };
}
