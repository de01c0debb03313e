import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { TEST_ENGINES } from '../helpers/stores.js';

for (const engine of TEST_ENGINES) {
  describe(`store on ${engine.name}`, () => {
    test('migrates an empty database to the full schema, and a second open is a no-op', async (t) => {
      if (engine.skipReason) return t.skip(engine.skipReason);
      const store = await engine.open();
      try {
        const tables = (await store.db.introspection.getTables()).map((table) => table.name).sort();
        for (const table of [
          'monitors',
          'runs',
          'run_requests',
          'integrations',
          'incidents',
          'deliveries',
          'api_tokens',
        ]) {
          assert.ok(tables.includes(table), `table ${table} exists (have ${tables.join(', ')})`);
        }
        await store.db
          .insertInto('deliveries')
          .values({
            id: 'dlv_1',
            integration_id: 'int_1',
            dedup_key: 'k',
            action: 'trigger',
            payload: '{}',
            status: 'pending',
            attempts: 0,
            next_attempt_at: new Date(0).toISOString(),
            created_at: new Date(0).toISOString(),
          })
          .execute();
        const row = await store.db.selectFrom('deliveries').select(['seq', 'id']).executeTakeFirstOrThrow();
        assert.equal(typeof row.seq, 'number', 'the outbox sequence is a number on every engine');
      } finally {
        await store.close();
      }
    });
  });
}
