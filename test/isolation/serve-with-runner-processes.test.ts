import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { collectionOf, healthCollection } from '../helpers/collections.js';
import { startTestServer, waitFor, type TestServer } from '../helpers/server-harness.js';
import { startTargetServer, type TargetServer } from '../helpers/target-server.js';

interface Run {
  status: string;
  error?: string | null;
  result?: { executions?: { error?: string }[] } | null;
}

/** pagewatch serve with its default runner: runner processes, here with an egress deny list. */
describe('serve: monitors run in runner processes, under the egress policy', () => {
  let target: TargetServer;
  let server: TestServer;

  const runMonitor = async (name: string, collection: Record<string, unknown>): Promise<Run> => {
    const created = await server.api<{ id: string }>('POST', '/api/v1/monitors', {
      name,
      collection,
      schedule: { every: '24h' },
    });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    const started = await server.api<{ runId: string }>('POST', `/api/v1/monitors/${created.body.id}/run`);
    assert.equal(started.status, 202);
    return waitFor(
      `run ${started.body.runId}`,
      async () => {
        const run = await server.api<Run>('GET', `/api/v1/runs/${started.body.runId}`);
        return ['queued', 'running'].includes(run.body.status) ? undefined : run.body;
      },
      60_000,
    );
  };

  before(async () => {
    target = await startTargetServer();
    server = await startTestServer('sqlite', {
      runnerProcesses: 1,
      sandboxes: 1,
      egress: { policy: { deny: ['127.0.0.2', '169.254.0.0/16'] } },
    });
  });
  after(async () => {
    await server.close();
    await target.close();
  });

  test('a healthy monitor passes', async () => {
    const run = await runMonitor('Health', healthCollection(target.url));
    assert.equal(run.status, 'success', JSON.stringify(run));
  });

  test("a script reading the server's environment fails as a script error; the API keeps answering", async () => {
    const run = await runMonitor(
      'Env thief',
      collectionOf('Env thief', [
        {
          name: 'steal',
          url: `${target.url}/health`,
          prerequest: ['pm.environment.set("s", process.env.PAGEWATCH_SECRET);'],
        },
      ]),
    );
    assert.equal(run.status, 'error');
    assert.match(JSON.stringify(run), /process is not defined/);
    assert.doesNotMatch(JSON.stringify(run), /test-secret-0123456789/);
    assert.equal((await server.api('GET', '/api/v1/monitors')).status, 200);
  });

  test('a request to a denied network fails with the egress policy as the reason', async () => {
    const run = await runMonitor(
      'Metadata',
      collectionOf('Metadata', [{ name: 'imds', url: 'http://169.254.169.254/latest/meta-data/' }]),
    );
    assert.equal(run.status, 'error');
    assert.match(JSON.stringify(run), /egress policy: 169\.254\.169\.254 is not allowed/);
  });
});
