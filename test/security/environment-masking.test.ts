import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { MASKED_ENVIRONMENT_VALUE } from '../../src/monitors/mask-environment.js';
import { healthCollection } from '../helpers/collections.js';
import { startSecurityServer, type SecurityServer } from './security-server.js';

const SECRET_VALUE = 'sk_live_monitored_api_key_42';
let api: SecurityServer;
let monitorId: string;

async function call(token: string, method: string, path: string, body?: unknown) {
  const response = await fetch(`${api.server.url}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${token}`,
      ...(body ? { 'content-type': 'application/json' } : {}),
    },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
  return { status: response.status, text: await response.text() };
}

before(async () => {
  api = await startSecurityServer();
  const created = await call(api.tokens.admin, 'POST', '/api/v1/monitors', {
    name: 'environment masking',
    collection: healthCollection('http://127.0.0.1:9'),
    environment: {
      name: 'prod',
      values: [
        { key: 'apiKey', value: SECRET_VALUE, type: 'secret', enabled: true },
        { key: 'baseUrl', value: 'https://api.example.test', type: 'default', enabled: true },
      ],
    },
    schedule: { every: '1h' },
    enabled: false,
  });
  assert.equal(created.status, 201, created.text);
  monitorId = (JSON.parse(created.text) as { id: string }).id;
});
after(() => api.close());

test('a viewer reads a monitor with its environment values masked, keys and types kept', async () => {
  const { status, text } = await call(api.tokens.viewer, 'GET', `/api/v1/monitors/${monitorId}`);
  assert.equal(status, 200);
  assert.ok(!text.includes(SECRET_VALUE), 'the secret value is not in the answer');
  const monitor = JSON.parse(text) as { environment: { values: Record<string, unknown>[] } };
  assert.deepEqual(
    monitor.environment.values.map((v) => [v.key, v.value, v.type]),
    [
      ['apiKey', MASKED_ENVIRONMENT_VALUE, 'secret'],
      ['baseUrl', MASKED_ENVIRONMENT_VALUE, 'default'],
    ],
  );
});

test('a viewer listing monitors with their bodies gets the environments masked too', async () => {
  const { status, text } = await call(api.tokens.viewer, 'GET', '/api/v1/monitors?include=collection');
  assert.equal(status, 200);
  assert.ok(text.includes('apiKey'), 'the list includes the environment');
  assert.ok(!text.includes(SECRET_VALUE), 'the secret value is not in the list');
});

test('editors and admins read the values (they edit and run the monitor)', async () => {
  for (const token of [api.tokens.editor, api.tokens.admin]) {
    const { status, text } = await call(token, 'GET', `/api/v1/monitors/${monitorId}`);
    assert.equal(status, 200);
    assert.ok(text.includes(SECRET_VALUE));
  }
});
