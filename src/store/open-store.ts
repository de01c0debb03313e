import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect } from 'kysely';
import pg from 'pg';
import { migrateToLatest } from './migrate.js';
import type { Database } from './schema.js';
import type { StoreEngine } from './store-engine.js';

/** Where the data lives. */
export interface StoreOptions {
  /**
   * `postgres://…` / `postgresql://…` for PostgreSQL; anything else is a SQLite file path.
   * Default `./pagewatch.db` (SQLite).
   */
  url?: string;
  /** PostgreSQL only: use (and create) this schema instead of `public`; tests use one schema each. Default none. */
  postgresSchema?: string;
  /** PostgreSQL pool size. Default 10. */
  poolSize?: number;
  /** SQLite: wait this long for a lock before failing with SQLITE_BUSY. Default 5 000 ms. */
  busyTimeoutMs?: number;
  /** Run migrations on open. Default true. */
  migrate?: boolean;
  /**
   * PostgreSQL only: told about an error on an idle pooled connection (the server restarted, an administrator
   * terminated the backend, the network dropped). The pool discards that connection and opens a new one on the
   * next query; without a listener the error would crash the process. Default: ignore.
   */
  onConnectionError?: (error: Error) => void;
}

export interface Store {
  db: Kysely<Database>;
  engine: StoreEngine;
  /** Where the data lives, with any password removed (for logs). */
  location: string;
  close(): Promise<void>;
}

export const DEFAULT_SQLITE_PATH = './pagewatch.db';

export function isPostgresUrl(url: string): boolean {
  return /^postgres(ql)?:\/\//i.test(url);
}

/** Opens (and by default migrates) the store: PostgreSQL for a postgres:// URL, else an embedded SQLite file. */
export async function openStore(options: StoreOptions = {}): Promise<Store> {
  const url = options.url ?? DEFAULT_SQLITE_PATH;
  const store = isPostgresUrl(url) ? await openPostgres(url, options) : openSqlite(url, options);
  if (options.migrate ?? true) {
    try {
      await migrateToLatest(store.db as Kysely<unknown>, store.engine);
    } catch (error) {
      await store.close();
      throw error;
    }
  }
  return store;
}

function openSqlite(path: string, options: StoreOptions): Store {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const database = new SqliteDatabase(path, { timeout: options.busyTimeoutMs ?? 5_000 });
  // WAL lets the API read while the scheduler writes; FULL sync so a committed outbox row survives a power cut.
  database.pragma('journal_mode = WAL');
  database.pragma('synchronous = FULL');
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database }) });
  return { db, engine: 'sqlite', location: path, close: () => db.destroy() };
}

async function openPostgres(url: string, options: StoreOptions): Promise<Store> {
  const schema = options.postgresSchema;
  if (schema) {
    if (!/^[a-z_][a-z0-9_]*$/.test(schema)) throw new Error(`invalid PostgreSQL schema name "${schema}"`);
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      await client.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
    } finally {
      await client.end();
    }
  }
  const pool = new pg.Pool({
    connectionString: url,
    max: options.poolSize ?? 10,
    ...(schema ? { options: `-c search_path=${schema}` } : {}),
  });
  const onConnectionError = options.onConnectionError ?? (() => undefined);
  // Idle clients report through the pool; a checked-out client's error also reaches its query, which fails.
  pool.on('error', onConnectionError);
  pool.on('connect', (client) => client.on('error', onConnectionError));
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  const safeUrl = new URL(url);
  safeUrl.password = '';
  return { db, engine: 'postgres', location: safeUrl.toString(), close: () => db.destroy() };
}
