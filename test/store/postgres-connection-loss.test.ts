import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { test } from 'node:test';
import { sql } from 'kysely';
import pg from 'pg';
import { openStore } from '../../src/store/open-store.js';
import { postgresSkipReason } from '../helpers/postgres-skip.js';

const databaseUrl = process.env.DATABASE_URL;

test(
  'PostgreSQL: a pooled connection terminated by the server is reported, not fatal, and the next query reconnects',
  { skip: postgresSkipReason() },
  async () => {
    if (!databaseUrl) return;
    const schema = `pw_test_${randomBytes(6).toString('hex')}`;
    const errors: Error[] = [];
    const store = await openStore({
      url: databaseUrl,
      postgresSchema: schema,
      poolSize: 2,
      migrate: false,
      onConnectionError: (error) => errors.push(error),
    });
    const admin = new pg.Client({ connectionString: databaseUrl });
    await admin.connect();
    try {
      const first = await sql<{ pid: number }>`select pg_backend_pid() as pid`.execute(store.db);
      const pid = first.rows[0]?.pid;
      assert.ok(pid, 'the pool opened a connection');
      // The connection is idle in the pool now; the server ends it as an administrator (or a restart) would.
      await admin.query('select pg_terminate_backend($1)', [pid]);
      for (let waited = 0; errors.length === 0 && waited < 5_000; waited += 50) await sleep(50);
      assert.ok(errors.length > 0, 'the lost connection was reported to onConnectionError');
      const next = await sql<{ pid: number }>`select pg_backend_pid() as pid`.execute(store.db);
      assert.notEqual(next.rows[0]?.pid, pid, 'the next query ran on a new connection');
    } finally {
      await store.close();
      await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      await admin.end();
    }
  },
);
