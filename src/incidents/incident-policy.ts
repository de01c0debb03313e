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
   * null = never. Default null.
   */
  remindEveryMs: number | null;
}

export const DEFAULT_INCIDENT_POLICY: IncidentPolicy = {
  failureThreshold: 1,
  successThreshold: 1,
  onRecovery: 'resolve',
  remindEveryMs: null,
};
