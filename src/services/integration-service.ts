import type { Kysely } from 'kysely';
import { PagewatchError } from '../errors/pagewatch-error.js';
import type { Database } from '../store/schema.js';
import { DEFAULT_INCIDENT_POLICY } from '../incidents/index.js';
import {
  integrationInputSchema,
  type ValidIntegrationInput,
} from '../integrations/integration-input-schema.js';
import { DEFAULT_PAGERDUTY_EVENTS_URL, type Integration } from '../integrations/integration.js';
import { buildResolveEvent, buildTriggerEvent } from '../notifiers/pagerduty/index.js';
import { enqueueDeliveries } from '../outbox/index.js';
import type { NewDelivery } from '../outbox/delivery.js';
import { lastDeliveryByIntegration } from '../store/repositories/delivery-summary-repository.js';
import { deleteAlertStates, listOpenAlertStates } from '../store/repositories/incident-repository.js';
import {
  getDeliveryTarget,
  getIntegration,
  getIntegrationByName,
  insertIntegration,
  listIntegrations,
  softDeleteIntegration,
  updateIntegration,
  type DeliveryTarget,
} from '../store/repositories/integration-repository.js';
import { getMonitor } from '../store/repositories/monitor-repository.js';
import { newId } from '../util/ids.js';
import { applyIncidentEvent } from './apply-incident-event.js';
import type { ServerContext } from './server-context.js';
import { validateInput } from './validate-input.js';

/** An integration as the API shows it: secret masked, plus its last delivery. */
export type IntegrationView = Integration & {
  lastDelivery: { status: string; at: string; lastError: string | null } | null;
};

/** The seed's flow as an API: "Integrations → PagerDuty → Add → key + monitor → Submit". */
export async function createIntegration(context: ServerContext, body: unknown): Promise<IntegrationView> {
  const input = validateInput(integrationInputSchema, body, 'integration');
  await assertUsable(context, input, undefined);
  const at = new Date(context.clock.now()).toISOString();
  const integration = toIntegration(input, { id: newId('int'), createdAt: at, updatedAt: at });
  await insertIntegration(context.store.db, context.box, integration);
  context.logger.info(
    { integrationId: integration.id, type: integration.type, monitors: integration.monitorIds.length },
    'integration created',
  );
  return getIntegrationView(context, integration.id);
}

export async function replaceIntegration(
  context: ServerContext,
  id: string,
  body: unknown,
): Promise<IntegrationView> {
  const existing = await requireIntegration(context, id);
  const input = validateInput(integrationInputSchema, body, 'integration');
  if (input.type !== existing.type) {
    throw new PagewatchError(
      'PW_ERR_VALIDATION',
      'The type of an integration cannot change; create a new one.',
      [{ path: 'type', message: `is ${existing.type}` }],
    );
  }
  await assertUsable(context, input, id);
  const integration = toIntegration(input, {
    id,
    createdAt: existing.createdAt,
    updatedAt: new Date(context.clock.now()).toISOString(),
  });
  // Monitors taken off this integration no longer page through it: close what is open for them first.
  const detached = existing.monitorIds.filter((monitorId) => !integration.monitorIds.includes(monitorId));
  if (detached.length) {
    const target = await requireTarget(context, id);
    await context.store.db.transaction().execute(async (trx) => {
      await resolveOpenIncidents(context, trx, existing, target, detached);
      await deleteAlertStates(trx, id, detached);
    });
    context.dispatcher.wake();
  }
  await updateIntegration(context.store.db, context.box, integration);
  return getIntegrationView(context, id);
}

/**
 * Deletes an integration: its open incidents are resolved first (reason "deleted") through the outbox, and the
 * integration is only soft-deleted so those resolves can still be delivered with its key.
 */
export async function deleteIntegration(context: ServerContext, id: string): Promise<void> {
  const integration = await requireIntegration(context, id);
  const target = await requireTarget(context, id);
  await context.store.db.transaction().execute(async (trx) => {
    await resolveOpenIncidents(context, trx, integration, target, null);
    await softDeleteIntegration(trx, id, new Date(context.clock.now()));
  });
  context.dispatcher.wake();
}

/**
 * Resolves (reason "deleted": the monitor is gone from this integration's point of view) the open incidents of an
 * integration, for the given monitors or all of them (null), inside the caller's transaction.
 */
async function resolveOpenIncidents(
  context: ServerContext,
  trx: Kysely<Database>,
  integration: Integration,
  target: DeliveryTarget,
  monitorIds: string[] | null,
): Promise<void> {
  const now = new Date(context.clock.now());
  const open = (await listOpenAlertStates(trx)).filter(
    (state) =>
      state.integrationId === integration.id && (monitorIds === null || monitorIds.includes(state.monitorId)),
  );
  for (const state of open) {
    const monitor = await getMonitor(trx, state.monitorId);
    await applyIncidentEvent(trx, {
      monitor: { id: state.monitorId, name: monitor?.name ?? state.monitorId },
      integration,
      target,
      region: state.region,
      event: { type: 'monitor-deleted' },
      now,
      source: context.source,
      engine: context.store.engine,
    });
  }
}

/**
 * "Send test event": a trigger and a resolve under a test dedup key, through the outbox like real events, so the
 * user sees the alert open and close in PagerDuty and the delivery status in pagewatch.
 */
export async function sendTestEvent(context: ServerContext, id: string): Promise<{ deliveryIds: string[] }> {
  const integration = await requireIntegration(context, id);
  const target = await requireTarget(context, id);
  const dedupKey = `pagewatch/test/${integration.id}/${context.clock.now()}`;
  const summary = `Test event from pagewatch for integration "${integration.name}" — it resolves itself.`;
  const now = new Date(context.clock.now());
  const payloads = testPayloads(target, dedupKey, summary, now, context.source);
  const deliveries: NewDelivery[] = payloads.map((payload) => ({
    incidentId: null,
    integrationId: id,
    monitorId: null,
    dedupKey,
    action: 'test',
    payload,
  }));
  const enqueued = await context.store.db
    .transaction()
    .execute((trx) => enqueueDeliveries(trx, deliveries, now, { engine: context.store.engine }));
  context.dispatcher.wake();
  return { deliveryIds: enqueued.map((delivery) => delivery.id) };
}

export async function getIntegrationView(context: ServerContext, id: string): Promise<IntegrationView> {
  const integration = await requireIntegration(context, id);
  const last = await lastDeliveryByIntegration(context.store.db, [id]);
  return { ...integration, lastDelivery: last.get(id) ?? null };
}

export async function listIntegrationViews(context: ServerContext): Promise<IntegrationView[]> {
  const integrations = await listIntegrations(context.store.db);
  const last = await lastDeliveryByIntegration(
    context.store.db,
    integrations.map((integration) => integration.id),
  );
  return integrations.map((integration) => ({
    ...integration,
    lastDelivery: last.get(integration.id) ?? null,
  }));
}

function testPayloads(
  target: DeliveryTarget,
  dedupKey: string,
  summary: string,
  now: Date,
  source: string,
): Record<string, unknown>[] {
  if (target.type === 'webhook') {
    return [{ event: 'test', summary, dedupKey, at: now.toISOString() }];
  }
  if (target.apiVersion === 'v1') {
    return [
      { event_type: 'trigger', incident_key: dedupKey, description: summary, client: 'pagewatch' },
      { event_type: 'resolve', incident_key: dedupKey },
    ];
  }
  const keys = { routingKey: target.routingKey, dedupKey };
  const at = now.toISOString();
  const { routing_key: _t, ...trigger } = buildTriggerEvent({
    ...keys,
    monitorName: 'pagewatch test',
    summary,
    severity: 'info',
    source,
    result: {
      status: 'failure',
      startedAt: at,
      finishedAt: at,
      durationMs: 0,
      stats: { requests: { total: 0, failed: 0 }, assertions: { total: 0, failed: 0 } },
      executions: [],
    },
  });
  const { routing_key: _r, ...resolve } = buildResolveEvent(keys);
  return [trigger, resolve];
}

async function assertUsable(
  context: ServerContext,
  input: ValidIntegrationInput,
  selfId: string | undefined,
): Promise<void> {
  const sameName = await getIntegrationByName(context.store.db, input.name);
  if (sameName && sameName.id !== selfId) {
    throw new PagewatchError('PW_ERR_CONFLICT', `An integration named "${input.name}" already exists.`, [
      { path: 'name', message: 'already used by another integration' },
    ]);
  }
  for (const [index, monitorId] of input.monitorIds.entries()) {
    if (!(await getMonitor(context.store.db, monitorId))) {
      throw new PagewatchError('PW_ERR_VALIDATION', `monitorIds[${index}]: no monitor ${monitorId}.`, [
        { path: `monitorIds[${index}]`, message: `no monitor ${monitorId}` },
      ]);
    }
  }
  const secretField = 'integrationKey' in input.config ? 'integrationKey' : 'secret';
  const secret = 'integrationKey' in input.config ? input.config.integrationKey : input.config.secret;
  if (!selfId && secret?.startsWith('•')) {
    throw new PagewatchError(
      'PW_ERR_VALIDATION',
      `config.${secretField}: enter the secret itself, not its mask.`,
      [{ path: `config.${secretField}`, message: 'a masked value can only be kept on update' }],
    );
  }
}

function toIntegration(
  input: ValidIntegrationInput,
  meta: { id: string; createdAt: string; updatedAt: string },
): Integration {
  const policy = { ...DEFAULT_INCIDENT_POLICY, ...input.policy };
  const base = { ...meta, name: input.name, policy, monitorIds: input.monitorIds };
  if (input.type === 'pagerduty') {
    return {
      ...base,
      type: 'pagerduty',
      config: {
        integrationKey: input.config.integrationKey,
        severity: input.config.severity ?? 'critical',
        eventsUrl: input.config.eventsUrl ?? DEFAULT_PAGERDUTY_EVENTS_URL,
        apiVersion: input.config.apiVersion ?? 'v2',
      },
    };
  }
  return {
    ...base,
    type: 'webhook',
    config: { url: input.config.url, ...(input.config.secret ? { secret: input.config.secret } : {}) },
  };
}

async function requireIntegration(context: ServerContext, id: string): Promise<Integration> {
  const integration = await getIntegration(context.store.db, id);
  if (!integration)
    throw new PagewatchError('PW_ERR_NOT_FOUND', `No integration ${id}.`, [
      { path: 'id', message: 'not found' },
    ]);
  return integration;
}

async function requireTarget(context: ServerContext, id: string): Promise<DeliveryTarget> {
  const target = await getDeliveryTarget(context.store.db, context.box, id);
  if (!target) throw new PagewatchError('PW_ERR_NOT_FOUND', `No integration ${id}.`);
  return target;
}
