import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { createLoginCode, exchangeLoginCode, LOGIN_TOKEN_NAME } from '../../src/auth/login-codes.js';
import { hashToken } from '../../src/auth/token-secret.js';
import { verifyToken } from '../../src/auth/tokens.js';
import { PagewatchError } from '../../src/errors/pagewatch-error.js';
import { TEST_ENGINES } from '../helpers/stores.js';
import { bearer, startApi } from '../api/api-harness.js';

const EXCHANGE = '/api/v1/auth/exchange';

function isUnauthorized(pattern: RegExp) {
  return (error: unknown): boolean => {
    assert.ok(error instanceof PagewatchError, String(error));
    assert.equal(error.code, 'PW_ERR_UNAUTHORIZED');
    assert.match(error.message, pattern);
    assert.match(error.message, /restart the demo \(npm start\) or run "npx pagewatch login-link"/);
    return true;
  };
}

for (const engine of TEST_ENGINES) {
  describe(`one-time login codes on ${engine.name}`, () => {
    test('a code is stored only as its hash and exchanges once for a token of its role', async (t) => {
      if (engine.skipReason) return t.skip(engine.skipReason);
      const store = await engine.open();
      try {
        const now = new Date('2026-01-01T10:00:00Z');
        const { code, expiresAt } = await createLoginCode(store.db, { role: 'admin', now });
        assert.match(code, /^[A-Za-z0-9_-]{32}$/);
        assert.equal(expiresAt, '2026-01-01T10:15:00.000Z', 'valid 15 minutes by default');
        const rows = await store.db.selectFrom('login_codes').selectAll().execute();
        assert.equal(rows.length, 1);
        assert.equal(rows[0]!.code_hash, hashToken(code));
        assert.ok(!JSON.stringify(rows).includes(code), 'the code itself is never stored');

        const exchanged = await exchangeLoginCode(store.db, code, new Date('2026-01-01T10:05:00Z'));
        assert.equal(exchanged.role, 'admin');
        assert.match(exchanged.token, /^pw_/);
        const principal = await verifyToken(store.db, exchanged.token);
        assert.deepEqual(
          { name: principal?.name, role: principal?.role },
          { name: LOGIN_TOKEN_NAME, role: 'admin' },
        );
        const used = await store.db.selectFrom('login_codes').select('used_at').executeTakeFirst();
        assert.equal(used?.used_at, '2026-01-01T10:05:00.000Z');

        await assert.rejects(
          exchangeLoginCode(store.db, code, new Date('2026-01-01T10:06:00Z')),
          isUnauthorized(/already used/),
        );
      } finally {
        await store.close();
      }
    });

    test('an expired code and an unknown code are refused, saying how to get a new link', async (t) => {
      if (engine.skipReason) return t.skip(engine.skipReason);
      const store = await engine.open();
      try {
        const now = new Date('2026-01-01T10:00:00Z');
        const { code } = await createLoginCode(store.db, { role: 'admin', ttlMs: 60_000, now });
        await assert.rejects(
          exchangeLoginCode(store.db, code, new Date('2026-01-01T10:01:00Z')),
          isUnauthorized(/expired/),
        );
        await assert.rejects(exchangeLoginCode(store.db, 'x'.repeat(32), now), isUnauthorized(/not valid/));
        await assert.rejects(exchangeLoginCode(store.db, 'with space', now), isUnauthorized(/not valid/));
        const tokens = await store.db.selectFrom('api_tokens').selectAll().execute();
        assert.equal(tokens.length, 0, 'no token was made');
      } finally {
        await store.close();
      }
    });

    test('two exchanges racing with the same code: exactly one token', async (t) => {
      if (engine.skipReason) return t.skip(engine.skipReason);
      const store = await engine.open();
      try {
        for (let round = 0; round < 5; round++) {
          const { code } = await createLoginCode(store.db, { role: 'editor' });
          const results = await Promise.allSettled(
            Array.from({ length: 4 }, () => exchangeLoginCode(store.db, code)),
          );
          const won = results.filter((result) => result.status === 'fulfilled');
          assert.equal(won.length, 1, JSON.stringify(results));
          for (const result of results) {
            if (result.status === 'rejected') isUnauthorized(/already used/)(result.reason);
          }
        }
        const tokens = await store.db
          .selectFrom('api_tokens')
          .select(['name', 'role'])
          .where('name', '=', LOGIN_TOKEN_NAME)
          .execute();
        assert.equal(tokens.length, 5);
        assert.ok(tokens.every((token) => token.role === 'editor'));
      } finally {
        await store.close();
      }
    });

    test('old expired codes are cleaned up when a new one is made', async (t) => {
      if (engine.skipReason) return t.skip(engine.skipReason);
      const store = await engine.open();
      try {
        await createLoginCode(store.db, { role: 'admin', now: new Date('2026-01-01T00:00:00Z') });
        await createLoginCode(store.db, { role: 'admin', now: new Date('2026-01-01T12:00:00Z') });
        assert.equal((await store.db.selectFrom('login_codes').selectAll().execute()).length, 2);
        await createLoginCode(store.db, { role: 'admin', now: new Date('2026-01-03T00:00:00Z') });
        assert.equal(
          (await store.db.selectFrom('login_codes').selectAll().execute()).length,
          1,
          'codes expired for more than a day are deleted',
        );
      } finally {
        await store.close();
      }
    });
  });

  describe(`POST ${EXCHANGE} on ${engine.name}`, () => {
    test('needs no bearer token, answers {token, role} once, then 401 with how to get a new link', async (t) => {
      if (engine.skipReason) return t.skip(engine.skipReason);
      const api = await startApi(engine);
      try {
        const { code } = await createLoginCode(api.store.db, { role: 'admin' });
        const first = await api.app.inject({ method: 'POST', url: EXCHANGE, payload: { code } });
        assert.equal(first.statusCode, 200, first.body);
        const body = first.json() as { token: string; role: string };
        assert.deepEqual(Object.keys(body).sort(), ['role', 'token']);
        assert.equal(body.role, 'admin');

        // The token works on the rest of the API (tokens are admin-only).
        const tokens = await api.app.inject({
          method: 'GET',
          url: '/api/v1/tokens',
          headers: bearer(body.token),
        });
        assert.equal(tokens.statusCode, 200);
        assert.ok(
          (tokens.json() as { data: { name: string }[] }).data.some(
            (token) => token.name === LOGIN_TOKEN_NAME,
          ),
        );

        const again = await api.app.inject({ method: 'POST', url: EXCHANGE, payload: { code } });
        assert.equal(again.statusCode, 401);
        const error = (again.json() as { error: { code: string; message: string } }).error;
        assert.equal(error.code, 'PW_ERR_UNAUTHORIZED');
        assert.match(error.message, /already used.*npm start.*pagewatch login-link/);

        const bad = await api.app.inject({ method: 'POST', url: EXCHANGE, payload: { nope: 1 } });
        assert.equal(bad.statusCode, 400);
        assert.equal((bad.json() as { error: { code: string } }).error.code, 'PW_ERR_VALIDATION');
      } finally {
        await api.close();
      }
    });

    test('concurrent requests with one code: exactly one 200', async (t) => {
      if (engine.skipReason) return t.skip(engine.skipReason);
      const api = await startApi(engine);
      try {
        const { code } = await createLoginCode(api.store.db, { role: 'admin' });
        const answers = await Promise.all(
          Array.from({ length: 6 }, () =>
            api.app.inject({ method: 'POST', url: EXCHANGE, payload: { code } }),
          ),
        );
        assert.deepEqual(answers.map((answer) => answer.statusCode).sort(), [200, 401, 401, 401, 401, 401]);
      } finally {
        await api.close();
      }
    });

    test('every other API endpoint still needs a token', async (t) => {
      if (engine.skipReason) return t.skip(engine.skipReason);
      const api = await startApi(engine);
      try {
        for (const [method, url] of [
          ['GET', '/api/v1/tokens'],
          ['POST', '/api/v1/tokens'],
          ['GET', '/api/v1/auth'],
          ['POST', '/api/v1/auth/exchange/more'],
          ['POST', '/api/v1/auth/exchange/'],
          ['POST', '/api/v1/auth/tokens'],
          ['GET', '/api/v1/demo'],
        ] as const) {
          const response = await api.app.inject({ method, url, payload: method === 'POST' ? {} : undefined });
          assert.equal(response.statusCode, 401, `${method} ${url}`);
        }
      } finally {
        await api.close();
      }
    });

    test('the OpenAPI document lists the exchange as public', async (t) => {
      if (engine.skipReason) return t.skip(engine.skipReason);
      const api = await startApi(engine);
      try {
        const doc = (await api.app.inject({ method: 'GET', url: '/api/docs/json' })).json() as {
          paths: Record<string, Record<string, { security?: unknown[] }>>;
        };
        assert.deepEqual(doc.paths[EXCHANGE]?.post?.security, []);
      } finally {
        await api.close();
      }
    });
  });
}
