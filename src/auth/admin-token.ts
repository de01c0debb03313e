import type { Kysely } from 'kysely';
import { PagewatchError } from '../errors/pagewatch-error.js';
import type { Database } from '../store/schema.js';
import { createToken, countTokens } from './tokens.js';
import { hashToken, isPlausibleToken } from './token-secret.js';

/**
 * The id of the token that PAGEWATCH_ADMIN_TOKEN installs. Fixed, so changing the variable replaces the old token
 * instead of adding a second one (rotation revokes). `i`/`o` are not in the id alphabet, so no generated id equals it.
 */
export const ENV_ADMIN_TOKEN_ID = 'tok_environment';
export const ENV_ADMIN_TOKEN_NAME = 'PAGEWATCH_ADMIN_TOKEN';
export const INITIAL_ADMIN_TOKEN_NAME = 'initial admin';
const MIN_ENV_TOKEN_LENGTH = 16;

export type EnsureAdminTokenResult =
  /** PAGEWATCH_ADMIN_TOKEN is an admin token (`changed`: it was installed, rotated or promoted just now). */
  | { source: 'env'; id: string; changed: boolean }
  /** The store had no token at all: this admin token was created. Print `token` once; it is not kept. */
  | { source: 'generated'; id: string; token: string }
  /** Tokens exist and no variable is set: nothing to do. */
  | { source: 'existing' };

interface AdminTokenLog {
  info(message: string): void;
}

/**
 * Makes sure someone can administer this server, at boot. With `envToken` (PAGEWATCH_ADMIN_TOKEN) set, that token
 * is an admin token (idempotent). Otherwise, when no token exists at all, an admin token is created and returned
 * for the caller to print once. The token itself is never logged.
 */
export async function ensureAdminToken(
  db: Kysely<Database>,
  options: { envToken?: string; log: AdminTokenLog; now?: Date },
): Promise<EnsureAdminTokenResult> {
  const now = options.now ?? new Date();
  const envToken = options.envToken?.trim();
  if (envToken) {
    if (envToken.length < MIN_ENV_TOKEN_LENGTH || !isPlausibleToken(envToken)) {
      throw new PagewatchError('PW_ERR_VALIDATION', 'PAGEWATCH_ADMIN_TOKEN is not a usable token.', [
        {
          path: ENV_ADMIN_TOKEN_NAME,
          message: `use at least ${MIN_ENV_TOKEN_LENGTH} printable characters without spaces, e.g. the output of "openssl rand -hex 24"`,
        },
      ]);
    }
    return installEnvToken(db, hashToken(envToken), now, options.log);
  }
  if ((await countTokens(db)) > 0) return { source: 'existing' };
  const { token, record } = await createToken(db, { name: INITIAL_ADMIN_TOKEN_NAME, role: 'admin' }, now);
  options.log.info(
    `No API token existed: created admin token ${record.id} ("${record.name}"); it is shown once.`,
  );
  return { source: 'generated', id: record.id, token };
}

async function installEnvToken(
  db: Kysely<Database>,
  tokenHash: string,
  now: Date,
  log: AdminTokenLog,
): Promise<EnsureAdminTokenResult> {
  const existing = await db
    .selectFrom('api_tokens')
    .select(['id', 'role'])
    .where('token_hash', '=', tokenHash)
    .executeTakeFirst();
  if (existing) {
    // Already installed (the usual boot), or the variable holds a token made through the API: make it admin.
    if (existing.role === 'admin') return { source: 'env', id: existing.id, changed: false };
    await db.updateTable('api_tokens').set({ role: 'admin' }).where('id', '=', existing.id).execute();
    log.info(`PAGEWATCH_ADMIN_TOKEN matches token ${existing.id}: its role is now admin.`);
    return { source: 'env', id: existing.id, changed: true };
  }
  await db
    .insertInto('api_tokens')
    .values({
      id: ENV_ADMIN_TOKEN_ID,
      name: ENV_ADMIN_TOKEN_NAME,
      role: 'admin',
      token_hash: tokenHash,
      created_at: now.toISOString(),
      last_used_at: null,
    })
    .onConflict((conflict) =>
      conflict.column('id').doUpdateSet({
        name: ENV_ADMIN_TOKEN_NAME,
        role: 'admin',
        token_hash: tokenHash,
        created_at: now.toISOString(),
        last_used_at: null,
      }),
    )
    .execute();
  log.info(
    `PAGEWATCH_ADMIN_TOKEN installed as admin token ${ENV_ADMIN_TOKEN_ID} (a previous value no longer works).`,
  );
  return { source: 'env', id: ENV_ADMIN_TOKEN_ID, changed: true };
}
