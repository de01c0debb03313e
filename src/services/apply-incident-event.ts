import type { Kysely } from 'kysely';
import {
  isIncidentOpen,
  normalizeIncidentState,
  transition,
  type IncidentEvent,
  type IncidentState,
  type Transition,
} from '../incidents/index.js';
import type { Incident } from '../incidents/incident.js';
import type { Integration } from '../integrations/integration.js';
import { monitorDedupKey } from '../monitors/monitor.js';
import type { NewDelivery } from '../outbox/delivery.js';
import { enqueueDeliveries } from '../outbox/index.js';
import { buildRunSummary } from '../notifiers/pagerduty/index.js';
import type { RunResult } from '../runner/run-result.js';
import type { Database } from '../store/schema.js';
import type { StoreEngine } from '../store/store-engine.js';
import type { DeliveryTarget } from '../store/repositories/integration-repository.js';
import {
  getAlertState,
  getIncident,
  insertIncident,
  saveAlertState,
  updateIncident,
} from '../store/repositories/incident-repository.js';
import { newId } from '../util/ids.js';
import { buildEffectPayload } from './incident-payloads.js';

export interface ApplyIncidentEventInput {
  monitor: { id: string; name: string };
  integration: Integration;
  /** The integration's decrypted target (builders validate the key; it is never stored in the outbox). */
  target: DeliveryTarget;
  region: string;
  event: IncidentEvent;
  /**
   * Whether a maintenance window covers the monitor now. When it differs from what the state last heard, a
   * `maintenance-start`/`maintenance-end` is applied first. Default: leave maintenance as it is.
   */
  inMaintenance?: boolean;
  now: Date;
  /** The run behind a `run` event. */
  result?: RunResult;
  source: string;
  clientUrl?: string;
  engine: StoreEngine;
}

/** What one event did, for logs and metrics. */
export interface AppliedIncidentEvent {
  opened: Incident | null;
  actions: string[];
}

/**
 * The one place where the incident engine meets the store: reads the (monitor, integration, region) state, asks
 * the pure engine what the event means, and writes the new state, the incident row changes and the outbox rows.
 * MUST be called inside a transaction (`trx`), so a state change and its events commit together or not at all.
 */
export async function applyIncidentEvent(
  trx: Kysely<Database>,
  input: ApplyIncidentEventInput,
): Promise<AppliedIncidentEvent> {
  const key = { monitorId: input.monitor.id, integrationId: input.integration.id, region: input.region };
  const stored = await getAlertState(trx, key);
  const next = transitionAll(normalizeIncidentState(stored?.state), eventsFor(input, stored?.state), input);
  let openIncidentId = stored?.openIncidentId ?? null;
  let opened: Incident | null = null;
  const deliveries: NewDelivery[] = [];
  const at = input.now.toISOString();

  for (const effect of next.effects) {
    let incident: Incident | undefined;
    if (effect.action === 'trigger' && !effect.reminder) {
      incident = {
        id: newId('inc'),
        monitorId: input.monitor.id,
        integrationId: input.integration.id,
        region: input.region,
        dedupKey: monitorDedupKey(input.monitor.id, input.region),
        status: 'triggered',
        summary: effect.summary ?? summaryOf(input),
        openedAt: at,
        acknowledgedAt: null,
        resolvedAt: null,
        resolveReason: null,
      };
      await insertIncident(trx, incident);
      openIncidentId = incident.id;
      opened = incident;
    } else {
      incident = openIncidentId ? await getIncident(trx, openIncidentId) : undefined;
      // State says open but the row is gone (deleted by hand): nothing to follow up on.
      if (!incident) continue;
      if (effect.action === 'trigger') {
        incident = { ...incident, summary: effect.summary ?? summaryOf(input) };
        await updateIncident(trx, incident.id, { summary: incident.summary }, input.now);
      } else if (effect.action === 'acknowledge') {
        incident = { ...incident, status: 'acknowledged', acknowledgedAt: at };
        await updateIncident(trx, incident.id, { status: 'acknowledged', acknowledgedAt: at }, input.now);
      } else {
        incident = { ...incident, status: 'resolved', resolvedAt: at, resolveReason: effect.reason };
        await updateIncident(
          trx,
          incident.id,
          { status: 'resolved', resolvedAt: at, resolveReason: effect.reason },
          input.now,
        );
      }
    }
    deliveries.push({
      incidentId: incident.id,
      integrationId: input.integration.id,
      monitorId: input.monitor.id,
      dedupKey: incident.dedupKey,
      action: effect.action,
      payload: buildEffectPayload({ ...input, effect, incident }),
    });
  }

  if (!isIncidentOpen(next.state)) openIncidentId = null;
  await saveAlertState(trx, { ...key, state: next.state, openIncidentId }, input.now);
  await enqueueDeliveries(trx, deliveries, input.now, { engine: input.engine });
  return { opened, actions: next.effects.map((effect) => effect.action) };
}

/** The event, preceded by a maintenance start/end when the window's state changed since the last event. */
function eventsFor(input: ApplyIncidentEventInput, storedState: unknown): IncidentEvent[] {
  if (input.inMaintenance === undefined) return [input.event];
  const wasInMaintenance = normalizeIncidentState(storedState).maintenanceSince !== null;
  if (input.inMaintenance === wasInMaintenance) return [input.event];
  return [{ type: input.inMaintenance ? 'maintenance-start' : 'maintenance-end' }, input.event];
}

function transitionAll(
  state: IncidentState,
  events: IncidentEvent[],
  input: ApplyIncidentEventInput,
): Transition {
  let current: Transition = { state, effects: [] };
  for (const event of events) {
    const next = transition(current.state, event, input.integration.policy, input.now);
    current = { state: next.state, effects: [...current.effects, ...next.effects] };
  }
  return current;
}

function summaryOf(input: ApplyIncidentEventInput): string {
  return input.result ? buildRunSummary(input.monitor.name, input.result) : `${input.monitor.name} is down`;
}
