/**
 * The monitor model as the public API shows it (see ../shared/design/API.md). Field names are the API's.
 */

/** `{"every": "30s".."24h"}` or a 5-field cron in an IANA time zone (default UTC). */
export type Schedule = { every: string } | { cron: string; timezone?: string };

/** How a monitor's collection is run. Defaults in {@link DEFAULT_MONITOR_OPTIONS}. */
export interface MonitorOptions {
  /** Per-request timeout in ms (0 = none). Default 30 000. */
  requestTimeoutMs: number;
  /** Per-script timeout in ms. Default 5 000. */
  scriptTimeoutMs: number;
  /** Pause between requests in ms. Default 0. */
  delayRequestMs: number;
  /** Default true. */
  followRedirects: boolean;
  /** Default true. */
  strictSSL: boolean;
  /** Extra attempts of a failed run before it counts (0–2). Default 0. */
  retries: number;
  /** Whole-run cap in ms, then `abort`. Default 600 000. */
  runTimeoutMs: number;
}

export const DEFAULT_MONITOR_OPTIONS: MonitorOptions = {
  requestTimeoutMs: 30_000,
  scriptTimeoutMs: 5_000,
  delayRequestMs: 0,
  followRedirects: true,
  strictSSL: true,
  retries: 0,
  runTimeoutMs: 600_000,
};

/** `paused` when disabled; else from the last finished run: `up` (success), `down` (any other), `unknown` (none). */
export type MonitorStatus = 'up' | 'down' | 'unknown' | 'paused';

export interface Monitor {
  id: string;
  name: string;
  /** Postman Collection v2.0/v2.1 JSON. */
  collection: Record<string, unknown>;
  /** Postman environment JSON, or null. */
  environment: Record<string, unknown> | null;
  /** Iteration data rows, or null. */
  iterationData: Record<string, unknown>[] | null;
  schedule: Schedule;
  options: MonitorOptions;
  enabled: boolean;
  /** ISO time of the next scheduled run; null while paused. */
  nextRunAt: string | null;
  createdAt: string;
  updatedAt: string;
}

/** What a client sends to create or replace a monitor. */
export interface MonitorInput {
  name: string;
  collection: Record<string, unknown>;
  environment?: Record<string, unknown> | null;
  iterationData?: Record<string, unknown>[] | null;
  schedule: Schedule;
  options?: Partial<MonitorOptions>;
  enabled?: boolean;
}

/** The region of runs in single-node server mode. */
export const LOCAL_REGION = 'local';

/** The stable PagerDuty dedup key of a monitor (architecture invariant): `pagewatch/<monitorId>[/<region>]`. */
export function monitorDedupKey(monitorId: string, region?: string): string {
  return region && region !== LOCAL_REGION ? `pagewatch/${monitorId}/${region}` : `pagewatch/${monitorId}`;
}
