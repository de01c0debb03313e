/**
 * The outbox table (`deliveries`): enqueue inside the caller's transaction, claim with a lease, finish a claim.
 * Works on SQLite and PostgreSQL.
 *
 * Ordering: rows are delivered in `seq` order within their (integration_id, dedup_key) group. Only the oldest
 * `pending` row of a group can be claimed, so while an earlier row waits for a retry or is in flight (claimed),
 * later rows of its group wait too: a resolve never overtakes its trigger. A row that failed for good
 * (`failed`, e.g. PagerDuty answered 400) does not block later rows: they are still worth sending, and
 * PagerDuty ignores an acknowledge or resolve for an alert it never opened.
 *
 * Leases: a claim sets `claimed_until` / `claimed_by`. Finishing a claim (`markSent`, `markRetry`, `markFailed`,
 * `deferDelivery`) clears the lease and only applies while `claimed_by` is still the caller's; a row whose
 * lease ran out (its dispatcher died) is claimable again by anyone.
 */
import { sql, type Kysely, type Selectable, type Transaction } from 'kysely';
import { decodeCursor, encodeCursor, type Page } from '../store/pagination.js';
import type { Database, DeliveriesTable } from '../store/schema.js';
import type { StoreEngine } from '../store/store-engine.js';
import { newId } from '../util/ids.js';
import type { Delivery, DeliveryAction, DeliveryStatus, NewDelivery } from './delivery.js';

type Db = Kysely<Database> | Transaction<Database>;
type DeliveryRow = Selectable<DeliveriesTable>;

/** A claimed row: the delivery, its stored event body (JSON text, parsed by the dispatcher) and its lease. */
export interface ClaimedDelivery extends Delivery {
  /** The event body as stored, without the integration key. */
  payloadJson: string;
  claimedBy: string;
  claimedUntil: string;
}

/** Who holds a claim: finishing functions only apply while the row is still claimed by `claimerId`. */
export interface DeliveryClaim {
  id: string;
  claimerId: string;
}

/** Longest `last_error` kept: enough for PagerDuty's error list, bounded against a receiver's HTML page. */
export const MAX_LAST_ERROR_CHARS = 2_000;

/**
 * Adds deliveries to the outbox, in array order (which is their delivery order per dedup key). Call it with
 * the transaction that changes the incident, so the state change and its events commit or roll back together.
 *
 * On PostgreSQL (pass `engine: 'postgres'`) it first takes a transaction-scoped advisory lock per
 * (integration, dedup key): `seq` values are handed out at insert time but become visible at commit, so
 * without the lock two concurrent transactions could commit a key's events in the opposite order of their
 * `seq`, and a dispatcher could send the later one before the earlier one exists for it.
 */
export async function enqueueDeliveries(
  trx: Db,
  deliveries: NewDelivery[],
  now: Date,
  options: { engine?: StoreEngine } = {},
): Promise<Delivery[]> {
  if (deliveries.length === 0) return [];
  if (options.engine === 'postgres') await lockDedupKeys(trx, deliveries);
  const at = now.toISOString();
  const rows = deliveries.map((delivery): Omit<DeliveryRow, 'seq'> => ({
    id: newId('dlv'),
    incident_id: delivery.incidentId,
    integration_id: delivery.integrationId,
    monitor_id: delivery.monitorId,
    dedup_key: delivery.dedupKey,
    action: delivery.action,
    payload: JSON.stringify(delivery.payload),
    status: 'pending',
    attempts: 0,
    next_attempt_at: at,
    claimed_until: null,
    claimed_by: null,
    last_error: null,
    created_at: at,
    sent_at: null,
  }));
  // One row per statement: `seq` then follows the array order on both engines, without relying on how a
  // multi-row INSERT numbers its rows.
  for (const row of rows) await trx.insertInto('deliveries').values(row).execute();
  return rows.map((row) => toDelivery({ ...row, seq: 0 }));
}

/** Sorted, so two transactions enqueueing several keys take the locks in the same order and cannot deadlock. */
async function lockDedupKeys(trx: Db, deliveries: NewDelivery[]): Promise<void> {
  const keys = [...new Set(deliveries.map((d) => `${d.integrationId}\n${d.dedupKey}`))].sort();
  for (const key of keys) {
    await sql`select pg_advisory_xact_lock(hashtextextended(${key}, 0))`.execute(trx);
  }
}

export interface ClaimOptions {
  now: Date;
  /** Most rows to claim. */
  limit: number;
  /** How long the claim holds; past it, another dispatcher may take the row. */
  leaseMs: number;
  /** Identifies the claiming dispatcher; unique per process. */
  claimerId: string;
  engine: StoreEngine;
  /** Rows this dispatcher is still sending: never claim them again, even if their lease ran out. */
  excludeIds?: readonly string[];
}

/**
 * Claims up to `limit` due rows, oldest first, at most one per (integration, dedup key) group: the group's oldest
 * pending row, and only when it is due and not leased. PostgreSQL: `SELECT … FOR UPDATE SKIP LOCKED` then
 * `UPDATE` in one transaction, so concurrent dispatchers claim disjoint rows. SQLite: a plain read of the
 * candidates, then one `UPDATE … RETURNING` that re-checks them (atomic under SQLite's single writer).
 */
export async function claimDueDeliveries(
  db: Kysely<Database>,
  options: ClaimOptions,
): Promise<ClaimedDelivery[]> {
  if (options.limit <= 0) return [];
  const now = options.now.toISOString();
  const lease = {
    claimed_until: new Date(options.now.getTime() + options.leaseMs).toISOString(),
    claimed_by: options.claimerId,
  };
  let rows: DeliveryRow[];
  if (options.engine === 'postgres') {
    rows = await db.transaction().execute(async (trx) => {
      const picked = await claimableHeads(trx, now, options).forUpdate().skipLocked().execute();
      if (picked.length === 0) return [];
      const ids = picked.map((row) => row.id);
      return trx.updateTable('deliveries').set(lease).where('id', 'in', ids).returningAll().execute();
    });
  } else {
    // Read first: an UPDATE takes SQLite's write lock even when it matches nothing, and an idle dispatcher polling
    // with writes would contend with every other writer (and, better-sqlite3 being synchronous, stall the process
    // for the busy timeout whenever another process holds the lock).
    const picked = await claimableHeads(db, now, options).execute();
    if (picked.length === 0) return [];
    // The UPDATE re-checks the row conditions, so a row is never claimed twice even if a second dispatcher ran in
    // between. A picked row stays its group's head: earlier rows can only move from pending to final.
    rows = await db
      .updateTable('deliveries')
      .set(lease)
      .where(
        'id',
        'in',
        picked.map((row) => row.id),
      )
      .where('status', '=', 'pending')
      .where('next_attempt_at', '<=', now)
      .where((eb) => eb.or([eb('claimed_until', 'is', null), eb('claimed_until', '<', now)]))
      .returningAll()
      .execute();
  }
  return rows.sort((a, b) => a.seq - b.seq).map(toClaimedDelivery);
}

/** Ids of the rows that may be claimed at `now`: pending, due, unleased heads of their group. */
function claimableHeads(db: Db, now: string, options: ClaimOptions) {
  let query = db
    .selectFrom('deliveries as d')
    .select('d.id')
    .where('d.status', '=', 'pending')
    .where('d.next_attempt_at', '<=', now)
    .where((eb) => eb.or([eb('d.claimed_until', 'is', null), eb('d.claimed_until', '<', now)]))
    .where((eb) =>
      eb.not(
        eb.exists(
          eb
            .selectFrom('deliveries as earlier')
            .select(sql<number>`1`.as('one'))
            .whereRef('earlier.integration_id', '=', 'd.integration_id')
            .whereRef('earlier.dedup_key', '=', 'd.dedup_key')
            .where('earlier.status', '=', 'pending')
            .whereRef('earlier.seq', '<', 'd.seq'),
        ),
      ),
    )
    .orderBy('d.seq')
    .limit(options.limit);
  if (options.excludeIds && options.excludeIds.length > 0) {
    query = query.where('d.id', 'not in', [...options.excludeIds]);
  }
  return query;
}

/** Delivered. Returns false when the caller no longer holds the claim (nothing changed). */
export async function markSent(
  db: Db,
  claim: DeliveryClaim,
  result: { sentAt: Date; attempts: number },
): Promise<boolean> {
  return finishClaim(db, claim, {
    status: 'sent',
    sent_at: result.sentAt.toISOString(),
    attempts: result.attempts,
  });
}

/** A transient failure: try again at `nextAttemptAt`. Returns false when the claim was lost. */
export async function markRetry(
  db: Db,
  claim: DeliveryClaim,
  retry: { attempts: number; nextAttemptAt: Date; lastError: string },
): Promise<boolean> {
  return finishClaim(db, claim, {
    attempts: retry.attempts,
    next_attempt_at: retry.nextAttemptAt.toISOString(),
    last_error: clip(retry.lastError),
  });
}

/** A permanent failure (refused, integration deleted, attempts used up): never sent. False when the claim was lost. */
export async function markFailed(
  db: Db,
  claim: DeliveryClaim,
  failure: { lastError: string; attempts?: number },
): Promise<boolean> {
  return finishClaim(db, claim, {
    status: 'failed',
    last_error: clip(failure.lastError),
    ...(failure.attempts !== undefined ? { attempts: failure.attempts } : {}),
  });
}

/**
 * Puts a claimed row back without an attempt (its key is over the rate limit): due again at `nextAttemptAt`,
 * attempts and last error unchanged. False when the claim was lost.
 */
export async function deferDelivery(db: Db, claim: DeliveryClaim, nextAttemptAt: Date): Promise<boolean> {
  return finishClaim(db, claim, { next_attempt_at: nextAttemptAt.toISOString() });
}

async function finishClaim(
  db: Db,
  claim: DeliveryClaim,
  changes: Partial<Pick<DeliveryRow, 'status' | 'attempts' | 'next_attempt_at' | 'last_error' | 'sent_at'>>,
): Promise<boolean> {
  const result = await db
    .updateTable('deliveries')
    .set({ ...changes, claimed_until: null, claimed_by: null })
    .where('id', '=', claim.id)
    .where('claimed_by', '=', claim.claimerId)
    .where('status', '=', 'pending')
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

export async function getDelivery(db: Db, id: string): Promise<Delivery | undefined> {
  const row = await db.selectFrom('deliveries').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? toDelivery(row) : undefined;
}

export interface ListDeliveriesOptions {
  limit: number;
  /** `nextCursor` of the previous page. */
  cursor?: string;
  status?: DeliveryStatus;
  integrationId?: string;
  incidentId?: string;
  monitorId?: string;
}

/** Deliveries newest first (by creation, then enqueue order), with cursor pages. */
export async function listDeliveries(db: Db, options: ListDeliveriesOptions): Promise<Page<Delivery>> {
  let query = db
    .selectFrom('deliveries')
    .selectAll()
    .orderBy('created_at', 'desc')
    .orderBy('seq', 'desc')
    .limit(options.limit + 1);
  if (options.status) query = query.where('status', '=', options.status);
  if (options.integrationId) query = query.where('integration_id', '=', options.integrationId);
  if (options.incidentId) query = query.where('incident_id', '=', options.incidentId);
  if (options.monitorId) query = query.where('monitor_id', '=', options.monitorId);
  if (options.cursor) {
    const { at, id } = decodeCursor(options.cursor);
    // Rows of one instant are ordered by seq; the cursor names the last row by id, its seq is looked up.
    const seqOfCursor = db.selectFrom('deliveries').select('seq').where('id', '=', id);
    query = query.where((eb) =>
      eb.or([eb('created_at', '<', at), eb.and([eb('created_at', '=', at), eb('seq', '<', seqOfCursor)])]),
    );
  }
  const rows = await query.execute();
  const items = rows.slice(0, options.limit);
  const last = items.at(-1);
  const nextCursor =
    rows.length > options.limit && last ? encodeCursor({ at: last.created_at, id: last.id }) : null;
  return { items: items.map(toDelivery), nextCursor };
}

/**
 * Frees every lease. Only for a store that exactly one process dispatches from (SQLite, single node): a lease found
 * at boot belongs to a process that died, so its rows go out now instead of after the lease runs out.
 */
export async function releaseAllLeases(db: Db): Promise<number> {
  const result = await db
    .updateTable('deliveries')
    .set({ claimed_until: null, claimed_by: null })
    .where('status', '=', 'pending')
    .where('claimed_by', 'is not', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/** Rows per status (every status present, 0 when none): the outbox depth for metrics and health. */
export async function countByStatus(db: Db): Promise<Record<DeliveryStatus, number>> {
  const rows = await db
    .selectFrom('deliveries')
    .select(['status', (eb) => eb.fn.countAll<string | number>().as('count')])
    .groupBy('status')
    .execute();
  const counts: Record<DeliveryStatus, number> = { pending: 0, sent: 0, failed: 0 };
  for (const row of rows) {
    if (row.status in counts) counts[row.status as DeliveryStatus] = Number(row.count);
  }
  return counts;
}

/** `created_at` of the oldest pending row, or null when nothing is pending. */
export async function oldestPendingCreatedAt(db: Db): Promise<string | null> {
  const row = await db
    .selectFrom('deliveries')
    .select((eb) => eb.fn.min('created_at').as('oldest'))
    .where('status', '=', 'pending')
    .executeTakeFirst();
  return row?.oldest ?? null;
}

function toDelivery(row: DeliveryRow): Delivery {
  return {
    id: row.id,
    incidentId: row.incident_id,
    integrationId: row.integration_id,
    monitorId: row.monitor_id,
    dedupKey: row.dedup_key,
    action: row.action as DeliveryAction,
    status: row.status as DeliveryStatus,
    attempts: row.attempts,
    nextAttemptAt: row.next_attempt_at,
    lastError: row.last_error,
    createdAt: row.created_at,
    sentAt: row.sent_at,
  };
}

function toClaimedDelivery(row: DeliveryRow): ClaimedDelivery {
  return {
    ...toDelivery(row),
    payloadJson: row.payload,
    claimedBy: row.claimed_by ?? '',
    claimedUntil: row.claimed_until ?? '',
  };
}

function clip(text: string): string {
  return text.length > MAX_LAST_ERROR_CHARS ? `${text.slice(0, MAX_LAST_ERROR_CHARS - 1)}…` : text;
}
