import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import SqliteDatabase from 'better-sqlite3';
import { startTestServer, waitFor } from '../helpers/server-harness.js';

test('a locked SQLite database makes /healthz say so (503), the server keeps serving, and recovers', async () => {
  const server = await startTestServer('sqlite', {});
  try {
    const healthy = await fetch(`${server.url}/healthz`);
    assert.equal(healthy.status, 200);
    assert.deepEqual(((await healthy.json()) as { checks: Record<string, string> }).checks.db, 'ok');

    // Another process (a backup tool, the sqlite3 shell) holds the write lock.
    const other = new SqliteDatabase(join(server.server.context.store.location));
    other.exec('BEGIN EXCLUSIVE');
    try {
      const locked = await fetch(`${server.url}/healthz`);
      assert.equal(locked.status, 503);
      const body = (await locked.json()) as { status: string; checks: Record<string, string> };
      assert.equal(body.status, 'degraded');
      assert.match(body.checks.db ?? '', /database is locked/);
      const list = await server.api('GET', '/api/v1/monitors');
      assert.equal(list.status, 200, 'reads keep working');
    } finally {
      other.exec('ROLLBACK');
      other.close();
    }
    // The dispatcher's poll may also have met the lock; it reports healthy again at its next successful poll.
    await waitFor(
      'healthy again once the lock is gone',
      async () => ((await fetch(`${server.url}/healthz`)).status === 200 ? true : undefined),
      40_000,
    );
  } finally {
    await server.close();
  }
});
