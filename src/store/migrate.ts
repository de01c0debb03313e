import { Migrator, sql, type Kysely, type Migration } from 'kysely';
import pRetry, { AbortError } from 'p-retry';
import { PagewatchError } from '../errors/pagewatch-error.js';
import * as initial from './migrations/0001-initial.js';
import * as loginCodes from './migrations/0002-login-codes.js';
import type { StoreEngine } from './store-engine.js';

/** Every migration, in order. Names sort in the order they must run; never rename or edit a released one. */
function migrationsFor(engine: StoreEngine): Record<string, Migration> {
  return {
    '0001-initial': { up: (db) => initial.up(db, engine) },
    '0002-login-codes': { up: (db) => loginCodes.up(db) },
  };
}

/**
 * Brings the schema up to date; throws a PagewatchError naming the failing migration.
 *
 * On PostgreSQL, Kysely's migrator finds its tables by introspecting every schema of the database, and that query
 * fails with "schema … does not exist" (SQLSTATE 3F000) when another schema is dropped while it runs (another
 * installation or a test cleaning up in the same database). Nothing was migrated then, so it is tried again, up to
 * 6 more times.
 */
export async function migrateToLatest(db: Kysely<unknown>, engine: StoreEngine): Promise<string[]> {
  return pRetry(
    async () => {
      try {
        return await migrateOnce(db, engine);
      } catch (error) {
        if (engine === 'postgres' && isNeighbourSchemaDropped(error)) throw error;
        throw new AbortError(error instanceof Error ? error : new Error(String(error)));
      }
    },
    { retries: 6, minTimeout: 50, maxTimeout: 500, randomize: true },
  );
}

function isNeighbourSchemaDropped(error: unknown): boolean {
  const cause = error instanceof Error ? (error.cause as { code?: unknown } | undefined) : undefined;
  return cause?.code === '3F000';
}

async function migrateOnce(db: Kysely<unknown>, engine: StoreEngine): Promise<string[]> {
  const migrator = new Migrator({
    db,
    provider: { getMigrations: async () => migrationsFor(engine) },
    migrationTableName: 'pagewatch_migrations',
    migrationLockTableName: 'pagewatch_migrations_lock',
    // On PostgreSQL the migrator would otherwise look for its tables in every schema of the database and be
    // fooled by another pagewatch installation (or test) in a neighbouring schema: pin it to ours.
    ...(engine === 'postgres' ? { migrationTableSchema: await currentSchema(db) } : {}),
  });
  const { error, results = [] } = await migrator.migrateToLatest();
  const failed = results.find((result) => result.status === 'Error');
  if (error) {
    throw new PagewatchError(
      'PW_ERR_INTERNAL',
      `Database migration ${failed?.migrationName ?? ''} failed: ${(error as Error).message}`,
      [],
      { cause: error },
    );
  }
  return results.filter((result) => result.status === 'Success').map((result) => result.migrationName);
}

async function currentSchema(db: Kysely<unknown>): Promise<string> {
  const { rows } = await sql<{ schema: string }>`select current_schema() as schema`.execute(db);
  return rows[0]?.schema ?? 'public';
}
