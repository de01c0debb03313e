import type { Kysely, Selectable } from 'kysely';
import { PagewatchError } from '../errors/pagewatch-error.js';
import { beforeCursor, toPage, type Page } from '../store/pagination.js';
import type { ApiTokensTable, Database } from '../store/schema.js';
import { newId } from '../util/ids.js';
import { isRole, type Principal, type Role } from './roles.js';
import { generateToken, hashToken, isPlausibleToken } from './token-secret.js';

type Db = Kysely<Database>;

/** An API token as listed: never the token itself, which exists only in the creator's hands. */
export interface TokenRecord {
  id: string;
  name: string;
  role: Role;
  createdAt: string;
  lastUsedAt: string | null;
}

/** `last_used_at` is written at most this often per token, so reads do not turn into a write per request. */
export const LAST_USED_RESOLUTION_MS = 60_000;

/** Creates a token. The returned `token` is the only copy: the store keeps its SHA-256. */
export async function createToken(
  db: Db,
  input: { name: string; role: Role },
  now: Date = new Date(),
): Promise<{ token: string; record: TokenRecord }> {
  const token = generateToken();
  const row = {
    id: newId('tok'),
    name: input.name,
    role: input.role,
    token_hash: hashToken(token),
    created_at: now.toISOString(),
    last_used_at: null,
  };
  await db.insertInto('api_tokens').values(row).execute();
  return { token, record: fromRow(row) };
}

/**
 * The principal a token stands for, or null when it is unknown or revoked. Looks the token up by its hash (so no
 * constant-time compare is needed) and notes when it was last used, at most once a minute.
 */
export async function verifyToken(db: Db, token: string, now: Date = new Date()): Promise<Principal | null> {
  if (!isPlausibleToken(token)) return null;
  const row = await db
    .selectFrom('api_tokens')
    .select(['id', 'name', 'role', 'last_used_at'])
    .where('token_hash', '=', hashToken(token))
    .executeTakeFirst();
  if (!row || !isRole(row.role)) return null;
  const staleBefore = new Date(now.getTime() - LAST_USED_RESOLUTION_MS).toISOString();
  if (row.last_used_at === null || row.last_used_at <= staleBefore) {
    // The condition is repeated in the UPDATE so concurrent requests write it once. Bookkeeping only: a locked
    // or full database must not turn every read of the API into an error, so a failed write is let go.
    await db
      .updateTable('api_tokens')
      .set({ last_used_at: now.toISOString() })
      .where('id', '=', row.id)
      .where((eb) => eb.or([eb('last_used_at', 'is', null), eb('last_used_at', '<=', staleBefore)]))
      .execute()
      .catch(() => undefined);
  }
  return { id: row.id, name: row.name, role: row.role };
}

export async function getToken(db: Db, id: string): Promise<TokenRecord | undefined> {
  const row = await db.selectFrom('api_tokens').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? fromRow(row) : undefined;
}

/** Tokens newest first. */
export async function listTokens(
  db: Db,
  options: { limit: number; cursor?: string },
): Promise<Page<TokenRecord>> {
  let query = db
    .selectFrom('api_tokens')
    .selectAll()
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(options.limit + 1);
  if (options.cursor) query = query.where(beforeCursor('created_at', 'id', options.cursor));
  const page = toPage(await query.execute(), options.limit, (row) => ({ at: row.created_at, id: row.id }));
  return { items: page.items.map(fromRow), nextCursor: page.nextCursor };
}

/**
 * Revokes (deletes) a token; it stops working at once. Refuses to revoke the last admin token, which would leave
 * nobody able to manage tokens (PW_ERR_CONFLICT); unknown ids are PW_ERR_NOT_FOUND.
 */
export async function revokeToken(db: Db, id: string): Promise<void> {
  const deleted = await db
    .deleteFrom('api_tokens')
    .where('id', '=', id)
    // Checked in the delete itself, not in a read before it. (Two admins revoking each other at the same instant
    // on PostgreSQL could still both succeed; PAGEWATCH_ADMIN_TOKEN restores access on the next boot.)
    .where((eb) =>
      eb.or([
        eb('role', '!=', 'admin'),
        eb(
          eb
            .selectFrom('api_tokens as other')
            .select((o) => o.fn.countAll<number>().as('n'))
            .where('other.role', '=', 'admin')
            .where('other.id', '!=', id),
          '>',
          0,
        ),
      ]),
    )
    .executeTakeFirst();
  if (Number(deleted.numDeletedRows) > 0) return;
  if (await getToken(db, id)) {
    throw new PagewatchError(
      'PW_ERR_CONFLICT',
      'This is the last admin token; create another admin token first.',
      [{ path: 'id', message: 'last admin token' }],
    );
  }
  throw new PagewatchError('PW_ERR_NOT_FOUND', `Token ${id} does not exist.`);
}

export async function countTokens(db: Db): Promise<number> {
  const row = await db
    .selectFrom('api_tokens')
    .select((eb) => eb.fn.countAll<string | number>().as('count'))
    .executeTakeFirstOrThrow();
  return Number(row.count);
}

function fromRow(row: Selectable<ApiTokensTable>): TokenRecord {
  return {
    id: row.id,
    name: row.name,
    // Roles are only ever written from the Role type; an unknown one would be a corrupt row, shown as least power.
    role: isRole(row.role) ? row.role : 'viewer',
    createdAt: row.created_at,
    lastUsedAt: row.last_used_at,
  };
}
