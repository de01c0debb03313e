import type { RunStatus } from '../runner/run-result.js';
import type { IncidentPolicy } from './incident-policy.js';

/** The incident state of one dedup key (one monitor, or one monitor × region). Plain data, JSON-serialisable. */
export interface IncidentState {
  /** `ok`: nothing open. `triggered`/`acknowledged`: an incident is open in PagerDuty. */
  status: 'ok' | 'triggered' | 'acknowledged';
  consecutiveFailures: number;
  consecutiveSuccesses: number;
  /** ISO time the open incident was triggered; null when none is open. */
  openedAt: string | null;
  /** ISO time of the last trigger sent (first or reminder); null when none is open. */
  lastTriggeredAt: string | null;
}

export const INITIAL_INCIDENT_STATE: IncidentState = {
  status: 'ok',
  consecutiveFailures: 0,
  consecutiveSuccesses: 0,
  openedAt: null,
  lastTriggeredAt: null,
};

export type IncidentEvent = { type: 'run'; status: RunStatus };

/** Something to send because of a transition: the notifier turns it into a PagerDuty event. */
export type IncidentEffect =
  { action: 'trigger'; reminder: boolean } | { action: 'acknowledge' } | { action: 'resolve' };

export interface Transition {
  state: IncidentState;
  effects: IncidentEffect[];
}

/**
 * The incident lifecycle as a pure function: given the current state, an event, the policy and the time, the
 * next state and what to send. No I/O, no clock: callers persist `state` and deliver `effects` together.
 */
export function transition(
  state: IncidentState,
  event: IncidentEvent,
  policy: IncidentPolicy,
  now: Date,
): Transition {
  const failed = event.status !== 'success';
  const next: IncidentState = failed
    ? { ...state, consecutiveFailures: state.consecutiveFailures + 1, consecutiveSuccesses: 0 }
    : { ...state, consecutiveSuccesses: state.consecutiveSuccesses + 1, consecutiveFailures: 0 };
  const open = state.status !== 'ok';
  const at = now.toISOString();

  if (failed && !open && next.consecutiveFailures >= policy.failureThreshold) {
    return {
      state: { ...next, status: 'triggered', openedAt: at, lastTriggeredAt: at },
      effects: [{ action: 'trigger', reminder: false }],
    };
  }
  if (failed && open && isReminderDue(state, policy, now)) {
    return { state: { ...next, lastTriggeredAt: at }, effects: [{ action: 'trigger', reminder: true }] };
  }
  if (!failed && open && next.consecutiveSuccesses >= policy.successThreshold) {
    return recover(next, policy);
  }
  return { state: next, effects: [] };
}

function isReminderDue(state: IncidentState, policy: IncidentPolicy, now: Date): boolean {
  if (policy.remindEveryMs === null) return false;
  const last = state.lastTriggeredAt ? Date.parse(state.lastTriggeredAt) : 0;
  return now.getTime() - last >= policy.remindEveryMs;
}

function recover(state: IncidentState, policy: IncidentPolicy): Transition {
  switch (policy.onRecovery) {
    case 'resolve':
      return {
        state: { ...state, status: 'ok', openedAt: null, lastTriggeredAt: null },
        effects: [{ action: 'resolve' }],
      };
    case 'acknowledge':
      // Acknowledged incidents stay open until a human resolves them; do not acknowledge twice.
      if (state.status === 'acknowledged') return { state, effects: [] };
      return { state: { ...state, status: 'acknowledged' }, effects: [{ action: 'acknowledge' }] };
    case 'nothing':
      return { state, effects: [] };
  }
}
