import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ApiApp } from '../../src/api/api-types.js';
import { createLoginCode } from '../../src/auth/login-codes.js';
import { TEST_ENGINES } from '../helpers/stores.js';
import { bearer, startApi } from '../api/api-harness.js';

const sqlite = TEST_ENGINES[0]!;
const BAD_TOKEN = 'pw_notARealTokenAtAll000000000000000';

async function get(app: ApiApp, headers: Record<string, string>, remoteAddress = '127.0.0.1') {
  return app.inject({ method: 'GET', url: '/api/v1/tokens', headers, remoteAddress });
}

test('bad tokens from one address: 401 up to the limit, then 429 with Retry-After for everything it sends', async () => {
  const api = await startApi(sqlite, { authFailureLimit: { max: 3, windowMs: 60_000 } });
  try {
    for (let attempt = 1; attempt <= 3; attempt += 1) {
      const response = await get(api.app, bearer(BAD_TOKEN));
      assert.equal(response.statusCode, 401, `attempt ${attempt}`);
    }
    const limited = await get(api.app, bearer(BAD_TOKEN));
    assert.equal(limited.statusCode, 429);
    assert.equal(limited.json().error.code, 'PW_ERR_TOO_MANY_AUTH_FAILURES');
    assert.match(limited.json().error.message, /try again in \d+ s/);
    const retryAfter = Number(limited.headers['retry-after']);
    assert.ok(retryAfter >= 1 && retryAfter <= 60, `Retry-After ${limited.headers['retry-after']}`);
    assert.equal(limited.headers['x-content-type-options'], 'nosniff', 'security headers on a 429 too');
    // Locked out: even a good token from that address is refused (no oracle), and so is the login exchange.
    assert.equal((await get(api.app, bearer(api.tokens.admin))).statusCode, 429);
    const exchange = await api.app.inject({
      method: 'POST',
      url: '/api/v1/auth/exchange',
      payload: { code: 'whatever' },
    });
    assert.equal(exchange.statusCode, 429);
    // Another address is not affected; open routes stay open for the locked-out one.
    assert.equal((await get(api.app, bearer(api.tokens.admin), '10.0.0.7')).statusCode, 200);
    assert.equal((await api.app.inject({ method: 'GET', url: '/healthz' })).statusCode, 200);
    assert.equal((await api.app.inject({ method: 'GET', url: '/api/docs/json' })).statusCode, 200);
    const warned = api.logs().filter((line) => String(line.msg).startsWith('too many failed sign-in'));
    assert.equal(warned.length, 1, 'one warning when the limit is reached');
    assert.ok(!api.logText().includes(BAD_TOKEN), 'the bad token is not logged');
    const metrics = await api.metrics.registry.metrics();
    assert.match(metrics, /^pagewatch_auth_failures_total\{outcome="rejected"\} 3$/m);
    assert.match(metrics, /^pagewatch_auth_failures_total\{outcome="refused"\} 3$/m);
  } finally {
    await api.close();
  }
});

test('only failures count: good tokens and requests without a token never lock a client out', async () => {
  const api = await startApi(sqlite, { authFailureLimit: { max: 2, windowMs: 60_000 } });
  try {
    for (let i = 0; i < 10; i += 1) {
      assert.equal((await get(api.app, bearer(api.tokens.admin))).statusCode, 200);
      assert.equal((await get(api.app, {})).statusCode, 401, 'no token: 401, not counted');
      // A viewer's 403 is not a failed sign-in either.
      assert.equal((await get(api.app, bearer(api.tokens.viewer))).statusCode, 403);
    }
    assert.equal((await get(api.app, bearer(BAD_TOKEN))).statusCode, 401);
    assert.equal((await get(api.app, bearer(api.tokens.admin))).statusCode, 200, 'one failure is below 2');
    assert.equal((await get(api.app, { authorization: 'Basic YWRtaW46YWRtaW4=' })).statusCode, 401);
    assert.equal((await get(api.app, bearer(api.tokens.admin))).statusCode, 429, 'two failures: locked out');
  } finally {
    await api.close();
  }
});

test('bad login codes count; the window ends; max 0 turns the limit off', async () => {
  const api = await startApi(sqlite, { authFailureLimit: { max: 2, windowMs: 300 } });
  try {
    const exchange = (code: string) =>
      api.app.inject({ method: 'POST', url: '/api/v1/auth/exchange', payload: { code } });
    assert.equal((await exchange('not-a-real-code')).statusCode, 401);
    assert.equal((await exchange('still-not-a-real-code')).statusCode, 401);
    const { code } = await createLoginCode(api.store.db, { role: 'viewer' });
    const limited = await exchange(code);
    assert.equal(limited.statusCode, 429, 'a good code is refused while locked out, and stays unused');
    assert.ok(Number(limited.headers['retry-after']) >= 1);
    await new Promise((resolve) => setTimeout(resolve, 350));
    const exchanged = await exchange(code);
    assert.equal(exchanged.statusCode, 200, 'after the window the code works');
    assert.ok(!api.logText().includes(code), 'the login code is not logged');
  } finally {
    await api.close();
  }
  const unlimited = await startApi(sqlite, { authFailureLimit: { max: 0, windowMs: 60_000 } });
  try {
    for (let i = 0; i < 30; i += 1)
      assert.equal((await get(unlimited.app, bearer(BAD_TOKEN))).statusCode, 401);
    assert.match(
      await unlimited.metrics.registry.metrics(),
      /^pagewatch_auth_failures_total\{outcome="rejected"\} 30$/m,
      'counted even when not limited',
    );
  } finally {
    await unlimited.close();
  }
});

test('the default limit is 20 failures a minute', async () => {
  const api = await startApi(sqlite);
  try {
    for (let i = 0; i < 20; i += 1) assert.equal((await get(api.app, bearer(BAD_TOKEN))).statusCode, 401);
    const limited = await get(api.app, bearer(BAD_TOKEN));
    assert.equal(limited.statusCode, 429);
    assert.ok(Number(limited.headers['retry-after']) <= 60);
  } finally {
    await api.close();
  }
});
