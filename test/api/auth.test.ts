import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { z } from 'zod';
import type { ApiRoutePlugin } from '../../src/api/api-types.js';
import { verifyToken } from '../../src/auth/tokens.js';
import { TEST_ENGINES } from '../helpers/stores.js';
import { bearer, startApi } from './api-harness.js';

/** A resource with a read and a write, to exercise the role rules outside /tokens. */
const widgetRoutes: ApiRoutePlugin = async (api) => {
  api.get('/widgets', async (request) => ({ data: [], caller: request.principal?.role }));
  api.post('/widgets', { schema: { body: z.object({ name: z.string() }) } }, async (request, reply) =>
    reply.code(201).send({ name: request.body.name }),
  );
  api.post('/widgets/purge', { config: { requiredRole: 'admin' } }, async () => ({ purged: true }));
};

for (const engine of TEST_ENGINES) {
  describe(`API auth on ${engine.name}`, () => {
    test('no token and a bad token are 401 with the error body and WWW-Authenticate', async (t) => {
      if (engine.skipReason) return t.skip(engine.skipReason);
      const api = await startApi(engine, { routes: [widgetRoutes] });
      try {
        for (const headers of [
          {},
          bearer('pw_notARealTokenAtAll000000000000000'),
          { authorization: 'Basic YWRtaW46YWRtaW4=' },
          { authorization: `Bearer ${api.tokens.admin}x` },
        ]) {
          const response = await api.app.inject({ method: 'GET', url: '/api/v1/widgets', headers });
          assert.equal(response.statusCode, 401, JSON.stringify(headers));
          assert.equal(response.json().error.code, 'PW_ERR_UNAUTHORIZED');
          assert.equal(response.headers['www-authenticate'], 'Bearer');
        }
        // Unknown API paths do not reveal themselves to anonymous callers.
        const unknown = await api.app.inject({ method: 'GET', url: '/api/v1/nothing-here' });
        assert.equal(unknown.statusCode, 401);
        const unknownWithToken = await api.app.inject({
          method: 'GET',
          url: '/api/v1/nothing-here',
          headers: bearer(api.tokens.viewer),
        });
        assert.equal(unknownWithToken.statusCode, 404);
      } finally {
        await api.close();
      }
    });

    test('viewer reads but may not write (403); editor writes; request.principal is set', async (t) => {
      if (engine.skipReason) return t.skip(engine.skipReason);
      const api = await startApi(engine, { routes: [widgetRoutes] });
      try {
        const read = await api.app.inject({
          method: 'GET',
          url: '/api/v1/widgets',
          headers: bearer(api.tokens.viewer),
        });
        assert.equal(read.statusCode, 200);
        assert.equal(read.json().caller, 'viewer');

        const write = { method: 'POST' as const, url: '/api/v1/widgets', payload: { name: 'w' } };
        const forbidden = await api.app.inject({ ...write, headers: bearer(api.tokens.viewer) });
        assert.equal(forbidden.statusCode, 403);
        assert.equal(forbidden.json().error.code, 'PW_ERR_FORBIDDEN');
        assert.match(forbidden.json().error.message, /editor role/);

        const allowed = await api.app.inject({ ...write, headers: bearer(api.tokens.editor) });
        assert.equal(allowed.statusCode, 201);

        const purgeByEditor = await api.app.inject({
          method: 'POST',
          url: '/api/v1/widgets/purge',
          headers: bearer(api.tokens.editor),
        });
        assert.equal(purgeByEditor.statusCode, 403, 'config.requiredRole raises the bar');
        const purgeByAdmin = await api.app.inject({
          method: 'POST',
          url: '/api/v1/widgets/purge',
          headers: bearer(api.tokens.admin),
        });
        assert.equal(purgeByAdmin.statusCode, 200);
      } finally {
        await api.close();
      }
    });

    test('tokens are admin only, reads included, however the path is spelled', async (t) => {
      if (engine.skipReason) return t.skip(engine.skipReason);
      const api = await startApi(engine);
      try {
        for (const role of ['editor', 'viewer'] as const) {
          for (const [method, url] of [
            ['GET', '/api/v1/tokens'],
            ['POST', '/api/v1/tokens'],
            ['DELETE', '/api/v1/tokens/tok_x'],
            ['GET', '/api/v1/%74okens'],
          ] as const) {
            const response = await api.app.inject({
              method,
              url,
              headers: bearer(api.tokens[role]),
              ...(method === 'POST' ? { payload: { name: 'sneaky', role: 'admin' } } : {}),
            });
            assert.equal(response.statusCode, 403, `${role} ${method} ${url}`);
            assert.equal(response.json().error.code, 'PW_ERR_FORBIDDEN');
          }
        }
      } finally {
        await api.close();
      }
    });

    test('admin creates (201, token shown once), lists, and revokes tokens', async (t) => {
      if (engine.skipReason) return t.skip(engine.skipReason);
      const api = await startApi(engine);
      try {
        const admin = bearer(api.tokens.admin);
        const created = await api.app.inject({
          method: 'POST',
          url: '/api/v1/tokens',
          headers: admin,
          payload: { name: 'CI apply', role: 'editor' },
        });
        assert.equal(created.statusCode, 201);
        const body = created.json();
        assert.match(body.token, /^pw_[0-9A-Za-z]{32}$/);
        assert.match(body.id, /^tok_/);
        assert.equal(body.role, 'editor');
        assert.equal(body.lastUsedAt, null);

        const usable = await api.app.inject({
          method: 'GET',
          url: '/api/v1/nothing',
          headers: bearer(body.token),
        });
        assert.equal(usable.statusCode, 404, 'the new token authenticates');

        const list = await api.app.inject({ method: 'GET', url: '/api/v1/tokens?limit=2', headers: admin });
        assert.equal(list.statusCode, 200);
        const page1 = list.json();
        assert.equal(page1.data.length, 2);
        assert.equal(page1.pagination.limit, 2);
        assert.equal(typeof page1.pagination.nextCursor, 'string');
        assert.ok(!list.body.includes(body.token), 'lists never contain a token');
        assert.ok(!('token' in page1.data[0]));
        const page2 = await api.app.inject({
          method: 'GET',
          url: `/api/v1/tokens?limit=2&cursor=${page1.pagination.nextCursor}`,
          headers: admin,
        });
        const rest = page2.json();
        assert.equal(rest.pagination.nextCursor, null);
        const ids = [...page1.data, ...rest.data].map((token: { id: string }) => token.id);
        assert.equal(new Set(ids).size, 4, 'four tokens over two pages, none twice');

        const revoked = await api.app.inject({
          method: 'DELETE',
          url: `/api/v1/tokens/${body.id}`,
          headers: admin,
        });
        assert.equal(revoked.statusCode, 204);
        assert.equal(revoked.body, '');
        const after = await api.app.inject({
          method: 'GET',
          url: '/api/v1/nothing',
          headers: bearer(body.token),
        });
        assert.equal(after.statusCode, 401, 'a revoked token stops working at once');

        const again = await api.app.inject({
          method: 'DELETE',
          url: `/api/v1/tokens/${body.id}`,
          headers: admin,
        });
        assert.equal(again.statusCode, 404);
        assert.equal(again.json().error.code, 'PW_ERR_NOT_FOUND');

        const badRole = await api.app.inject({
          method: 'POST',
          url: '/api/v1/tokens',
          headers: admin,
          payload: { name: 'x', role: 'root' },
        });
        assert.equal(badRole.statusCode, 400);
        assert.equal(badRole.json().error.details[0].path, 'role');
      } finally {
        await api.close();
      }
    });

    test('the last admin token cannot be revoked (409)', async (t) => {
      if (engine.skipReason) return t.skip(engine.skipReason);
      const api = await startApi(engine);
      try {
        const admin = await verifyToken(api.store.db, api.tokens.admin);
        const response = await api.app.inject({
          method: 'DELETE',
          url: `/api/v1/tokens/${admin!.id}`,
          headers: bearer(api.tokens.admin),
        });
        assert.equal(response.statusCode, 409);
        assert.equal(response.json().error.code, 'PW_ERR_CONFLICT');
        assert.ok(await verifyToken(api.store.db, api.tokens.admin), 'still works');
      } finally {
        await api.close();
      }
    });

    test('tokens are stored as SHA-256 only: no column of any row holds the token', async (t) => {
      if (engine.skipReason) return t.skip(engine.skipReason);
      const api = await startApi(engine);
      try {
        const created = await api.app.inject({
          method: 'POST',
          url: '/api/v1/tokens',
          headers: bearer(api.tokens.admin),
          payload: { name: 'hashed', role: 'viewer' },
        });
        const { token } = created.json();
        const rows = await api.store.db.selectFrom('api_tokens').selectAll().execute();
        assert.equal(rows.length, 4);
        const dump = JSON.stringify(rows);
        for (const secret of [token, api.tokens.admin, api.tokens.editor, api.tokens.viewer]) {
          assert.ok(!dump.includes(secret), 'the token string is not in the table');
          assert.ok(!dump.includes(secret.slice(3)), 'nor its random part');
        }
        for (const row of rows) assert.match(row.token_hash, /^[0-9a-f]{64}$/);
        assert.ok(!api.logText().includes(token), 'nor in the log');
      } finally {
        await api.close();
      }
    });

    test('last_used_at is written on use, at most once a minute', async (t) => {
      if (engine.skipReason) return t.skip(engine.skipReason);
      const api = await startApi(engine);
      try {
        const lastUsed = async () =>
          (
            await api.store.db
              .selectFrom('api_tokens')
              .select('last_used_at')
              .where('name', '=', 'test viewer')
              .executeTakeFirstOrThrow()
          ).last_used_at;
        assert.equal(await lastUsed(), null);
        const t0 = new Date('2030-01-01T00:00:00.000Z');
        await verifyToken(api.store.db, api.tokens.viewer, t0);
        assert.equal(await lastUsed(), t0.toISOString());
        await verifyToken(api.store.db, api.tokens.viewer, new Date(t0.getTime() + 30_000));
        assert.equal(await lastUsed(), t0.toISOString(), 'not rewritten within the minute');
        const t1 = new Date(t0.getTime() + 61_000);
        await verifyToken(api.store.db, api.tokens.viewer, t1);
        assert.equal(await lastUsed(), t1.toISOString());
      } finally {
        await api.close();
      }
    });
  });
}
