/**
 * Flapping: the confirmed verdict of a monitor (see `IncidentState.verdict`) changed `changes` times within
 * `windowMs`. While flapping, an open incident is held open instead of being resolved and re-triggered, so the
 * on-call gets ONE incident rather than a trigger/resolve pair per change.
 */
export interface FlappingPolicy {
  /** Verdict changes (up→down or down→up) within `windowMs` that make a monitor flapping. At least 2. */
  changes: number;
  /** The sliding window in which the changes are counted, in ms. */
  windowMs: number;
}

/** When an integration pages and when it stops. Every field has the default Postman/PagerDuty users expect. */
export interface IncidentPolicy {
  /** Consecutive failed (failure/error/abort) runs before an incident is triggered. Default 1. */
  failureThreshold: number;
  /** Consecutive successful runs before an open incident recovers. Default 1. */
  successThreshold: number;
  /** What recovery does to the open incident: resolve it, only acknowledge it, or leave it. Default `resolve`. */
  onRecovery: 'resolve' | 'acknowledge' | 'nothing';
  /**
   * While an incident is open, a failing run re-sends the trigger (same dedup key: PagerDuty adds it to the alert
   * log, no new incident) once at least this many ms passed since the last trigger. 0 = on every failing run;
   * null = never. Suppressed during maintenance. Default null.
   */
  remindEveryMs: number | null;
  /**
   * Hold an open incident open while the monitor flaps (see `FlappingPolicy`); it recovers only once the monitor
   * is up (`successThreshold` passing runs) AND fewer than `changes` verdict changes remain within `windowMs`.
   * null = no flapping detection: every confirmed recovery recovers. Default null.
   */
  flapping: FlappingPolicy | null;
}

export const DEFAULT_INCIDENT_POLICY: IncidentPolicy = {
  failureThreshold: 1,
  successThreshold: 1,
  onRecovery: 'resolve',
  remindEveryMs: null,
  flapping: null,
};
