import type { Kysely, Selectable } from 'kysely';
import { DEFAULT_INCIDENT_POLICY, type IncidentPolicy } from '../../incidents/incident-policy.js';
import {
  maskSecret,
  type Integration,
  type PagerDutyConfig,
  type WebhookConfig,
} from '../../integrations/integration.js';
import type { SecretBox } from '../../secrets/secret-box.js';
import type { Database, IntegrationsTable } from '../schema.js';

type Db = Kysely<Database>;

import type { DeliveryTarget } from '../../notifiers/registry.js';

export type { DeliveryTarget };

/**
 * Integrations as stored: the secret (PagerDuty key, webhook secret) encrypted in `secret_ciphertext`, every
 * read returns it masked (`••••1a2b`); only {@link getDeliveryTarget} decrypts, for the dispatcher.
 */
export async function insertIntegration(db: Db, box: SecretBox, integration: Integration): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await trx.insertInto('integrations').values(toRow(box, integration)).execute();
    await replaceLinks(trx, integration.id, integration.monitorIds);
  });
}

/** Replaces an integration; a masked secret (as read back) keeps the stored one. */
export async function updateIntegration(db: Db, box: SecretBox, integration: Integration): Promise<void> {
  const { id, created_at: _createdAt, ...row } = toRow(box, integration);
  const keepSecret = isMasked(secretOf(integration));
  await db.transaction().execute(async (trx) => {
    await trx
      .updateTable('integrations')
      .set(keepSecret ? { ...row, secret_ciphertext: undefined, secret_last4: undefined } : row)
      .where('id', '=', id)
      .execute();
    await replaceLinks(trx, id, integration.monitorIds);
  });
}

/**
 * Deletes an integration softly: it disappears from every list and from its monitors at once, but its row (and
 * encrypted key) stays until the events queued by the delete (resolves) are delivered; {@link purgeDeletedIntegrations}
 * removes it then.
 */
export async function softDeleteIntegration(db: Db, id: string, now: Date): Promise<void> {
  await db.deleteFrom('integration_monitors').where('integration_id', '=', id).execute();
  await db.updateTable('integrations').set({ deleted_at: now.toISOString() }).where('id', '=', id).execute();
}

/** Removes deleted integrations that no pending delivery needs any more; returns how many. */
export async function purgeDeletedIntegrations(db: Db): Promise<number> {
  const stillNeeded = db.selectFrom('deliveries').select('integration_id').where('status', '=', 'pending');
  const result = await db
    .deleteFrom('integrations')
    .where('deleted_at', 'is not', null)
    .where('id', 'not in', stillNeeded)
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}

export async function getIntegration(db: Db, id: string): Promise<Integration | undefined> {
  const row = await db
    .selectFrom('integrations')
    .selectAll()
    .where('id', '=', id)
    .where('deleted_at', 'is', null)
    .executeTakeFirst();
  if (!row) return undefined;
  return fromRow(row, await monitorIdsOf(db, [id]));
}

export async function getIntegrationByName(db: Db, name: string): Promise<Integration | undefined> {
  const row = await db
    .selectFrom('integrations')
    .selectAll()
    .where('name', '=', name)
    .where('deleted_at', 'is', null)
    .executeTakeFirst();
  return row ? fromRow(row, await monitorIdsOf(db, [row.id])) : undefined;
}

/** All integrations (there are few), oldest first, secrets masked. */
export async function listIntegrations(db: Db): Promise<Integration[]> {
  const rows = await db
    .selectFrom('integrations')
    .selectAll()
    .where('deleted_at', 'is', null)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  const links = await monitorIdsOf(
    db,
    rows.map((row) => row.id),
  );
  return rows.map((row) => fromRow(row, links));
}

/** The integrations attached to a monitor: what a run's verdict is judged against. */
export async function listIntegrationsForMonitor(db: Db, monitorId: string): Promise<Integration[]> {
  const ids = db
    .selectFrom('integration_monitors')
    .select('integration_id')
    .where('monitor_id', '=', monitorId);
  const rows = await db
    .selectFrom('integrations')
    .selectAll()
    .where('id', 'in', ids)
    .orderBy('created_at')
    .execute();
  const links = await monitorIdsOf(
    db,
    rows.map((row) => row.id),
  );
  return rows.map((row) => fromRow(row, links));
}

/** The decrypted send target of an integration, deleted ones included (their resolves still go out); undefined when purged. */
export async function getDeliveryTarget(
  db: Db,
  box: SecretBox,
  id: string,
): Promise<DeliveryTarget | undefined> {
  const row = await db.selectFrom('integrations').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) return undefined;
  const config = JSON.parse(row.config) as Record<string, unknown>;
  const secret = row.secret_ciphertext ? box.decrypt(row.secret_ciphertext) : undefined;
  if (row.type === 'pagerduty') {
    return {
      type: 'pagerduty',
      routingKey: secret ?? '',
      eventsUrl: String(config.eventsUrl),
      apiVersion: config.apiVersion === 'v1' ? 'v1' : 'v2',
    };
  }
  return { type: 'webhook', url: String(config.url), ...(secret ? { secret } : {}) };
}

async function replaceLinks(db: Db, integrationId: string, monitorIds: readonly string[]): Promise<void> {
  await db.deleteFrom('integration_monitors').where('integration_id', '=', integrationId).execute();
  const unique = [...new Set(monitorIds)];
  if (unique.length) {
    await db
      .insertInto('integration_monitors')
      .values(unique.map((monitorId) => ({ integration_id: integrationId, monitor_id: monitorId })))
      .execute();
  }
}

async function monitorIdsOf(db: Db, integrationIds: string[]): Promise<Map<string, string[]>> {
  const links = new Map<string, string[]>();
  if (integrationIds.length === 0) return links;
  const rows = await db
    .selectFrom('integration_monitors')
    .select(['integration_id', 'monitor_id'])
    .where('integration_id', 'in', integrationIds)
    .orderBy('monitor_id')
    .execute();
  for (const row of rows)
    links.set(row.integration_id, [...(links.get(row.integration_id) ?? []), row.monitor_id]);
  return links;
}

function secretOf(integration: Integration): string | undefined {
  return integration.type === 'pagerduty' ? integration.config.integrationKey : integration.config.secret;
}

function isMasked(secret: string | undefined): boolean {
  return secret !== undefined && secret.startsWith('•');
}

function toRow(box: SecretBox, integration: Integration): IntegrationsTable {
  const secret = secretOf(integration);
  const {
    integrationKey: _key,
    secret: _secret,
    ...config
  } = integration.config as unknown as Record<string, unknown>;
  return {
    id: integration.id,
    type: integration.type,
    name: integration.name,
    config: JSON.stringify(config),
    secret_ciphertext: secret && !isMasked(secret) ? box.encrypt(secret) : null,
    secret_last4: secret && !isMasked(secret) ? secret.slice(-4) : null,
    policy: JSON.stringify(integration.policy),
    created_at: integration.createdAt,
    updated_at: integration.updatedAt,
    deleted_at: null,
  };
}

function fromRow(row: Selectable<IntegrationsTable>, links: Map<string, string[]>): Integration {
  const config = JSON.parse(row.config) as Record<string, unknown>;
  // Masks keep the secret's length: 32 bullets-and-digits for a PagerDuty key, as API.md shows.
  const masked = row.secret_last4
    ? maskSecret(`${'x'.repeat(row.type === 'pagerduty' ? 28 : 8)}${row.secret_last4}`)
    : undefined;
  const base = {
    id: row.id,
    name: row.name,
    policy: { ...DEFAULT_INCIDENT_POLICY, ...(JSON.parse(row.policy) as Partial<IncidentPolicy>) },
    monitorIds: links.get(row.id) ?? [],
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
  if (row.type === 'pagerduty') {
    return {
      ...base,
      type: 'pagerduty',
      config: { ...(config as Omit<PagerDutyConfig, 'integrationKey'>), integrationKey: masked ?? '' },
    };
  }
  return {
    ...base,
    type: 'webhook',
    config: { ...(config as Omit<WebhookConfig, 'secret'>), ...(masked ? { secret: masked } : {}) },
  };
}
