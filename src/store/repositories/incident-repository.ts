import type { Kysely, Selectable } from 'kysely';
import type { Incident, IncidentStatus, ResolveReason } from '../../incidents/incident.js';
import { beforeCursor, toPage, type Page } from '../pagination.js';
import type { Database, IncidentsTable } from '../schema.js';

type Db = Kysely<Database>;

/** The engine state of one (monitor, integration, region), as stored. */
export interface StoredAlertState {
  monitorId: string;
  integrationId: string;
  region: string;
  /** The incident engine's state, parsed JSON (normalised by the engine). */
  state: unknown;
  openIncidentId: string | null;
}

export async function getAlertState(
  db: Db,
  key: { monitorId: string; integrationId: string; region: string },
): Promise<StoredAlertState | undefined> {
  const row = await db
    .selectFrom('alert_states')
    .selectAll()
    .where('monitor_id', '=', key.monitorId)
    .where('integration_id', '=', key.integrationId)
    .where('region', '=', key.region)
    .executeTakeFirst();
  return row
    ? {
        monitorId: row.monitor_id,
        integrationId: row.integration_id,
        region: row.region,
        state: JSON.parse(row.state) as unknown,
        openIncidentId: row.open_incident_id,
      }
    : undefined;
}

/** Every alert state of a monitor (one per attached integration and region). */
export async function listAlertStatesForMonitor(db: Db, monitorId: string): Promise<StoredAlertState[]> {
  const rows = await db.selectFrom('alert_states').selectAll().where('monitor_id', '=', monitorId).execute();
  return rows.map((row) => ({
    monitorId: row.monitor_id,
    integrationId: row.integration_id,
    region: row.region,
    state: JSON.parse(row.state) as unknown,
    openIncidentId: row.open_incident_id,
  }));
}

export async function saveAlertState(db: Db, alert: StoredAlertState, now: Date): Promise<void> {
  const values = {
    monitor_id: alert.monitorId,
    integration_id: alert.integrationId,
    region: alert.region,
    state: JSON.stringify(alert.state),
    open_incident_id: alert.openIncidentId,
    updated_at: now.toISOString(),
  };
  await db
    .insertInto('alert_states')
    .values(values)
    .onConflict((conflict) =>
      conflict.columns(['monitor_id', 'integration_id', 'region']).doUpdateSet({
        state: values.state,
        open_incident_id: values.open_incident_id,
        updated_at: values.updated_at,
      }),
    )
    .execute();
}

/** Monitors × integrations with an open incident: what boot reconciliation looks at. */
export async function listOpenAlertStates(db: Db): Promise<StoredAlertState[]> {
  const rows = await db
    .selectFrom('alert_states')
    .selectAll()
    .where('open_incident_id', 'is not', null)
    .execute();
  return rows.map((row) => ({
    monitorId: row.monitor_id,
    integrationId: row.integration_id,
    region: row.region,
    state: JSON.parse(row.state) as unknown,
    openIncidentId: row.open_incident_id,
  }));
}

export async function insertIncident(db: Db, incident: Incident): Promise<void> {
  await db.insertInto('incidents').values(toRow(incident)).execute();
}

export async function updateIncident(
  db: Db,
  id: string,
  changes: Partial<Pick<Incident, 'status' | 'summary' | 'acknowledgedAt' | 'resolvedAt' | 'resolveReason'>>,
  now: Date,
): Promise<void> {
  await db
    .updateTable('incidents')
    .set({
      ...(changes.status !== undefined ? { status: changes.status } : {}),
      ...(changes.summary !== undefined ? { summary: changes.summary } : {}),
      ...(changes.acknowledgedAt !== undefined ? { acknowledged_at: changes.acknowledgedAt } : {}),
      ...(changes.resolvedAt !== undefined ? { resolved_at: changes.resolvedAt } : {}),
      ...(changes.resolveReason !== undefined ? { resolve_reason: changes.resolveReason } : {}),
      updated_at: now.toISOString(),
    })
    .where('id', '=', id)
    .execute();
}

export async function getIncident(db: Db, id: string): Promise<Incident | undefined> {
  const row = await db.selectFrom('incidents').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? fromRow(row) : undefined;
}

/** Incidents newest first; `status: 'open'` means triggered or acknowledged. */
export async function listIncidents(
  db: Db,
  options: { limit: number; cursor?: string; status?: IncidentStatus | 'open'; monitorId?: string },
): Promise<Page<Incident>> {
  let query = db
    .selectFrom('incidents')
    .selectAll()
    .orderBy('opened_at', 'desc')
    .orderBy('id', 'desc')
    .limit(options.limit + 1);
  if (options.status === 'open') query = query.where('status', 'in', ['triggered', 'acknowledged']);
  else if (options.status) query = query.where('status', '=', options.status);
  if (options.monitorId) query = query.where('monitor_id', '=', options.monitorId);
  if (options.cursor) query = query.where(beforeCursor('opened_at', 'id', options.cursor));
  const page = toPage(await query.execute(), options.limit, (row) => ({ at: row.opened_at, id: row.id }));
  return { items: page.items.map(fromRow), nextCursor: page.nextCursor };
}

export async function countOpenIncidents(db: Db): Promise<number> {
  const row = await db
    .selectFrom('incidents')
    .select((eb) => eb.fn.countAll<string | number>().as('count'))
    .where('status', 'in', ['triggered', 'acknowledged'])
    .executeTakeFirstOrThrow();
  return Number(row.count);
}

function toRow(incident: Incident): IncidentsTable {
  return {
    id: incident.id,
    monitor_id: incident.monitorId,
    integration_id: incident.integrationId,
    region: incident.region,
    dedup_key: incident.dedupKey,
    status: incident.status,
    summary: incident.summary,
    opened_at: incident.openedAt,
    acknowledged_at: incident.acknowledgedAt,
    resolved_at: incident.resolvedAt,
    resolve_reason: incident.resolveReason,
    updated_at: incident.openedAt,
  };
}

function fromRow(row: Selectable<IncidentsTable>): Incident {
  return {
    id: row.id,
    monitorId: row.monitor_id,
    integrationId: row.integration_id,
    region: row.region,
    dedupKey: row.dedup_key,
    status: row.status as IncidentStatus,
    summary: row.summary,
    openedAt: row.opened_at,
    acknowledgedAt: row.acknowledged_at,
    resolvedAt: row.resolved_at,
    resolveReason: row.resolve_reason as ResolveReason | null,
  };
}

/** Forgets the engine state of monitors taken off an integration, so attaching them again starts fresh. */
export async function deleteAlertStates(db: Db, integrationId: string, monitorIds: string[]): Promise<void> {
  if (monitorIds.length === 0) return;
  await db
    .deleteFrom('alert_states')
    .where('integration_id', '=', integrationId)
    .where('monitor_id', 'in', monitorIds)
    .execute();
}
