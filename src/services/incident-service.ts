import { PagewatchError } from '../errors/pagewatch-error.js';
import type { Incident } from '../incidents/incident.js';
import type { IncidentEvent } from '../incidents/index.js';
import { getIncident, listOpenAlertStates } from '../store/repositories/incident-repository.js';
import { getDeliveryTarget, getIntegration } from '../store/repositories/integration-repository.js';
import { getMonitor } from '../store/repositories/monitor-repository.js';
import { failInterruptedRuns, lastRunStatus } from '../store/repositories/run-repository.js';
import { applyIncidentEvent } from './apply-incident-event.js';
import { monitorUrl, type ServerContext } from './server-context.js';

/** A person acknowledges an open incident (API/dashboard): PagerDuty gets an acknowledge. */
export async function acknowledgeIncident(context: ServerContext, incidentId: string): Promise<Incident> {
  return applyManualEvent(context, incidentId, { type: 'manual-acknowledge' }, ['triggered']);
}

/** A person resolves an open incident: PagerDuty gets a resolve; the next confirmed failure opens a new one. */
export async function resolveIncident(context: ServerContext, incidentId: string): Promise<Incident> {
  return applyManualEvent(context, incidentId, { type: 'manual-resolve' }, ['triggered', 'acknowledged']);
}

async function applyManualEvent(
  context: ServerContext,
  incidentId: string,
  event: IncidentEvent,
  allowed: Incident['status'][],
): Promise<Incident> {
  const incident = await getIncident(context.store.db, incidentId);
  if (!incident) throw new PagewatchError('PW_ERR_NOT_FOUND', `No incident ${incidentId}.`);
  if (!allowed.includes(incident.status)) {
    throw new PagewatchError(
      'PW_ERR_CONFLICT',
      `Incident ${incidentId} is ${incident.status}; it cannot be changed that way.`,
      [{ path: 'status', message: `is ${incident.status}` }],
    );
  }
  const integration = await getIntegration(context.store.db, incident.integrationId);
  const target = await getDeliveryTarget(context.store.db, context.box, incident.integrationId);
  if (!integration || !target) {
    throw new PagewatchError('PW_ERR_CONFLICT', `The integration of incident ${incidentId} was deleted.`);
  }
  const monitor = (await getMonitor(context.store.db, incident.monitorId)) ?? {
    id: incident.monitorId,
    name: incident.monitorId,
  };
  const now = new Date(context.clock.now());
  await context.store.db.transaction().execute((trx) =>
    applyIncidentEvent(trx, {
      monitor: { id: monitor.id, name: monitor.name },
      integration,
      target,
      region: incident.region,
      event,
      now,
      source: context.source,
      engine: context.store.engine,
    }),
  );
  context.dispatcher.wake();
  return (await getIncident(context.store.db, incidentId)) ?? incident;
}

/**
 * Boot reconciliation (architecture invariant): runs left `running` by a dead process become errors, and every
 * open incident whose monitor is healthy, paused or gone is resolved, saying why. Returns what was resolved.
 */
export async function reconcileOnBoot(
  context: ServerContext,
): Promise<{ interruptedRuns: number; reconciled: string[] }> {
  const now = new Date(context.clock.now());
  const interruptedRuns = await failInterruptedRuns(context.store.db, now);
  const reconciled: string[] = [];
  for (const open of await listOpenAlertStates(context.store.db)) {
    const integration = await getIntegration(context.store.db, open.integrationId);
    const target = await getDeliveryTarget(context.store.db, context.box, open.integrationId);
    if (!integration || !target) continue;
    const monitor = await getMonitor(context.store.db, open.monitorId);
    const last = monitor ? await lastRunStatus(context.store.db, monitor.id) : null;
    const applied = await context.store.db.transaction().execute((trx) =>
      applyIncidentEvent(trx, {
        monitor: { id: open.monitorId, name: monitor?.name ?? open.monitorId },
        integration,
        target,
        region: open.region,
        event: {
          type: 'reconcile',
          monitorExists: monitor !== undefined,
          monitorEnabled: monitor?.enabled ?? false,
          monitorHealthy: last === null ? null : last === 'success',
        },
        now,
        source: context.source,
        ...(monitor && monitorUrl(context, monitor.id) ? { clientUrl: monitorUrl(context, monitor.id) } : {}),
        engine: context.store.engine,
      }),
    );
    if (applied.actions.length)
      reconciled.push(`${open.monitorId} × ${integration.name}: ${applied.actions.join(', ')}`);
  }
  if (reconciled.length) context.dispatcher.wake();
  return { interruptedRuns, reconciled };
}
