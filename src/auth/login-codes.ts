import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import { PagewatchError } from '../errors/pagewatch-error.js';
import type { Database } from '../store/schema.js';
import { isRole, type Role } from './roles.js';
import { hashToken, isPlausibleToken } from './token-secret.js';
import { createToken } from './tokens.js';

type Db = Kysely<Database>;

/** How long a login link works when nothing else is asked for: long enough to switch to a browser. */
export const DEFAULT_LOGIN_CODE_TTL_MS = 15 * 60_000;

/** Name of the API token a login code is exchanged for (listed under the tokens, revocable there). */
export const LOGIN_TOKEN_NAME = 'dashboard login';

/** Expired codes are kept this long (so a late click says "expired", not "unknown"), then deleted. */
const EXPIRED_CODE_KEPT_MS = 24 * 60 * 60_000;

/** What to do when a link does not work, in every refusal. */
const HOW_TO_GET_A_NEW_ONE =
  'Get a new link: restart the demo (npm start) or run "npx pagewatch login-link".';

/**
 * Creates a one-time login code: 32 random URL-safe characters (192 bits), to be put in a link
 * (`/login?code=…`). Only its SHA-256 is stored, with its expiry; the returned code is the only copy.
 */
export async function createLoginCode(
  db: Db,
  options: { role: Role; ttlMs?: number; now?: Date },
): Promise<{ code: string; expiresAt: string }> {
  const now = options.now ?? new Date();
  const code = randomBytes(24).toString('base64url');
  const expiresAt = new Date(now.getTime() + (options.ttlMs ?? DEFAULT_LOGIN_CODE_TTL_MS)).toISOString();
  await db
    .deleteFrom('login_codes')
    .where('expires_at', '<', new Date(now.getTime() - EXPIRED_CODE_KEPT_MS).toISOString())
    .execute();
  await db
    .insertInto('login_codes')
    .values({
      code_hash: hashToken(code),
      role: options.role,
      created_at: now.toISOString(),
      expires_at: expiresAt,
      used_at: null,
    })
    .execute();
  return { code, expiresAt };
}

/**
 * Exchanges a login code for a new API token of the code's role, once. The code is marked used by an UPDATE that
 * only matches an unused, unexpired code, and the token is created only if that UPDATE changed a row: of two
 * requests racing with the same code, exactly one wins. Anything else is PW_ERR_UNAUTHORIZED, saying why.
 */
export async function exchangeLoginCode(
  db: Db,
  code: string,
  now: Date = new Date(),
): Promise<{ token: string; role: Role }> {
  if (!isPlausibleToken(code)) throw refusal('This login link is not valid.');
  const codeHash = hashToken(code);
  const at = now.toISOString();
  const won = await db.transaction().execute(async (trx) => {
    const updated = await trx
      .updateTable('login_codes')
      .set({ used_at: at })
      .where('code_hash', '=', codeHash)
      .where('used_at', 'is', null)
      .where('expires_at', '>', at)
      .executeTakeFirst();
    if (Number(updated.numUpdatedRows) !== 1) return undefined;
    const row = await trx
      .selectFrom('login_codes')
      .select('role')
      .where('code_hash', '=', codeHash)
      .executeTakeFirstOrThrow();
    // Codes are only written with a Role; anything else would be a corrupt row, given the least power.
    const role = isRole(row.role) ? row.role : 'viewer';
    const { token } = await createToken(trx, { name: LOGIN_TOKEN_NAME, role }, now);
    return { token, role };
  });
  if (won) return won;
  const row = await db
    .selectFrom('login_codes')
    .select(['used_at', 'expires_at'])
    .where('code_hash', '=', codeHash)
    .executeTakeFirst();
  if (!row) throw refusal('This login link is not valid.');
  if (row.used_at !== null) throw refusal('This login link was already used (a link works once).');
  throw refusal('This login link has expired.');
}

function refusal(reason: string): PagewatchError {
  return new PagewatchError('PW_ERR_UNAUTHORIZED', `${reason} ${HOW_TO_GET_A_NEW_ONE}`, [
    { path: 'code', message: reason },
  ]);
}
