import type { Kysely } from 'kysely';

/**
 * One-time login codes (the demo's login link, `pagewatch login-link`): only the SHA-256 of a code is kept, with
 * its expiry and the time it was used, so a link works once and a copied database holds no usable code.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('login_codes')
    .addColumn('code_hash', 'text', (c) => c.primaryKey())
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('used_at', 'text')
    .execute();
  await db.schema.createIndex('login_codes_by_expiry').on('login_codes').column('expires_at').execute();
}
