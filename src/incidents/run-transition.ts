import type { IncidentEvent, Transition } from './incident-events.js';
import type { IncidentPolicy } from './incident-policy.js';
import { isIncidentOpen, type IncidentState, type Verdict } from './incident-state.js';
import { withConfirmedVerdict } from './flapping.js';
import { recover } from './recovery.js';

type RunEvent = Extract<IncidentEvent, { type: 'run' }>;

/**
 * A finished run. Failure, error and abort all count as failing. The streaks confirm a verdict (`down` at
 * `failureThreshold` consecutive failing runs, `up` at `successThreshold` passing ones); a confirmed `down` with
 * nothing open triggers, a failing run while open re-sends the trigger when a reminder is due, a confirmed `up`
 * while open recovers. In maintenance the runs are still counted (the window's end needs to know the monitor's
 * health) but nothing is sent. A run of a paused or deleted monitor (one that was in flight) is ignored.
 */
export function applyRun(
  state: IncidentState,
  event: RunEvent,
  policy: IncidentPolicy,
  now: Date,
): Transition {
  if (state.monitor !== 'active') return { state, effects: [] };
  const failed = event.status !== 'success';
  const counted: IncidentState = failed
    ? { ...state, consecutiveFailures: state.consecutiveFailures + 1, consecutiveSuccesses: 0 }
    : { ...state, consecutiveSuccesses: state.consecutiveSuccesses + 1, consecutiveFailures: 0 };
  const confirmed = confirmedVerdict(counted, failed, policy);
  const inMaintenance = state.maintenanceSince !== null;
  const next = confirmed
    ? withConfirmedVerdict(counted, confirmed, policy.flapping, now, !inMaintenance)
    : counted;
  if (inMaintenance) return { state: next, effects: [] };

  const open = isIncidentOpen(state);
  const at = now.toISOString();
  const summary = event.summary === undefined ? {} : { summary: event.summary };
  if (confirmed === 'down' && !open) {
    return {
      state: { ...next, status: 'triggered', openedAt: at, lastTriggeredAt: at },
      effects: [{ action: 'trigger', reminder: false, ...summary }],
    };
  }
  if (failed && open && isReminderDue(state, policy, now)) {
    return {
      state: { ...next, lastTriggeredAt: at },
      effects: [{ action: 'trigger', reminder: true, ...summary }],
    };
  }
  if (confirmed === 'up' && open) return recover(next, policy, now, 'recovered');
  return { state: next, effects: [] };
}

function confirmedVerdict(counted: IncidentState, failed: boolean, policy: IncidentPolicy): Verdict | null {
  if (failed) return counted.consecutiveFailures >= policy.failureThreshold ? 'down' : null;
  return counted.consecutiveSuccesses >= policy.successThreshold ? 'up' : null;
}

/** Due once `remindEveryMs` passed since the last trigger (a missing time counts as long ago). */
function isReminderDue(state: IncidentState, policy: IncidentPolicy, now: Date): boolean {
  if (policy.remindEveryMs === null) return false;
  const last = state.lastTriggeredAt ? Date.parse(state.lastTriggeredAt) : 0;
  return now.getTime() - last >= policy.remindEveryMs;
}
