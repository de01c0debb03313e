import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import {
  createIntegration,
  getIntegrationView,
  replaceIntegration,
  type IntegrationView,
} from '../services/integration-service.js';
import {
  createMonitor,
  getMonitorView,
  patchMonitor,
  type MonitorView,
} from '../services/monitor-service.js';
import type { ServerContext } from '../services/server-context.js';
import { getIntegrationByName } from '../store/repositories/integration-repository.js';
import { getMonitorByName } from '../store/repositories/monitor-repository.js';

export const DEMO_MONITOR_NAME = 'Demo shop API';
export const DEMO_INTEGRATION_NAME = 'Demo on-call (sandbox)';
/** A made-up integration key (32 characters, as PagerDuty's are): the demo pages the local sandbox, never PagerDuty. */
export const DEMO_INTEGRATION_KEY = 'demo0000000000000000000000000000';
export const DEMO_COLLECTION_FILE = fileURLToPath(
  new URL('../../examples/demo-shop.postman_collection.json', import.meta.url),
);

/** The demo's monitor and integration, and whether this start created them. */
export interface DemoResources {
  monitor: MonitorView;
  integration: IntegrationView;
  created: { monitor: boolean; integration: boolean };
}

/**
 * Makes sure the demo monitor and the demo PagerDuty integration exist, found by name and made through the same
 * services as the API, so a restart never duplicates them and a user's edits (schedule, policy, collection) are
 * kept. What changes on every start is kept current: the demo API's and the sandbox's ports are new each time, so
 * the monitor's `baseUrl` and the integration's `eventsUrl` are updated, and the integration pages for the monitor.
 */
export async function ensureDemoResources(
  context: ServerContext,
  urls: { demoApiUrl: string; sandboxUrl: string },
): Promise<DemoResources> {
  const monitor = await ensureDemoMonitor(context, urls.demoApiUrl);
  const integration = await ensureDemoIntegration(context, monitor.view.id, urls.sandboxUrl);
  return {
    monitor: monitor.view,
    integration: integration.view,
    created: { monitor: monitor.created, integration: integration.created },
  };
}

async function ensureDemoMonitor(
  context: ServerContext,
  demoApiUrl: string,
): Promise<{ view: MonitorView; created: boolean }> {
  const existing = await getMonitorByName(context.store.db, DEMO_MONITOR_NAME);
  if (!existing) {
    const collection = JSON.parse(await readFile(DEMO_COLLECTION_FILE, 'utf8')) as Record<string, unknown>;
    const view = await createMonitor(context, {
      name: DEMO_MONITOR_NAME,
      collection,
      environment: {
        name: 'Demo shop (local)',
        values: [{ key: 'baseUrl', value: demoApiUrl, enabled: true }],
      },
      schedule: { every: '30s' },
    });
    return { view, created: true };
  }
  const environment = withBaseUrl(existing.environment, demoApiUrl);
  if (JSON.stringify(environment) === JSON.stringify(existing.environment)) {
    return { view: await getMonitorView(context, existing.id), created: false };
  }
  return { view: await patchMonitor(context, existing.id, { environment }), created: false };
}

async function ensureDemoIntegration(
  context: ServerContext,
  monitorId: string,
  sandboxUrl: string,
): Promise<{ view: IntegrationView; created: boolean }> {
  const existing = await getIntegrationByName(context.store.db, DEMO_INTEGRATION_NAME);
  if (!existing) {
    const view = await createIntegration(context, {
      type: 'pagerduty',
      name: DEMO_INTEGRATION_NAME,
      config: { integrationKey: DEMO_INTEGRATION_KEY, eventsUrl: sandboxUrl },
      monitorIds: [monitorId],
    });
    return { view, created: true };
  }
  const monitorIds = existing.monitorIds.includes(monitorId)
    ? existing.monitorIds
    : [...existing.monitorIds, monitorId];
  const current = existing.type === 'pagerduty' && existing.config.eventsUrl === sandboxUrl;
  if (current && monitorIds === existing.monitorIds) {
    return { view: await getIntegrationView(context, existing.id), created: false };
  }
  // The stored key is read back masked; sending it masked keeps it (an update never needs the key itself).
  const { id, createdAt: _created, updatedAt: _updated, ...body } = existing;
  const config =
    existing.type === 'pagerduty' ? { ...existing.config, eventsUrl: sandboxUrl } : existing.config;
  return { view: await replaceIntegration(context, id, { ...body, config, monitorIds }), created: false };
}

/**
 * The environment with `baseUrl` set to the demo API's URL (in place, or added), its other variables kept. A
 * missing environment becomes a fresh one.
 */
function withBaseUrl(environment: Record<string, unknown> | null, baseUrl: string): Record<string, unknown> {
  const base = environment ?? { name: 'Demo shop (local)' };
  const values = Array.isArray(base.values) ? (base.values as unknown[]) : [];
  const isBaseUrl = (value: unknown): value is Record<string, unknown> =>
    typeof value === 'object' && value !== null && (value as { key?: unknown }).key === 'baseUrl';
  const updated = values.some(isBaseUrl)
    ? values.map((value) => (isBaseUrl(value) ? { ...value, value: baseUrl, enabled: true } : value))
    : [...values, { key: 'baseUrl', value: baseUrl, enabled: true }];
  return { ...base, values: updated };
}
