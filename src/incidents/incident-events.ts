import type { RunStatus } from '../runner/run-result.js';
import type { ResolveReason } from './incident.js';
import type { IncidentState } from './incident-state.js';

/** Everything that can move an incident: a finished run, a person, the monitor's lifecycle, maintenance, a reconcile. */
export type IncidentEvent =
  /** A finished run. `summary` is what a trigger caused by this run should say; it is passed into the effect. */
  | { type: 'run'; status: RunStatus; summary?: string }
  /** Someone acknowledged the open incident (API or dashboard). */
  | { type: 'manual-acknowledge' }
  /** Someone resolved the open incident; the next failing runs (per `failureThreshold`) open a new one. */
  | { type: 'manual-resolve' }
  | { type: 'monitor-paused' }
  | { type: 'monitor-resumed' }
  | { type: 'monitor-deleted' }
  /** Collection, schedule or options changed: earlier runs no longer say much about the new configuration. */
  | { type: 'monitor-edited' }
  /** A maintenance window covering this monitor began (the service decides with `isInMaintenance`). */
  | { type: 'maintenance-start' }
  | { type: 'maintenance-end' }
  /**
   * Boot / resume: what the store says about the monitor now. `monitorHealthy` is its last run's verdict, null
   * when unknown (no run yet, or the last one too old to trust).
   */
  | { type: 'reconcile'; monitorHealthy: boolean | null; monitorExists: boolean; monitorEnabled: boolean };

export type IncidentEventType = IncidentEvent['type'];

/**
 * Something to send because of a transition: the service writes it to the outbox (and the incident row) in the
 * same transaction as the new state. `trigger` with `reminder: false` opens a new incident; with `reminder: true`
 * it re-sends the trigger of the open one (same dedup key, so PagerDuty only adds to its log).
 */
export type IncidentEffect =
  | { action: 'trigger'; reminder: boolean; summary?: string }
  | { action: 'acknowledge' }
  | { action: 'resolve'; reason: ResolveReason };

export interface Transition {
  state: IncidentState;
  effects: IncidentEffect[];
}
