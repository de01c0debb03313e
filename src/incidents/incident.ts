/** Why an incident was resolved (API.md). */
export type ResolveReason = 'recovered' | 'paused' | 'deleted' | 'manual' | 'maintenance' | 'reconciled';

export type IncidentStatus = 'triggered' | 'acknowledged' | 'resolved';

/** One PagerDuty incident as pagewatch tracks it: opened by a trigger, closed by a resolve. */
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
  resolveReason: ResolveReason | null;
}
