import { NetworkError } from './api-error';

/**
 * The local PagerDuty sandbox's inspection API (`pagewatch sandbox`, src/pd-sandbox), read cross-origin: the
 * sandbox answers `GET /sandbox/*` with `Access-Control-Allow-Origin: *`. It needs no token.
 */
export type SandboxAlertStatus = 'triggered' | 'acknowledged' | 'resolved';

export interface SandboxAlertLogEntry {
  at: string;
  action: 'trigger' | 'acknowledge' | 'resolve';
  outcome: 'opened' | 'deduplicated' | 'acknowledged' | 'resolved';
  summary?: string;
}

export interface SandboxAlert {
  id: string;
  /** Masked to its last 4 characters. */
  routingKey: string;
  dedupKey: string;
  status: SandboxAlertStatus;
  summary: string;
  severity: string | null;
  source: string | null;
  createdAt: string;
  acknowledgedAt: string | null;
  resolvedAt: string | null;
  log: SandboxAlertLogEntry[];
}

/** `{eventsUrl}/sandbox/alerts`; eventsUrl is an integration's PagerDuty URL, e.g. `http://127.0.0.1:41234`. */
export function sandboxAlertsUrl(eventsUrl: string): string {
  return `${eventsUrl.replace(/\/+$/, '')}/sandbox/alerts`;
}

/** The sandbox's alerts, oldest first; null when `eventsUrl` is not a sandbox (no answer, or not its shape). */
export async function fetchSandboxAlerts(
  eventsUrl: string,
  signal?: AbortSignal,
): Promise<SandboxAlert[] | null> {
  const url = sandboxAlertsUrl(eventsUrl);
  let response: Response;
  try {
    response = await fetch(url, { headers: { accept: 'application/json' }, ...(signal ? { signal } : {}) });
  } catch (error) {
    if (signal?.aborted) throw error;
    if (error instanceof TypeError) return null; // unreachable, refused by CORS or the page's CSP
    throw new NetworkError(url, error);
  }
  if (!response.ok) return null;
  const body = (await response.json().catch(() => null)) as { alerts?: unknown } | null;
  return Array.isArray(body?.alerts) ? (body.alerts as SandboxAlert[]) : null;
}
