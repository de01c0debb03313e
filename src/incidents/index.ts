// The incident engine's public surface: what the service layer, the CLI and the API need. Internals (the
// per-event transitions, recovery, flapping bookkeeping) stay behind `transition`.
export { transition } from './transition.js';
export type { IncidentEffect, IncidentEvent, IncidentEventType, Transition } from './incident-events.js';
export {
  INITIAL_INCIDENT_STATE,
  isIncidentOpen,
  normalizeIncidentState,
  type IncidentState,
  type MonitorLifecycle,
  type Verdict,
} from './incident-state.js';
export { DEFAULT_INCIDENT_POLICY, type FlappingPolicy, type IncidentPolicy } from './incident-policy.js';
export { isFlapping } from './flapping.js';
export {
  isInMaintenance,
  isMaintenanceWindowActive,
  maintenanceWindowProblem,
  type MaintenanceWindow,
  type OneOffMaintenanceWindow,
  type RecurringMaintenanceWindow,
} from './maintenance-window.js';
export type * from './incident.js';
