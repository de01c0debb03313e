import type { ResolveReason } from './incident.js';
import type { Transition } from './incident-events.js';
import type { IncidentPolicy } from './incident-policy.js';
import { withIncidentClosed, type IncidentState } from './incident-state.js';
import { isFlapping } from './flapping.js';

/**
 * The monitor is up (a confirmed recovery, a healthy maintenance end, a healthy reconcile) while an incident is
 * open: apply `policy.onRecovery`, unless the monitor is flapping, in which case the incident is held open as it
 * is and the next passing run asks again. `reason` says why a resolve happens. The run counters are kept: a
 * recovery is evidence, not a reset.
 */
export function recover(
  state: IncidentState,
  policy: IncidentPolicy,
  now: Date,
  reason: ResolveReason,
): Transition {
  if (isFlapping(state, policy.flapping, now)) return { state, effects: [] };
  switch (policy.onRecovery) {
    case 'resolve':
      return { state: withIncidentClosed(state), effects: [{ action: 'resolve', reason }] };
    case 'acknowledge':
      // Acknowledged incidents stay open until a human resolves them; do not acknowledge twice.
      if (state.status === 'acknowledged') return { state, effects: [] };
      return { state: { ...state, status: 'acknowledged' }, effects: [{ action: 'acknowledge' }] };
    case 'nothing':
      return { state, effects: [] };
  }
}
