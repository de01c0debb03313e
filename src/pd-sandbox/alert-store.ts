/**
 * PagerDuty's alert semantics as a pure function over immutable state: what one accepted trigger, acknowledge or
 * resolve does to the alerts. No I/O and no clock: the caller passes the time.
 *
 * Rules (PagerDuty docs, "Alert De-Duplication"):
 * - alerts are keyed by (routing key, dedup key); at most one is open per key;
 * - a trigger with no open alert opens one; a trigger on an open alert only adds a log entry (an acknowledged
 *   alert stays acknowledged);
 * - acknowledge/resolve move the open alert; for an unknown or resolved key they are accepted and dropped;
 * - once resolved, a trigger with that key opens a new alert;
 * - events sent with another routing key never touch the alert.
 */

export const EVENT_ACTIONS = ['trigger', 'acknowledge', 'resolve'] as const;
export type EventAction = (typeof EVENT_ACTIONS)[number];

export const SEVERITIES = ['critical', 'error', 'warning', 'info'] as const;
export type Severity = (typeof SEVERITIES)[number];

export type AlertStatus = 'triggered' | 'acknowledged' | 'resolved';

/** What an event did to its alert. */
export type AlertLogOutcome = 'opened' | 'deduplicated' | 'acknowledged' | 'resolved';

export interface AlertLogEntry {
  /** ISO-8601 time the event was taken. */
  at: string;
  action: EventAction;
  outcome: AlertLogOutcome;
  /** The trigger's summary (triggers only). */
  summary?: string;
}

export interface Alert {
  id: string;
  /** The full integration key; masked by the views that list alerts. */
  routingKey: string;
  dedupKey: string;
  status: AlertStatus;
  summary: string;
  /** Null for Events API v1 alerts, which carry no severity. */
  severity: Severity | null;
  /** Null for Events API v1 alerts, which carry no source. */
  source: string | null;
  createdAt: string;
  acknowledgedAt: string | null;
  resolvedAt: string | null;
  log: AlertLogEntry[];
}

/** An accepted, valid event as the store sees it (v1 events are mapped onto the same shape). */
export interface AlertEventInput {
  routingKey: string;
  action: EventAction;
  dedupKey: string;
  /** Required on trigger (the validators guarantee it). */
  summary?: string;
  severity?: Severity;
  source?: string;
}

/** A validated event before a missing trigger dedup key has been generated. */
export type AlertEventRequest = Omit<AlertEventInput, 'dedupKey'> & { dedupKey: string | undefined };

export interface AlertStoreState {
  readonly alerts: readonly Alert[];
  /** Numbers alert ids, so ids are stable and predictable in tests. */
  readonly nextAlertNumber: number;
}

export const EMPTY_ALERT_STORE: AlertStoreState = { alerts: [], nextAlertNumber: 1 };

export type AlertEventResult =
  | { outcome: 'accepted'; state: AlertStoreState; alert: Alert }
  | { outcome: 'dropped'; state: AlertStoreState; reason: string };

/** The open (not resolved) alert for this routing key and dedup key, if any. */
export function findOpenAlert(
  state: AlertStoreState,
  routingKey: string,
  dedupKey: string,
): Alert | undefined {
  return state.alerts.find(
    (alert) => alert.routingKey === routingKey && alert.dedupKey === dedupKey && alert.status !== 'resolved',
  );
}

/** Applies one accepted event at time `at` (ISO-8601) and says whether it changed an alert or was dropped. */
export function applyAlertEvent(
  state: AlertStoreState,
  event: AlertEventInput,
  at: string,
): AlertEventResult {
  const open = findOpenAlert(state, event.routingKey, event.dedupKey);

  if (event.action === 'trigger') {
    if (open) {
      const entry = triggerLogEntry(at, 'deduplicated', event.summary);
      return accepted(state, { ...open, log: [...open.log, entry] });
    }
    return opened(state, event, at);
  }

  if (!open) {
    return {
      outcome: 'dropped',
      state,
      reason: `no open alert for dedup key '${event.dedupKey}' on this routing key`,
    };
  }
  if (event.action === 'acknowledge') {
    const entry: AlertLogEntry = { at, action: 'acknowledge', outcome: 'acknowledged' };
    // A second acknowledge keeps the first acknowledgement time: it is when someone first took the alert.
    return accepted(state, {
      ...open,
      status: 'acknowledged',
      acknowledgedAt: open.acknowledgedAt ?? at,
      log: [...open.log, entry],
    });
  }
  const entry: AlertLogEntry = { at, action: 'resolve', outcome: 'resolved' };
  return accepted(state, { ...open, status: 'resolved', resolvedAt: at, log: [...open.log, entry] });
}

function opened(state: AlertStoreState, event: AlertEventInput, at: string): AlertEventResult {
  const alert: Alert = {
    id: `alert-${state.nextAlertNumber}`,
    routingKey: event.routingKey,
    dedupKey: event.dedupKey,
    status: 'triggered',
    summary: event.summary ?? '',
    severity: event.severity ?? null,
    source: event.source ?? null,
    createdAt: at,
    acknowledgedAt: null,
    resolvedAt: null,
    log: [triggerLogEntry(at, 'opened', event.summary)],
  };
  return {
    outcome: 'accepted',
    state: { alerts: [...state.alerts, alert], nextAlertNumber: state.nextAlertNumber + 1 },
    alert,
  };
}

function triggerLogEntry(at: string, outcome: AlertLogOutcome, summary: string | undefined): AlertLogEntry {
  return { at, action: 'trigger', outcome, ...(summary === undefined ? {} : { summary }) };
}

function accepted(state: AlertStoreState, updated: Alert): AlertEventResult {
  const alerts = state.alerts.map((alert) => (alert.id === updated.id ? updated : alert));
  return { outcome: 'accepted', state: { ...state, alerts }, alert: updated };
}
