import assert from 'node:assert/strict';
import { test } from 'node:test';
import { redactUrl } from '../../src/observability/logger.js';
import { TEST_ENGINES } from '../helpers/stores.js';
import { bearer, startApi } from '../api/api-harness.js';

test('logged URLs keep the API parameters and censor every other query value', () => {
  const cases: [string, string][] = [
    ['/api/v1/monitors', '/api/v1/monitors'],
    [
      '/api/v1/incidents?status=open&monitorId=mon_1&limit=5',
      '/api/v1/incidents?status=open&monitorId=mon_1&limit=5',
    ],
    ['/login?code=Z0-DX9ieY1VYomKSzctJqDBKVEY_T3Rq', '/login?code=[redacted]'],
    [
      '/api/v1/monitors?limit=2&token=pw_abc&cursor=c1',
      '/api/v1/monitors?limit=2&token=[redacted]&cursor=c1',
    ],
    ['/api/v1/monitors?pw_51edf94cb503a71824fa87466decf29c', '/api/v1/monitors?[redacted]'],
    ['/x?a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6=1', '/x?[redacted]'],
    ['/x?', '/x?'],
    ['/x?&limit=1&', '/x?&limit=1&'],
  ];
  for (const [url, expected] of cases) assert.equal(redactUrl(url), expected, url);
});

test('the request log of the API censors query secrets', async () => {
  const api = await startApi(TEST_ENGINES[0]!);
  try {
    const code = 'Z0-DX9ieY1VYomKSzctJqDBKVEY_T3Rq';
    await api.app.inject({
      method: 'GET',
      url: `/api/v1/tokens?code=${code}&limit=3`,
      headers: bearer(api.tokens.admin),
    });
    const incoming = api.logs().find((line) => line.msg === 'incoming request') as { req: { url: string } };
    assert.equal(incoming.req.url, '/api/v1/tokens?code=[redacted]&limit=3');
    assert.ok(!api.logText().includes(code));
    assert.ok(!api.logText().includes(api.tokens.admin));
  } finally {
    await api.close();
  }
});
