/**
 * The database schema, one for both engines (SQLite and PostgreSQL). Portable on purpose: ids and times are text
 * (times as ISO-8601 UTC strings, which sort and compare correctly as text), JSON documents are text, booleans are
 * integers 0/1. Repositories convert rows to domain objects; nothing outside `store/` sees these row types.
 */
import type { Generated } from 'kysely';

export interface MonitorsTable {
  id: string;
  name: string;
  /** Postman collection JSON. */
  collection: string;
  /** Postman environment JSON, or null. */
  environment: string | null;
  /** Iteration data (JSON array of objects), or null. */
  iteration_data: string | null;
  /** `{"every": "1m"}` or `{"cron": "*\/5 * * * *", "timezone": "Europe/Berlin"}`. */
  schedule: string;
  /** Run options JSON (request timeout, retries, …). */
  options: string;
  enabled: number;
  /** ISO time of the next scheduled run, maintained by the scheduler; null when paused. */
  next_run_at: string | null;
  created_at: string;
  updated_at: string;
}

export interface RunsTable {
  id: string;
  monitor_id: string;
  region: string;
  /** `schedule | manual | retry`. */
  trigger: string;
  /** ISO time the run was due; with monitor and region it makes a run idempotent. */
  scheduled_at: string;
  /** `queued | running | success | failure | error | abort | overlap`. */
  status: string;
  attempt: number;
  started_at: string | null;
  finished_at: string | null;
  duration_ms: number | null;
  requests_total: number;
  requests_failed: number;
  assertions_total: number;
  assertions_failed: number;
  error: string | null;
  /** Console lines JSON, or null. */
  console: string | null;
  /** Warnings JSON, or null. */
  warnings: string | null;
  created_at: string;
}

export interface RunRequestsTable {
  run_id: string;
  position: number;
  name: string;
  method: string;
  url: string;
  status: number | null;
  response_time_ms: number | null;
  response_size: number | null;
  iteration: number;
  /** `[{name, passed, error?}]` JSON. */
  assertions: string;
  error: string | null;
}

export interface IntegrationsTable {
  id: string;
  /** `pagerduty | webhook`. */
  type: string;
  name: string;
  /** Non-secret configuration JSON (severity, eventsUrl, apiVersion, webhook url). */
  config: string;
  /** The secret (integration key, webhook secret) encrypted with the server's key; null when there is none. */
  secret_ciphertext: string | null;
  /** Last 4 characters of the secret, for masked display. */
  secret_last4: string | null;
  /** Incident policy JSON. */
  policy: string;
  created_at: string;
  updated_at: string;
  /** Set on delete; the row is purged once no delivery needs its key any more. Names are unique among live rows. */
  deleted_at: string | null;
}

export interface IntegrationMonitorsTable {
  integration_id: string;
  monitor_id: string;
}

/** The incident engine's state for one (monitor, integration, region). */
export interface AlertStatesTable {
  monitor_id: string;
  integration_id: string;
  region: string;
  /** IncidentState JSON. */
  state: string;
  open_incident_id: string | null;
  updated_at: string;
}

export interface IncidentsTable {
  id: string;
  monitor_id: string;
  integration_id: string;
  region: string;
  dedup_key: string;
  /** `triggered | acknowledged | resolved`. */
  status: string;
  summary: string;
  opened_at: string;
  acknowledged_at: string | null;
  resolved_at: string | null;
  /** `recovered | paused | deleted | manual | maintenance | reconciled`, or null while open. */
  resolve_reason: string | null;
  updated_at: string;
}

/** The outbox: events to deliver, in order per (integration, dedup key). */
export interface DeliveriesTable {
  /** Monotonic sequence: the delivery order. */
  seq: Generated<number>;
  id: string;
  incident_id: string | null;
  integration_id: string;
  monitor_id: string | null;
  dedup_key: string;
  /** `trigger | acknowledge | resolve | test | change`. */
  action: string;
  /** The event body JSON, without the integration key (added at send time from the encrypted store). */
  payload: string;
  /** `pending | sent | failed`. */
  status: string;
  attempts: number;
  next_attempt_at: string;
  /** Lease: a dispatcher owns the row until then. */
  claimed_until: string | null;
  claimed_by: string | null;
  last_error: string | null;
  created_at: string;
  sent_at: string | null;
}

export interface MaintenanceWindowsTable {
  id: string;
  name: string;
  /** Null: every monitor. */
  monitor_id: string | null;
  /** One-off window: ISO start and end. */
  starts_at: string | null;
  ends_at: string | null;
  /** Recurring window: 5-field cron of its start, IANA zone and length. */
  cron: string | null;
  timezone: string | null;
  duration_minutes: number | null;
  created_at: string;
}

export interface ApiTokensTable {
  id: string;
  name: string;
  /** `admin | editor | viewer`. */
  role: string;
  /** SHA-256 hex of the token; the token itself is never stored. */
  token_hash: string;
  created_at: string;
  last_used_at: string | null;
}

/** One-time login codes: a login link works once, until it expires. The code itself is never stored. */
export interface LoginCodesTable {
  /** SHA-256 hex of the code. */
  code_hash: string;
  /** The role of the API token the code is exchanged for. */
  role: string;
  created_at: string;
  expires_at: string;
  /** Set when the code is exchanged; a used code never works again. */
  used_at: string | null;
}

export interface Database {
  monitors: MonitorsTable;
  runs: RunsTable;
  run_requests: RunRequestsTable;
  integrations: IntegrationsTable;
  integration_monitors: IntegrationMonitorsTable;
  alert_states: AlertStatesTable;
  incidents: IncidentsTable;
  deliveries: DeliveriesTable;
  maintenance_windows: MaintenanceWindowsTable;
  api_tokens: ApiTokensTable;
  login_codes: LoginCodesTable;
}
