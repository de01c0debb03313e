import type { ConfigApiClient } from './config-api-client.js';
import type { DesiredIntegration } from './desired-state.js';
import type { CurrentState, Plan, PlannedChange } from './plan.js';

/** What executing a plan did: the changes made, and the one that failed (the rest were not tried). */
export interface ExecutionResult {
  applied: PlannedChange[];
  failed?: { change: PlannedChange; error: unknown };
}

/**
 * Makes the plan's changes through the API, in the plan's order: monitors first (integrations reference them by
 * id: the ids of monitors created here are mapped from their names), then integrations, then deletes
 * (integrations before monitors). Stops at the first failure; what was already done stays done — the file is
 * declarative, so running apply again converges. Unchanged resources get no call at all.
 */
export async function executePlan(
  plan: Plan,
  current: CurrentState,
  client: ConfigApiClient,
  onApplied: (change: PlannedChange) => void = () => undefined,
): Promise<ExecutionResult> {
  const monitorIds = new Map(current.monitors.map((monitor) => [monitor.name, monitor.id]));
  const applied: PlannedChange[] = [];
  for (const change of plan.changes) {
    if (change.action === 'unchanged') continue;
    try {
      await executeChange(change, client, monitorIds);
    } catch (error) {
      return { applied, failed: { change, error } };
    }
    applied.push(change);
    onApplied(change);
  }
  return { applied };
}

async function executeChange(
  change: PlannedChange,
  client: ConfigApiClient,
  monitorIds: Map<string, string>,
): Promise<void> {
  if (change.kind === 'monitor') {
    if (change.action === 'create') {
      const created = await client.createMonitor(change.desired.input);
      monitorIds.set(change.name, created.id);
    } else if (change.action === 'update') {
      await client.replaceMonitor(change.id, change.desired.input);
    } else if (change.action === 'delete') {
      await client.deleteMonitor(change.id);
    }
    return;
  }
  if (change.action === 'create') {
    await client.createIntegration(integrationBody(change.desired, monitorIds));
  } else if (change.action === 'update') {
    await client.replaceIntegration(
      change.id,
      integrationBody(change.desired, monitorIds, change.storedSecretMask),
    );
  } else if (change.action === 'delete') {
    await client.deleteIntegration(change.id);
  }
}

/**
 * The integration's API body: monitor names turned into ids. With `storedSecretMask` (a PagerDuty key whose last 4
 * match the stored one), the masked key is sent back, which tells the API to keep the stored key (API.md).
 */
function integrationBody(
  desired: DesiredIntegration,
  monitorIds: Map<string, string>,
  storedSecretMask?: string,
): Record<string, unknown> {
  const input = desired.input;
  const config =
    input.type === 'pagerduty' && storedSecretMask
      ? { ...input.config, integrationKey: storedSecretMask }
      : input.config;
  // Planning checked every name; one missing here would be a monitor deleted meanwhile, which the API reports.
  const ids = [...new Set(desired.monitorNames)].map((name) => monitorIds.get(name) ?? `missing:${name}`);
  return { ...input, config, monitorIds: ids };
}
