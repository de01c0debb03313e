import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { openStore, type Store } from '../../src/store/open-store.js';
import { postgresSkipReason } from './postgres-skip.js';

/** A way to get a fresh, migrated, empty store on one engine, and to throw it away. */
export interface TestEngine {
  name: 'sqlite' | 'postgres';
  /** Set when this engine cannot run here; tests call `t.skip(reason)`. */
  skipReason?: string;
  open(): Promise<Store>;
}

const databaseUrl = process.env.DATABASE_URL;

/**
 * SQLite always; PostgreSQL when DATABASE_URL is set (CI sets it). Each PostgreSQL store gets its own schema,
 * dropped on close, so tests never see each other's rows.
 */
export const TEST_ENGINES: TestEngine[] = [
  {
    name: 'sqlite',
    async open() {
      const dir = await mkdtemp(join(tmpdir(), 'pagewatch-store-'));
      return openStore({ url: join(dir, 'test.db') });
    },
  },
  {
    name: 'postgres',
    skipReason: postgresSkipReason(),
    async open() {
      if (!databaseUrl) throw new Error('DATABASE_URL is not set');
      const schema = `pw_test_${randomBytes(6).toString('hex')}`;
      const dropSchema = async (): Promise<void> => {
        const client = new pg.Client({ connectionString: databaseUrl });
        await client.connect();
        await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
        await client.end();
      };
      let store: Store;
      try {
        store = await openStore({ url: databaseUrl, postgresSchema: schema, poolSize: 4 });
      } catch (error) {
        await dropSchema();
        throw error;
      }
      return {
        ...store,
        async close() {
          await store.close();
          await dropSchema();
        },
      };
    },
  },
];
