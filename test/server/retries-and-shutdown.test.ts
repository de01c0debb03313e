import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { startPdSandbox, type PdSandbox } from '../../src/pd-sandbox/index.js';
import { collectionOf, healthCollection } from '../helpers/collections.js';
import { TEST_INTEGRATION_KEY } from '../helpers/fixtures.js';
import { startTestServer, waitFor, type TestServer } from '../helpers/server-harness.js';
import { startTargetServer, type TargetServer } from '../helpers/target-server.js';
import { openStore } from '../../src/store/open-store.js';
import { getRun } from '../../src/store/repositories/run-repository.js';

interface RunSummary {
  id: string;
  status: string;
  trigger: string;
  attempt: number;
  error?: string;
}

describe('server mode: retried runs count once; a stopping server cancels runs without judging them', () => {
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

  const createMonitor = async (
    name: string,
    collection: Record<string, unknown>,
    options: Record<string, unknown>,
  ) => {
    const monitor = await server.api<{ id: string }>('POST', '/api/v1/monitors', {
      name,
      collection,
      schedule: { every: '24h' },
      options,
    });
    assert.equal(monitor.status, 201, JSON.stringify(monitor.body));
    const integration = await server.api('POST', '/api/v1/integrations', {
      type: 'pagerduty',
      name: `${name} on-call`,
      config: { integrationKey: TEST_INTEGRATION_KEY, eventsUrl: sandbox.url },
      monitorIds: [monitor.body.id],
    });
    assert.equal(integration.status, 201);
    return monitor.body.id;
  };
  const runsOf = async (monitorId: string) =>
    (
      await server.api<{ data: RunSummary[] }>('GET', `/api/v1/monitors/${monitorId}/runs`)
    ).body.data.reverse();

  test('a failing monitor with retries: 2 re-runs are recorded (trigger "retry"), then ONE incident', async () => {
    target.setHealthy(false);
    const monitorId = await createMonitor('Retried', healthCollection(target.url), { retries: 2 });
    await server.api('POST', `/api/v1/monitors/${monitorId}/run`);
    const runs = await waitFor('three finished attempts', async () => {
      const all = await runsOf(monitorId);
      return all.length === 3 && all.every((run) => !['queued', 'running'].includes(run.status))
        ? all
        : undefined;
    });
    assert.deepEqual(
      runs.map((run) => [run.trigger, run.attempt, run.status]),
      [
        ['manual', 0, 'failure'],
        ['retry', 1, 'failure'],
        ['retry', 2, 'failure'],
      ],
    );
    const incidents = await server.api<{ data: unknown[] }>(
      'GET',
      `/api/v1/incidents?monitorId=${monitorId}`,
    );
    assert.equal(incidents.body.data.length, 1);
    target.setHealthy(true);
  });

  test('a retry that passes: no incident at all', async () => {
    // Fails the first request only, so the immediate retry passes whatever the timing.
    let requests = 0;
    const flaky = createServer((_request, response) => {
      requests += 1;
      const healthy = requests > 1;
      response.writeHead(healthy ? 200 : 503, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ status: healthy ? 'ok' : 'down' }));
    });
    await new Promise<void>((resolve) => flaky.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(flaky.address() as AddressInfo).port}`;
    try {
      const monitorId = await createMonitor('Flaky', healthCollection(url), { retries: 1 });
      await server.api('POST', `/api/v1/monitors/${monitorId}/run`);
      const runs = await waitFor('both attempts', async () => {
        const all = await runsOf(monitorId);
        return all.length === 2 && all.every((run) => !['queued', 'running'].includes(run.status))
          ? all
          : undefined;
      });
      assert.deepEqual(
        runs.map((run) => [run.trigger, run.status]),
        [
          ['manual', 'failure'],
          ['retry', 'success'],
        ],
      );
      const incidents = await server.api<{ data: unknown[] }>(
        'GET',
        `/api/v1/incidents?monitorId=${monitorId}`,
      );
      assert.equal(incidents.body.data.length, 0);
    } finally {
      flaky.closeAllConnections();
      flaky.close();
    }
  });

  test('stopping the server cancels a long run: recorded as interrupted, never judged, the stop is quick', async () => {
    const stopping = await startTestServer('sqlite');
    const monitor = await stopping.api<{ id: string }>('POST', '/api/v1/monitors', {
      name: 'Slow',
      collection: collectionOf('Slow', [{ name: 'Slow', url: `${target.url}/delay/60000` }]),
      schedule: { every: '24h' },
      options: { requestTimeoutMs: 120_000 },
    });
    const { body } = await stopping.api<{ runId: string }>('POST', `/api/v1/monitors/${monitor.body.id}/run`);
    await waitFor('the run to start', async () =>
      (await stopping.api<{ status: string }>('GET', `/api/v1/runs/${body.runId}`)).body.status === 'running'
        ? true
        : undefined,
    );
    const started = Date.now();
    await stopping.server.close();
    const took = Date.now() - started;
    assert.ok(took < 16_000, `close took ${took} ms (10 s grace + cancellation)`);
    const store = await openStore({ url: stopping.server.context.store.location });
    try {
      const run = await getRun(store.db, body.runId);
      assert.equal(run?.status, 'error');
      assert.match(run?.error ?? '', /interrupted: pagewatch stopped during the run/);
    } finally {
      await store.close();
    }
  });
});
