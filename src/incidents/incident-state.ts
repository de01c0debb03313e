/** A run verdict the policy has confirmed: `down` after `failureThreshold` failing runs, `up` after `successThreshold` passing ones. */
export type Verdict = 'up' | 'down';

/** What the engine knows of the monitor's life: runs and alerts only count while it is `active`. */
export type MonitorLifecycle = 'active' | 'paused' | 'deleted';

/**
 * The incident state of one dedup key (one monitor × integration, or × region too). Plain data, JSON-serialisable:
 * the service stores it as JSON and reads it back through `normalizeIncidentState`.
 */
export interface IncidentState {
  /**
   * `ok`: nothing open. `triggered`/`acknowledged`: an incident is open in PagerDuty with that status. The service
   * keeps its incident row in step: a `trigger` effect with `reminder: false` opens one, `resolve` closes it.
   */
  status: 'ok' | 'triggered' | 'acknowledged';
  consecutiveFailures: number;
  consecutiveSuccesses: number;
  /** ISO time the open incident was triggered; null when none is open. */
  openedAt: string | null;
  /** ISO time of the last trigger sent (first or reminder); null when none is open. */
  lastTriggeredAt: string | null;
  /**
   * The last confirmed verdict; null until the first one (a new monitor, or a state stored before this field
   * existed). Flapping counts changes of it, so a first verdict is never a change.
   */
  verdict: Verdict | null;
  /**
   * ISO times of the most recent verdict changes, oldest first, kept only while the policy detects flapping and
   * at most `flapping.changes` of them (the oldest kept one is all the window rule needs). Changes that happen in
   * maintenance are not recorded: work during a window is expected to flap.
   */
  verdictChangedAt: string[];
  /** ISO time the current maintenance window started (as told by `maintenance-start`); null outside one. */
  maintenanceSince: string | null;
  /** Default `active`; `paused`/`deleted` after those events (or a reconcile saying so): runs are then ignored. */
  monitor: MonitorLifecycle;
}

export const INITIAL_INCIDENT_STATE: IncidentState = {
  status: 'ok',
  consecutiveFailures: 0,
  consecutiveSuccesses: 0,
  openedAt: null,
  lastTriggeredAt: null,
  verdict: null,
  verdictChangedAt: [],
  maintenanceSince: null,
  monitor: 'active',
};

/** True while an incident is open in PagerDuty (triggered or acknowledged). */
export function isIncidentOpen(state: IncidentState): boolean {
  return state.status !== 'ok';
}

/** The state with no incident open (what every resolve leaves); the counters are left to the caller. */
export function withIncidentClosed(state: IncidentState): IncidentState {
  return { ...state, status: 'ok', openedAt: null, lastTriggeredAt: null };
}

/** Forget the run streaks, so the next verdict is confirmed from scratch (`failureThreshold` runs again). */
export function withCountersReset(state: IncidentState): IncidentState {
  return { ...state, consecutiveFailures: 0, consecutiveSuccesses: 0 };
}

/**
 * Reads a stored state back. Tolerant on purpose, because states outlive code versions: missing fields (states
 * written before flapping, maintenance and lifecycle existed) take their initial value, unknown fields are dropped,
 * and a field of the wrong type falls back to its initial value rather than failing the monitor's runs. The one
 * guess: a missing or unknown `status` with an `openedAt` is treated as `triggered`, so an open incident is never
 * forgotten (forgetting it would leave it open in PagerDuty forever).
 */
export function normalizeIncidentState(stored: unknown): IncidentState {
  const record = isRecord(stored) ? stored : {};
  const openedAt = isoOrNull(record.openedAt);
  return {
    status: isOneOf(record.status, ['ok', 'triggered', 'acknowledged'] as const)
      ? record.status
      : openedAt
        ? 'triggered'
        : 'ok',
    consecutiveFailures: countOrZero(record.consecutiveFailures),
    consecutiveSuccesses: countOrZero(record.consecutiveSuccesses),
    openedAt,
    lastTriggeredAt: isoOrNull(record.lastTriggeredAt),
    verdict: isOneOf(record.verdict, ['up', 'down'] as const) ? record.verdict : null,
    verdictChangedAt: Array.isArray(record.verdictChangedAt)
      ? record.verdictChangedAt.filter((at): at is string => isoOrNull(at) !== null)
      : [],
    maintenanceSince: isoOrNull(record.maintenanceSince),
    monitor: isOneOf(record.monitor, ['active', 'paused', 'deleted'] as const) ? record.monitor : 'active',
  };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isOneOf<T extends string>(value: unknown, allowed: readonly T[]): value is T {
  return typeof value === 'string' && (allowed as readonly string[]).includes(value);
}

function countOrZero(value: unknown): number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0 ? value : 0;
}

function isoOrNull(value: unknown): string | null {
  return typeof value === 'string' && !Number.isNaN(Date.parse(value)) ? value : null;
}
