import type { IncidentPolicy } from '../incidents/incident-policy.js';
import type { MonitorOptions } from '../monitors/monitor.js';
import type { PagerDutyConfig, WebhookConfig } from '../integrations/integration.js';

/** Where a resource (or a reference) is in the config file, for diagnostics about it at plan time. */
export interface SourceRef {
  /** `monitors[0]`, `integrations[1].monitors[0]`. */
  path: string;
  line: number;
  column: number;
}

/** The body of `POST/PUT /api/v1/monitors` (monitorInputSchema), built from one `monitors:` entry. */
export interface MonitorBody {
  name: string;
  collection: Record<string, unknown>;
  environment: Record<string, unknown> | null;
  iterationData: Record<string, unknown>[] | null;
  schedule: { every?: string; cron?: string; timezone?: string };
  options: Partial<MonitorOptions>;
  enabled: boolean;
}

/** The body of `POST/PUT /api/v1/integrations` without `monitorIds`, which apply fills from the names. */
export type IntegrationBody = { name: string; policy?: Partial<IncidentPolicy> } & (
  | { type: 'pagerduty'; config: Pick<PagerDutyConfig, 'integrationKey'> & Partial<PagerDutyConfig> }
  | { type: 'webhook'; config: WebhookConfig }
);

export interface DesiredMonitor {
  name: string;
  input: MonitorBody;
  source: SourceRef;
}

export interface DesiredIntegration {
  name: string;
  input: IntegrationBody;
  /** The monitors it pages for, by name (in the file or already on the server). */
  monitorNames: string[];
  /** Where each name of `monitorNames` is written. */
  monitorRefs: { name: string; source: SourceRef }[];
  source: SourceRef;
}

/** What the config file says should exist: the input of planning. */
export interface DesiredState {
  /** The config file, as the user named it. */
  file: string;
  monitors: DesiredMonitor[];
  integrations: DesiredIntegration[];
}
