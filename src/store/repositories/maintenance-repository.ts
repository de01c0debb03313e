import type { Kysely, Selectable } from 'kysely';
import type { MaintenanceWindow } from '../../incidents/index.js';
import type { Database, MaintenanceWindowsTable } from '../schema.js';

type Db = Kysely<Database>;

/** A stored maintenance window with its id and name. */
export type StoredMaintenanceWindow = MaintenanceWindow & { id: string; name: string; createdAt: string };

export async function listMaintenanceWindows(db: Db): Promise<StoredMaintenanceWindow[]> {
  const rows = await db.selectFrom('maintenance_windows').selectAll().orderBy('created_at').execute();
  return rows.map(fromRow);
}

export async function insertMaintenanceWindow(db: Db, window: StoredMaintenanceWindow): Promise<void> {
  await db
    .insertInto('maintenance_windows')
    .values({
      id: window.id,
      name: window.name,
      monitor_id: window.monitorId ?? null,
      starts_at: 'startsAt' in window ? window.startsAt : null,
      ends_at: 'endsAt' in window ? window.endsAt : null,
      cron: 'cron' in window ? window.cron : null,
      timezone: 'cron' in window ? (window.timezone ?? null) : null,
      duration_minutes: 'cron' in window ? window.durationMinutes : null,
      created_at: window.createdAt,
    })
    .execute();
}

export async function deleteMaintenanceWindow(db: Db, id: string): Promise<boolean> {
  const result = await db.deleteFrom('maintenance_windows').where('id', '=', id).executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

function fromRow(row: Selectable<MaintenanceWindowsTable>): StoredMaintenanceWindow {
  const common = { id: row.id, name: row.name, createdAt: row.created_at, monitorId: row.monitor_id };
  if (row.cron !== null) {
    return { ...common, cron: row.cron, timezone: row.timezone, durationMinutes: row.duration_minutes ?? 0 };
  }
  return { ...common, startsAt: row.starts_at ?? '', endsAt: row.ends_at ?? '' };
}
