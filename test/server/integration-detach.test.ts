import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startPdSandbox, type PdSandbox } from '../../src/pd-sandbox/index.js';
import { healthCollection } from '../helpers/collections.js';
import { TEST_INTEGRATION_KEY } from '../helpers/fixtures.js';
import { startTestServer, waitFor, type TestServer } from '../helpers/server-harness.js';
import { startTargetServer, type TargetServer } from '../helpers/target-server.js';

let target: TargetServer;
let sandbox: PdSandbox;
let server: TestServer;
before(async () => {
  [target, sandbox] = await Promise.all([startTargetServer(), startPdSandbox()]);
  server = await startTestServer('sqlite');
});
after(async () => {
  await server?.close();
  await Promise.all([target?.close(), sandbox?.close()]);
});

test('taking a monitor off an integration resolves its open incident; attaching it again starts fresh', async () => {
  const monitor = await server.api<{ id: string }>('POST', '/api/v1/monitors', {
    name: 'Health API',
    collection: healthCollection(target.url),
    schedule: { every: '24h' },
  });
  const body = (monitorIds: string[]) => ({
    type: 'pagerduty',
    name: 'On-call',
    config: { integrationKey: TEST_INTEGRATION_KEY, eventsUrl: sandbox.url },
    monitorIds,
  });
  const integration = await server.api<{ id: string }>(
    'POST',
    '/api/v1/integrations',
    body([monitor.body.id]),
  );
  const runNow = async () => {
    const { body: run } = await server.api<{ runId: string }>(
      'POST',
      `/api/v1/monitors/${monitor.body.id}/run`,
    );
    await waitFor('run', async () => {
      const r = await server.api<{ status: string }>('GET', `/api/v1/runs/${run.runId}`);
      return ['queued', 'running'].includes(r.body.status) ? undefined : true;
    });
  };
  const incidents = async () =>
    (
      await server.api<{ data: { status: string; resolveReason: string | null }[] }>(
        'GET',
        '/api/v1/incidents',
      )
    ).body.data;

  target.setHealthy(false);
  await runNow();
  assert.equal((await incidents())[0]?.status, 'triggered');

  const detached = await server.api('PUT', `/api/v1/integrations/${integration.body.id}`, body([]));
  assert.equal(detached.status, 200);
  assert.deepEqual(
    (await incidents()).map((incident) => [incident.status, incident.resolveReason]),
    [['resolved', 'deleted']],
  );
  await waitFor('PagerDuty resolve', async () =>
    sandbox.alerts()[0]?.status === 'resolved' ? true : undefined,
  );

  await runNow(); // not attached: nothing happens
  assert.equal((await incidents()).length, 1);

  await server.api('PUT', `/api/v1/integrations/${integration.body.id}`, body([monitor.body.id]));
  await runNow();
  const [latest] = await incidents();
  assert.equal(latest?.status, 'triggered', 'attached again, the next failure pages again');
  await waitFor('new PagerDuty alert', async () =>
    sandbox.alerts({ status: 'triggered' }).length === 1 ? true : undefined,
  );
  target.setHealthy(true);
});
