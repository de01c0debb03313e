import type { Kysely } from 'kysely';
import type { Database } from '../schema.js';

/** The newest delivery of each integration, for the integrations list ("last delivery"); one query for all. */
export async function lastDeliveryByIntegration(
  db: Kysely<Database>,
  integrationIds: string[],
): Promise<Map<string, { status: string; at: string; lastError: string | null }>> {
  const result = new Map<string, { status: string; at: string; lastError: string | null }>();
  if (integrationIds.length === 0) return result;
  const newest = db
    .selectFrom('deliveries')
    .select((eb) => ['integration_id', eb.fn.max('seq').as('seq')])
    .where('integration_id', 'in', integrationIds)
    .groupBy('integration_id');
  const rows = await db
    .selectFrom('deliveries as d')
    .innerJoin(newest.as('n'), (join) => join.onRef('n.seq', '=', 'd.seq'))
    .select(['d.integration_id', 'd.status', 'd.created_at', 'd.sent_at', 'd.last_error'])
    .execute();
  for (const row of rows) {
    result.set(row.integration_id, {
      status: row.status,
      at: row.sent_at ?? row.created_at,
      lastError: row.last_error,
    });
  }
  return result;
}
