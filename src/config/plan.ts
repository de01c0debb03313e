import { isDeepStrictEqual } from 'node:util';
import { DEFAULT_INCIDENT_POLICY, type IncidentPolicy } from '../incidents/incident-policy.js';
import { DEFAULT_PAGERDUTY_EVENTS_URL } from '../integrations/integration.js';
import { DEFAULT_MONITOR_OPTIONS, type MonitorOptions, type Schedule } from '../monitors/monitor.js';
import type {
  DesiredIntegration,
  DesiredMonitor,
  DesiredState,
  MonitorBody,
  SourceRef,
} from './desired-state.js';
import type { Diagnostic } from './diagnostics.js';

/** A monitor as `GET /api/v1/monitors?include=collection` shows it (the fields planning compares). */
export interface RemoteMonitor {
  id: string;
  name: string;
  collection?: Record<string, unknown>;
  environment?: Record<string, unknown> | null;
  iterationData?: Record<string, unknown>[] | null;
  schedule: Schedule;
  options: MonitorOptions;
  enabled: boolean;
}

/** An integration as `GET /api/v1/integrations` shows it: its secret masked (`••••1a2b`). */
export interface RemoteIntegration {
  id: string;
  type: 'pagerduty' | 'webhook';
  name: string;
  config: Record<string, unknown>;
  policy: IncidentPolicy;
  monitorIds: string[];
}

/** What the server has now: the other input of planning. */
export interface CurrentState {
  monitors: RemoteMonitor[];
  integrations: RemoteIntegration[];
}

export type ResourceKind = 'monitor' | 'integration';

/** One step of a plan. Names are the identity: a renamed resource is a delete (with --prune) and a create. */
export type PlannedChange =
  | { kind: 'monitor'; action: 'create'; name: string; desired: DesiredMonitor }
  | { kind: 'monitor'; action: 'update'; name: string; id: string; fields: string[]; desired: DesiredMonitor }
  | { kind: 'integration'; action: 'create'; name: string; desired: DesiredIntegration }
  | {
      kind: 'integration';
      action: 'update';
      name: string;
      id: string;
      fields: string[];
      desired: DesiredIntegration;
      /** The masked secret as read back, to send instead of the file's when the secret did not change. */
      storedSecretMask?: string;
    }
  | { kind: ResourceKind; action: 'unchanged'; name: string; id: string }
  | { kind: ResourceKind; action: 'delete'; name: string; id: string };

export interface Plan {
  /** In apply order: monitors (create/update), integrations (create/update), deletes (integrations, monitors). */
  changes: PlannedChange[];
  /** Resources on the server that the file does not name, left alone because --prune was not given. */
  kept: { kind: ResourceKind; name: string }[];
  /** Problems only the server's state reveals (a monitor reference that resolves to nothing, a type change). */
  diagnostics: Diagnostic[];
}

/**
 * Compares the desired state with the server's by name. Pure: the same inputs give the same plan.
 *
 * Secrets are read back masked, so a PagerDuty key or webhook secret counts as changed only when its last 4
 * characters differ (or it was added or removed): a new key that happens to end like the old one is not seen.
 */
export function computePlan(desired: DesiredState, current: CurrentState, options: { prune: boolean }): Plan {
  const diagnostics: Diagnostic[] = [];
  const problem = (source: SourceRef, message: string): void => {
    diagnostics.push({
      file: desired.file,
      line: source.line,
      column: source.column,
      path: source.path,
      message,
    });
  };
  const remoteMonitors = new Map(current.monitors.map((monitor) => [monitor.name, monitor]));
  const remoteIntegrations = new Map(
    current.integrations.map((integration) => [integration.name, integration]),
  );
  const monitorNameById = new Map(current.monitors.map((monitor) => [monitor.id, monitor.name]));
  const desiredMonitorNames = new Set(desired.monitors.map((monitor) => monitor.name));
  const desiredIntegrationNames = new Set(desired.integrations.map((integration) => integration.name));

  const monitorChanges: PlannedChange[] = desired.monitors.map((monitor) => {
    const remote = remoteMonitors.get(monitor.name);
    if (!remote) return { kind: 'monitor', action: 'create', name: monitor.name, desired: monitor };
    const fields = changedMonitorFields(monitor.input, remote);
    return fields.length
      ? { kind: 'monitor', action: 'update', name: monitor.name, id: remote.id, fields, desired: monitor }
      : { kind: 'monitor', action: 'unchanged', name: monitor.name, id: remote.id };
  });

  const integrationChanges: PlannedChange[] = [];
  for (const integration of desired.integrations) {
    for (const ref of integration.monitorRefs) {
      if (desiredMonitorNames.has(ref.name)) continue;
      if (!remoteMonitors.has(ref.name)) {
        problem(ref.source, `no monitor named "${ref.name}" in the file or on the server`);
      } else if (options.prune) {
        problem(ref.source, `monitor "${ref.name}" is not in the file, so --prune would delete it`);
      }
    }
    const remote = remoteIntegrations.get(integration.name);
    if (!remote) {
      integrationChanges.push({
        kind: 'integration',
        action: 'create',
        name: integration.name,
        desired: integration,
      });
      continue;
    }
    if (remote.type !== integration.input.type) {
      problem(
        integration.source,
        `integration "${integration.name}" is a ${remote.type} integration on the server and a type cannot ` +
          'change: give it a new name (with --prune the old one is deleted)',
      );
      continue;
    }
    const compared = compareIntegration(integration, remote, monitorNameById);
    integrationChanges.push(
      compared.fields.length
        ? {
            kind: 'integration',
            action: 'update',
            name: integration.name,
            id: remote.id,
            fields: compared.fields,
            desired: integration,
            ...(compared.storedSecretMask ? { storedSecretMask: compared.storedSecretMask } : {}),
          }
        : { kind: 'integration', action: 'unchanged', name: integration.name, id: remote.id },
    );
  }

  const extraIntegrations = current.integrations.filter(
    (integration) => !desiredIntegrationNames.has(integration.name),
  );
  const extraMonitors = current.monitors.filter((monitor) => !desiredMonitorNames.has(monitor.name));
  const deletes: PlannedChange[] = options.prune
    ? [
        ...extraIntegrations.map((integration) => ({
          kind: 'integration' as const,
          action: 'delete' as const,
          name: integration.name,
          id: integration.id,
        })),
        ...extraMonitors.map((monitor) => ({
          kind: 'monitor' as const,
          action: 'delete' as const,
          name: monitor.name,
          id: monitor.id,
        })),
      ]
    : [];
  const kept = options.prune
    ? []
    : [
        ...extraMonitors.map((monitor) => ({ kind: 'monitor' as const, name: monitor.name })),
        ...extraIntegrations.map((integration) => ({ kind: 'integration' as const, name: integration.name })),
      ];
  return { changes: [...monitorChanges, ...integrationChanges, ...deletes], kept, diagnostics };
}

/** The monitor's fields as the server stores them (defaults filled), to compare with what it shows. */
function normalizedMonitor(input: MonitorBody) {
  const { every, cron, timezone } = input.schedule;
  const schedule: Schedule =
    every !== undefined ? { every } : { cron: cron ?? '', ...(timezone ? { timezone } : {}) };
  return {
    collection: input.collection,
    environment: input.environment,
    iterationData: input.iterationData,
    schedule,
    options: { ...DEFAULT_MONITOR_OPTIONS, ...input.options },
    enabled: input.enabled,
  };
}

function changedMonitorFields(input: MonitorBody, remote: RemoteMonitor): string[] {
  const wanted = normalizedMonitor(input);
  const actual = {
    collection: remote.collection,
    environment: remote.environment ?? null,
    iterationData: remote.iterationData ?? null,
    schedule: remote.schedule,
    options: remote.options,
    enabled: remote.enabled,
  };
  return (Object.keys(wanted) as (keyof typeof wanted)[]).filter(
    (field) => !isDeepStrictEqual(wanted[field], actual[field]),
  );
}

function compareIntegration(
  desired: DesiredIntegration,
  remote: RemoteIntegration,
  monitorNameById: Map<string, string>,
): { fields: string[]; storedSecretMask?: string } {
  const fields: string[] = [];
  const input = desired.input;
  const differs = (field: string, wanted: unknown, actual: unknown): void => {
    if (!isDeepStrictEqual(wanted, actual)) fields.push(field);
  };
  let storedSecretMask: string | undefined;
  if (input.type === 'pagerduty') {
    const mask = remote.config.integrationKey;
    if (sameSecret(input.config.integrationKey, mask)) storedSecretMask = mask as string;
    else fields.push('integrationKey');
    differs('severity', input.config.severity ?? 'critical', remote.config.severity);
    differs('eventsUrl', input.config.eventsUrl ?? DEFAULT_PAGERDUTY_EVENTS_URL, remote.config.eventsUrl);
    differs('apiVersion', input.config.apiVersion ?? 'v2', remote.config.apiVersion);
  } else {
    differs('url', input.config.url, remote.config.url);
    if (!sameSecret(input.config.secret, remote.config.secret)) fields.push('secret');
  }
  differs('policy', { ...DEFAULT_INCIDENT_POLICY, ...input.policy }, remote.policy);
  const remoteNames = remote.monitorIds.map((id) => monitorNameById.get(id) ?? id);
  differs('monitors', [...new Set(desired.monitorNames)].sort(), [...new Set(remoteNames)].sort());
  return { fields, ...(storedSecretMask ? { storedSecretMask } : {}) };
}

/** A secret from the file against one read back masked: the same when both are absent or their last 4 match. */
function sameSecret(secret: string | undefined, masked: unknown): boolean {
  if (secret === undefined || typeof masked !== 'string' || masked === '') {
    return secret === undefined && (typeof masked !== 'string' || masked === '');
  }
  return secret.slice(-4) === masked.slice(-4);
}
