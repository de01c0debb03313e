import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import { openStore } from '../../src/store/open-store.js';
import { postgresSkipReason } from '../helpers/postgres-skip.js';

const databaseUrl = process.env.DATABASE_URL;

test(
  'PostgreSQL: migrations succeed while other schemas of the database are being created and dropped',
  { skip: postgresSkipReason() },
  async () => {
    if (!databaseUrl) return;
    // Kysely's migrator introspects every schema of the database; a schema dropped during that query made it fail
    // with "schema … does not exist" (seen in CI while other tests cleaned up their schemas).
    const churn = new pg.Client({ connectionString: databaseUrl });
    await churn.connect();
    let churning = true;
    const churner = (async () => {
      while (churning) {
        const name = `pw_churn_${randomBytes(6).toString('hex')}`;
        await churn.query(`CREATE SCHEMA ${name}; CREATE TABLE ${name}.t (id serial primary key)`);
        await churn.query(`DROP SCHEMA ${name} CASCADE`);
        await sleep(10);
      }
    })();
    const admin = new pg.Client({ connectionString: databaseUrl });
    await admin.connect();
    const failures: string[] = [];
    try {
      for (let i = 0; i < 15; i += 1) {
        const schema = `pw_test_${randomBytes(6).toString('hex')}`;
        try {
          const store = await openStore({ url: databaseUrl, postgresSchema: schema, poolSize: 2 });
          await store.close();
        } catch (error) {
          failures.push((error as Error).message);
        } finally {
          await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
        }
      }
    } finally {
      churning = false;
      await churner;
      await churn.end();
      await admin.end();
    }
    assert.deepEqual(failures, []);
  },
);
