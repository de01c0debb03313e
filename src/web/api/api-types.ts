/**
 * The resources of the public REST API (docs: /api/docs, design: API.md) as the dashboard reads them. Only the
 * fields the dashboard uses are typed; times are ISO-8601 UTC strings.
 */

/** `{data, pagination}`: the shape of every list. */
export interface ListPage<T> {
  data: T[];
  pagination: { limit: number; nextCursor: string | null };
}

/** One problem of a request, with where it is (`schedule.cron`, `config.integrationKey`, `collection.item[2]`). */
export interface ErrorDetail {
  path?: string;
  message: string;
}

/** The API's one error body. */
export interface ApiErrorBody {
  error: { code: string; message: string; details?: ErrorDetail[] };
}

export type Schedule = { every: string } | { cron: string; timezone?: string };

export interface MonitorOptions {
  requestTimeoutMs: number;
  scriptTimeoutMs: number;
  delayRequestMs: number;
  followRedirects: boolean;
  strictSSL: boolean;
  retries: number;
  runTimeoutMs: number;
}

export type MonitorStatus = 'up' | 'down' | 'unknown' | 'paused';

export interface MonitorListItem {
  id: string;
  name: string;
  schedule: Schedule;
  options: MonitorOptions;
  enabled: boolean;
  status: MonitorStatus;
  lastRun: { id: string; status: string; finishedAt: string | null } | null;
  nextRunAt: string | null;
  createdAt: string;
  updatedAt: string;
  /** Only in lists asked with `?include=stats`. */
  stats?: MonitorStats;
}

/** A monitor's recent runs, aggregated by the server (`GET /monitors?include=stats`). */
export interface MonitorStats {
  /** Share (0…1) of the finished runs of the last 24 h that passed; null when none. */
  uptime24h: number | null;
  uptime7d: number | null;
  runs24h: number;
  runs7d: number;
  /** Average run duration (ms) per hour over the last 24 hours, oldest first; null for hours without runs. */
  durations: (number | null)[];
}

export interface Monitor extends MonitorListItem {
  collection: Record<string, unknown>;
  environment: Record<string, unknown> | null;
  iterationData: Record<string, unknown>[] | null;
}

/** What POST/PUT /monitors take. */
export interface MonitorInput {
  name: string;
  collection: Record<string, unknown>;
  environment?: Record<string, unknown> | null;
  iterationData?: Record<string, unknown>[] | null;
  schedule: Schedule;
  options?: Partial<MonitorOptions>;
  enabled?: boolean;
}

export const RUN_STATUSES = ['queued', 'running', 'success', 'failure', 'error', 'abort', 'overlap'] as const;
export type RunStatus = (typeof RUN_STATUSES)[number];

export interface RunCounter {
  total: number;
  failed: number;
}

export interface RunSummary {
  id: string;
  monitorId: string;
  region: string;
  trigger: 'schedule' | 'manual' | 'retry';
  scheduledAt: string;
  attempt: number;
  status: RunStatus;
  startedAt: string | null;
  finishedAt: string | null;
  durationMs: number | null;
  stats: { requests: RunCounter; assertions: RunCounter };
  error?: string;
  warnings?: string[];
}

export interface Assertion {
  name: string;
  passed: boolean;
  error?: string;
}

export interface Execution {
  name: string;
  method: string;
  url: string;
  status?: number;
  responseTimeMs?: number;
  responseSize?: number;
  iteration: number;
  assertions: Assertion[];
  error?: string;
}

export interface Run extends RunSummary {
  executions: Execution[];
  console?: { level: string; message: string }[];
}

export type Severity = 'critical' | 'error' | 'warning' | 'info';
export type OnRecovery = 'resolve' | 'acknowledge' | 'nothing';

export interface PagerDutyConfig {
  integrationKey: string;
  severity: Severity;
  eventsUrl: string;
  apiVersion: 'v2' | 'v1';
}

export interface WebhookConfig {
  url: string;
  secret?: string;
}

export interface IncidentPolicy {
  failureThreshold: number;
  successThreshold: number;
  onRecovery: OnRecovery;
  remindEveryMs: number | null;
  flapping: { changes: number; windowMs: number } | null;
}

interface IntegrationCommon {
  id: string;
  name: string;
  policy: IncidentPolicy;
  monitorIds: string[];
  lastDelivery: { status: string; at: string; lastError: string | null } | null;
  createdAt: string;
  updatedAt: string;
}

export type Integration =
  | (IntegrationCommon & { type: 'pagerduty'; config: PagerDutyConfig })
  | (IntegrationCommon & { type: 'webhook'; config: WebhookConfig });

export type IntegrationType = Integration['type'];

/** What POST/PUT /integrations take (a masked key sent back means "keep the stored key"). */
export type IntegrationInput =
  | {
      type: 'pagerduty';
      name: string;
      config: Partial<PagerDutyConfig> & { integrationKey: string };
      policy?: Partial<IncidentPolicy>;
      monitorIds: string[];
    }
  | {
      type: 'webhook';
      name: string;
      config: WebhookConfig;
      policy?: Partial<IncidentPolicy>;
      monitorIds: string[];
    };

export type IncidentStatus = 'triggered' | 'acknowledged' | 'resolved';

export interface Incident {
  id: string;
  monitorId: string;
  integrationId: string;
  region: string;
  dedupKey: string;
  status: IncidentStatus;
  summary: string;
  openedAt: string;
  acknowledgedAt: string | null;
  resolvedAt: string | null;
  resolveReason: 'recovered' | 'paused' | 'deleted' | 'manual' | 'maintenance' | 'reconciled' | null;
}

export type DeliveryStatus = 'pending' | 'sent' | 'failed';

export interface Delivery {
  id: string;
  incidentId: string | null;
  integrationId: string;
  monitorId: string | null;
  dedupKey: string;
  action: 'trigger' | 'acknowledge' | 'resolve' | 'test' | 'change';
  status: DeliveryStatus;
  attempts: number;
  nextAttemptAt: string;
  lastError: string | null;
  createdAt: string;
  sentAt: string | null;
}

/** `GET /api/v1/demo`: only in demo mode. */
export interface DemoState {
  demoApiUrl: string;
  broken: boolean;
  sandboxUrl: string;
}

export interface LoginExchange {
  token: string;
  role: string;
}
