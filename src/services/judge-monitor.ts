import type { Kysely } from 'kysely';
import type { IncidentEvent } from '../incidents/index.js';
import { isInMaintenance, type MaintenanceWindow } from '../incidents/index.js';
import {
  listIntegrationsForMonitor,
  getDeliveryTarget,
} from '../store/repositories/integration-repository.js';
import type { Database } from '../store/schema.js';
import type { RunResult } from '../runner/run-result.js';
import { applyIncidentEvent } from './apply-incident-event.js';
import { monitorUrl, type ServerContext } from './server-context.js';
import { listMaintenanceWindows } from '../store/repositories/maintenance-repository.js';

/**
 * Applies one incident event to every integration attached to a monitor, inside the caller's transaction. Before
 * the event, each integration's state is told whether a maintenance window started or ended since it last looked,
 * so windows take effect at the next event without a timer of their own.
 */
export async function judgeMonitor(
  context: ServerContext,
  trx: Kysely<Database>,
  input: { monitor: { id: string; name: string }; event: IncidentEvent; result?: RunResult; now: Date },
): Promise<string[]> {
  const integrations = await listIntegrationsForMonitor(trx, input.monitor.id);
  if (integrations.length === 0) return [];
  const windows: MaintenanceWindow[] = await listMaintenanceWindows(trx);
  const inMaintenance = isInMaintenance(windows, input.monitor.id, input.now);
  const actions: string[] = [];
  for (const integration of integrations) {
    const target = await getDeliveryTarget(trx, context.box, integration.id);
    if (!target) continue;
    const applied = await applyIncidentEvent(trx, {
      monitor: input.monitor,
      integration,
      target,
      region: context.region,
      event: input.event,
      inMaintenance,
      now: input.now,
      ...(input.result ? { result: input.result } : {}),
      source: context.source,
      ...(monitorUrl(context, input.monitor.id) ? { clientUrl: monitorUrl(context, input.monitor.id) } : {}),
      engine: context.store.engine,
    });
    actions.push(...applied.actions.map((action) => `${integration.name}: ${action}`));
  }
  return actions;
}
