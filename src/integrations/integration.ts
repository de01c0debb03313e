import type { IncidentPolicy } from '../incidents/incident-policy.js';
import type { PagerDutySeverity } from '../notifiers/pagerduty/index.js';

/** PagerDuty integration settings. `integrationKey` is a secret: encrypted at rest, masked when read back. */
export interface PagerDutyConfig {
  integrationKey: string;
  /** Default `critical`. */
  severity: PagerDutySeverity;
  /** Events API base URL. Default `https://events.pagerduty.com` (EU: `https://events.eu.pagerduty.com`). */
  eventsUrl: string;
  /** `v2` (Events API v2, default) or `v1` for legacy service keys. */
  apiVersion: 'v2' | 'v1';
}

/** Generic webhook: JSON POST; with a secret, an HMAC-SHA256 signature header. `secret` is encrypted at rest. */
export interface WebhookConfig {
  url: string;
  secret?: string;
}

interface IntegrationBase {
  id: string;
  name: string;
  policy: IncidentPolicy;
  monitorIds: string[];
  createdAt: string;
  updatedAt: string;
}

export type Integration =
  | (IntegrationBase & { type: 'pagerduty'; config: PagerDutyConfig })
  | (IntegrationBase & { type: 'webhook'; config: WebhookConfig });

export type IntegrationType = Integration['type'];

export const DEFAULT_PAGERDUTY_EVENTS_URL = 'https://events.pagerduty.com';

/** `••••1a2b`: as many bullets as hidden characters, then the last 4 (API.md). */
export function maskSecret(secret: string): string {
  if (secret.length <= 4) return '•'.repeat(secret.length);
  return `${'•'.repeat(secret.length - 4)}${secret.slice(-4)}`;
}
