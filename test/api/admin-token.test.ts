import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ENV_ADMIN_TOKEN_ID, ensureAdminToken } from '../../src/auth/admin-token.js';
import { createToken, listTokens, verifyToken } from '../../src/auth/tokens.js';
import { PagewatchError } from '../../src/errors/pagewatch-error.js';
import { TEST_ENGINES } from '../helpers/stores.js';

/** Collects what ensureAdminToken logs, to check that a token never appears in it. */
function recordingLog() {
  const lines: string[] = [];
  return { lines, log: { info: (message: string) => void lines.push(message) } };
}

for (const engine of TEST_ENGINES) {
  describe(`ensureAdminToken on ${engine.name}`, () => {
    test('an empty store gets one admin token, returned once to print; later boots leave it alone', async (t) => {
      if (engine.skipReason) return t.skip(engine.skipReason);
      const store = await engine.open();
      try {
        const { lines, log } = recordingLog();
        const first = await ensureAdminToken(store.db, { log });
        assert.equal(first.source, 'generated');
        assert.ok(first.source === 'generated');
        assert.match(first.token, /^pw_[0-9A-Za-z]{32}$/);
        assert.deepEqual(await verifyToken(store.db, first.token), {
          id: first.id,
          name: 'initial admin',
          role: 'admin',
        });
        assert.ok(!lines.join('\n').includes(first.token), 'the token is returned, not logged');
        assert.match(lines.join('\n'), new RegExp(first.id));

        const second = await ensureAdminToken(store.db, { log });
        assert.deepEqual(second, { source: 'existing' }, 'no second token, nothing to print');
        assert.equal((await listTokens(store.db, { limit: 10 })).items.length, 1);
      } finally {
        await store.close();
      }
    });

    test('a store with only non-admin tokens is left alone too', async (t) => {
      if (engine.skipReason) return t.skip(engine.skipReason);
      const store = await engine.open();
      try {
        await createToken(store.db, { name: 'ci', role: 'viewer' });
        assert.deepEqual(await ensureAdminToken(store.db, recordingLog()), { source: 'existing' });
      } finally {
        await store.close();
      }
    });

    test('PAGEWATCH_ADMIN_TOKEN becomes an admin token, idempotently; a new value replaces the old one', async (t) => {
      if (engine.skipReason) return t.skip(engine.skipReason);
      const store = await engine.open();
      try {
        const envToken = 'env-admin-token-0123456789abcdef';
        const { lines, log } = recordingLog();
        const first = await ensureAdminToken(store.db, { envToken, log });
        assert.deepEqual(first, { source: 'env', id: ENV_ADMIN_TOKEN_ID, changed: true });
        assert.equal((await verifyToken(store.db, envToken))?.role, 'admin');

        const again = await ensureAdminToken(store.db, { envToken, log });
        assert.deepEqual(again, { source: 'env', id: ENV_ADMIN_TOKEN_ID, changed: false });
        assert.equal(
          (await listTokens(store.db, { limit: 10 })).items.length,
          1,
          'no generated token when env is set',
        );

        const rotated = 'env-admin-token-rotated-99999999';
        await ensureAdminToken(store.db, { envToken: rotated, log });
        assert.equal((await verifyToken(store.db, rotated))?.role, 'admin');
        assert.equal(await verifyToken(store.db, envToken), null, 'the old value no longer works');
        assert.equal((await listTokens(store.db, { limit: 10 })).items.length, 1);

        const rows = JSON.stringify(await store.db.selectFrom('api_tokens').selectAll().execute());
        assert.ok(!rows.includes(rotated) && !rows.includes(envToken), 'only the hash is stored');
        assert.ok(!lines.join('\n').includes(rotated), 'nor logged');
      } finally {
        await store.close();
      }
    });

    test('an env token equal to an existing non-admin token promotes it', async (t) => {
      if (engine.skipReason) return t.skip(engine.skipReason);
      const store = await engine.open();
      try {
        const { token, record } = await createToken(store.db, { name: 'ops', role: 'viewer' });
        const result = await ensureAdminToken(store.db, { envToken: token, ...recordingLog() });
        assert.deepEqual(result, { source: 'env', id: record.id, changed: true });
        assert.equal((await verifyToken(store.db, token))?.role, 'admin');
      } finally {
        await store.close();
      }
    });

    test('a weak env token is refused with a message naming the variable', async (t) => {
      if (engine.skipReason) return t.skip(engine.skipReason);
      const store = await engine.open();
      try {
        for (const envToken of ['admin', 'short token with spaces in it']) {
          await assert.rejects(
            ensureAdminToken(store.db, { envToken, ...recordingLog() }),
            (error: unknown) =>
              error instanceof PagewatchError &&
              error.code === 'PW_ERR_VALIDATION' &&
              error.details[0]?.path === 'PAGEWATCH_ADMIN_TOKEN',
          );
        }
        assert.deepEqual(
          await ensureAdminToken(store.db, { envToken: '   ', ...recordingLog() }).then((r) => r.source),
          'generated',
          'blank counts as unset',
        );
      } finally {
        await store.close();
      }
    });
  });
}
