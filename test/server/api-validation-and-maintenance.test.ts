import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startPdSandbox, type PdSandbox } from '../../src/pd-sandbox/index.js';
import { healthCollection } from '../helpers/collections.js';
import { TEST_INTEGRATION_KEY } from '../helpers/fixtures.js';
import { startTestServer, waitFor, type TestServer } from '../helpers/server-harness.js';
import { startTargetServer, type TargetServer } from '../helpers/target-server.js';

interface ApiError {
  error: { code: string; message: string; details?: { path: string; message: string }[] };
}

describe('server mode: bad input is refused with the path of the problem; maintenance suppresses alerts', () => {
  let target: TargetServer;
  let sandbox: PdSandbox;
  let server: TestServer;
  let monitorId: string;

  before(async () => {
    [target, sandbox] = await Promise.all([startTargetServer(), startPdSandbox()]);
    server = await startTestServer('sqlite');
    const created = await server.api<{ id: string }>('POST', '/api/v1/monitors', {
      name: 'Health API',
      collection: healthCollection(target.url),
      schedule: { cron: '0 3 * * *', timezone: 'Europe/Berlin' },
    });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    monitorId = created.body.id;
    const integration = await server.api('POST', '/api/v1/integrations', {
      type: 'pagerduty',
      name: 'On-call',
      config: { integrationKey: TEST_INTEGRATION_KEY, eventsUrl: sandbox.url },
      monitorIds: [monitorId],
    });
    assert.equal(integration.status, 201);
  });
  after(async () => {
    await server?.close();
    await Promise.all([target?.close(), sandbox?.close()]);
  });

  const monitorBody = (overrides: Record<string, unknown>) => ({
    name: 'Another',
    collection: healthCollection(target.url),
    schedule: { every: '1m' },
    ...overrides,
  });
  const badMonitors: {
    name: string;
    body: () => unknown;
    status: number;
    code: string;
    path: string;
    message: RegExp;
  }[] = [
    {
      name: 'invalid cron',
      body: () => monitorBody({ schedule: { cron: 'every tuesday' } }),
      status: 400,
      code: 'PW_ERR_VALIDATION',
      path: 'schedule.cron',
      message: /./,
    },
    {
      name: 'unknown time zone',
      body: () => monitorBody({ schedule: { cron: '0 9 * * *', timezone: 'Mars/Olympus' } }),
      status: 400,
      code: 'PW_ERR_VALIDATION',
      path: 'schedule.timezone',
      message: /Mars\/Olympus/,
    },
    {
      name: 'too frequent',
      body: () => monitorBody({ schedule: { every: '10s' } }),
      status: 400,
      code: 'PW_ERR_VALIDATION',
      path: 'schedule.every',
      message: /30s/,
    },
    {
      name: 'collection that does not parse',
      body: () => monitorBody({ collection: { info: { name: 'x' }, item: [{ name: 'no request' }] } }),
      status: 400,
      code: 'PW_ERR_VALIDATION',
      path: 'collection.item[0]',
      message: /request/,
    },
    {
      name: 'option out of range',
      body: () => monitorBody({ options: { retries: 5 } }),
      status: 400,
      code: 'PW_ERR_VALIDATION',
      path: 'options.retries',
      message: /2/,
    },
    {
      name: 'duplicate name',
      body: () => monitorBody({ name: 'Health API' }),
      status: 409,
      code: 'PW_ERR_CONFLICT',
      path: 'name',
      message: /already/,
    },
  ];
  for (const bad of badMonitors) {
    test(`monitor with ${bad.name} → ${bad.status} naming ${bad.path}; nothing stored`, async () => {
      const before = await server.api<{ data: unknown[] }>('GET', '/api/v1/monitors');
      const response = await server.api<ApiError>('POST', '/api/v1/monitors', bad.body());
      assert.equal(response.status, bad.status, JSON.stringify(response.body));
      assert.equal(response.body.error.code, bad.code);
      const detail = response.body.error.details?.find((d) => d.path === bad.path);
      assert.ok(detail, `a detail at ${bad.path} in ${JSON.stringify(response.body.error.details)}`);
      assert.match(detail.message, bad.message);
      const afterwards = await server.api<{ data: unknown[] }>('GET', '/api/v1/monitors');
      assert.equal(afterwards.body.data.length, before.body.data.length);
    });
  }

  test('integration key of the wrong length → 400 naming config.integrationKey, never echoing the key', async () => {
    const response = await server.api<ApiError>('POST', '/api/v1/integrations', {
      type: 'pagerduty',
      name: 'Bad key',
      config: { integrationKey: 'abc123secretish' },
      monitorIds: [monitorId],
    });
    assert.equal(response.status, 400);
    assert.equal(response.body.error.details?.[0]?.path, 'config.integrationKey');
    assert.match(response.body.error.details?.[0]?.message ?? '', /32 characters/);
    assert.ok(!JSON.stringify(response.body).includes('abc123secretish'));
  });

  test('a maintenance window suppresses the page; after it ends the outage is confirmed and paged', async () => {
    const now = Date.now();
    const window = await server.api<{ id: string }>('POST', '/api/v1/maintenance-windows', {
      name: 'Deploy',
      monitorId,
      startsAt: new Date(now - 60_000).toISOString(),
      endsAt: new Date(now + 3_600_000).toISOString(),
    });
    assert.equal(window.status, 201, JSON.stringify(window.body));
    target.setHealthy(false);
    const run = async () => {
      const { body } = await server.api<{ runId: string }>('POST', `/api/v1/monitors/${monitorId}/run`);
      await waitFor('run', async () => {
        const r = await server.api<{ status: string }>('GET', `/api/v1/runs/${body.runId}`);
        return ['queued', 'running'].includes(r.body.status) ? undefined : r.body.status;
      });
    };
    await run();
    assert.equal(
      (await server.api<{ data: unknown[] }>('GET', '/api/v1/incidents')).body.data.length,
      0,
      'no incident in maintenance',
    );
    assert.equal(sandbox.events().length, 0, 'nothing sent to PagerDuty in maintenance');

    assert.equal((await server.api('DELETE', `/api/v1/maintenance-windows/${window.body.id}`)).status, 204);
    await run();
    const incidents = await server.api<{ data: { status: string }[] }>(
      'GET',
      '/api/v1/incidents?status=open',
    );
    assert.equal(incidents.body.data.length, 1);
    await waitFor('PagerDuty trigger', async () => (sandbox.alerts().length === 1 ? true : undefined));
    target.setHealthy(true);
  });

  test('a maintenance window with both one-off and cron fields is refused', async () => {
    const response = await server.api<ApiError>('POST', '/api/v1/maintenance-windows', {
      name: 'Confused',
      startsAt: new Date().toISOString(),
      endsAt: new Date(Date.now() + 1000).toISOString(),
      cron: '0 3 * * *',
      durationMinutes: 30,
    });
    assert.equal(response.status, 400);
    assert.match(response.body.error.message, /either startsAt \+ endsAt/);
  });
});
