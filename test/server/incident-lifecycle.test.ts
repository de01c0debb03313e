import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startPdSandbox, type PdSandbox } from '../../src/pd-sandbox/index.js';
import { healthCollection } from '../helpers/collections.js';
import { TEST_INTEGRATION_KEY } from '../helpers/fixtures.js';
import { postgresSkipReason } from '../helpers/postgres-skip.js';
import { ADMIN_TOKEN, startTestServer, waitFor, type TestServer } from '../helpers/server-harness.js';
import { startTargetServer, type TargetServer } from '../helpers/target-server.js';

interface Incident {
  id: string;
  status: string;
  resolveReason: string | null;
  dedupKey: string;
}

for (const engine of ['sqlite', 'postgres'] as const) {
  const skip = engine === 'postgres' ? postgresSkipReason() : undefined;
  describe(`server mode on ${engine}: monitor → incident → PagerDuty`, { skip }, () => {
    let target: TargetServer;
    let sandbox: PdSandbox;
    let server: TestServer;
    let monitorId: string;

    const runNow = async (): Promise<string> => {
      const { status, body } = await server.api<{ runId: string }>(
        'POST',
        `/api/v1/monitors/${monitorId}/run`,
      );
      assert.equal(status, 202);
      return waitFor(`run ${body.runId}`, async () => {
        const run = await server.api<{ status: string }>('GET', `/api/v1/runs/${body.runId}`);
        return ['queued', 'running'].includes(run.body.status) ? undefined : run.body.status;
      });
    };
    const incidents = async (query = ''): Promise<Incident[]> =>
      (await server.api<{ data: Incident[] }>('GET', `/api/v1/incidents${query}`)).body.data;

    before(async () => {
      [target, sandbox] = await Promise.all([startTargetServer(), startPdSandbox()]);
      server = await startTestServer(engine);
      const monitor = await server.api<{ id: string }>('POST', '/api/v1/monitors', {
        name: 'Health API',
        collection: healthCollection(target.url),
        schedule: { every: '24h' },
      });
      assert.equal(monitor.status, 201, JSON.stringify(monitor.body));
      monitorId = monitor.body.id;
      // The seed's flow: Integrations → PagerDuty → Add → key + monitor → Submit.
      const integration = await server.api<{ config: { integrationKey: string } }>(
        'POST',
        '/api/v1/integrations',
        {
          type: 'pagerduty',
          name: 'On-call',
          config: { integrationKey: TEST_INTEGRATION_KEY, eventsUrl: sandbox.url },
          monitorIds: [monitorId],
        },
      );
      assert.equal(integration.status, 201, JSON.stringify(integration.body));
      assert.equal(integration.body.config.integrationKey, `${'•'.repeat(28)}c5d6`);
    });
    after(async () => {
      await server?.close();
      await Promise.all([target?.close(), sandbox?.close()]);
    });

    test('outage → one incident and one PagerDuty alert; ack from the API; recovery resolves both', async () => {
      assert.equal(await runNow(), 'success');
      assert.deepEqual(await incidents(), [], 'a passing run opens nothing');

      target.setHealthy(false);
      sandbox.injectFault({ status: 503, count: 1 }); // the trigger's first attempt fails and is retried
      assert.equal(await runNow(), 'failure');
      const [open] = await incidents('?status=open');
      assert.equal(open?.status, 'triggered');
      assert.equal(open?.dedupKey, `pagewatch/${monitorId}`);
      await waitFor('PagerDuty trigger', async () =>
        sandbox.alerts({ status: 'triggered' }).length === 1 ? true : undefined,
      );

      assert.equal(await runNow(), 'failure');
      assert.equal((await incidents()).length, 1, 'a repeated failure is the same incident');
      assert.equal(sandbox.alerts().length, 1);

      const ack = await server.api<Incident>('POST', `/api/v1/incidents/${open!.id}/acknowledge`);
      assert.equal(ack.status, 200);
      assert.equal(ack.body.status, 'acknowledged');
      await waitFor('PagerDuty acknowledge', async () =>
        sandbox.alerts()[0]?.status === 'acknowledged' ? true : undefined,
      );

      target.setHealthy(true);
      assert.equal(await runNow(), 'success');
      const [resolved] = await incidents();
      assert.equal(resolved?.status, 'resolved');
      assert.equal(resolved?.resolveReason, 'recovered');
      await waitFor('PagerDuty resolve', async () =>
        sandbox.alerts()[0]?.status === 'resolved' ? true : undefined,
      );

      const deliveries = await server.api<{ data: { action: string; status: string }[] }>(
        'GET',
        '/api/v1/deliveries',
      );
      assert.deepEqual(deliveries.body.data.map((d) => `${d.action}:${d.status}`).reverse(), [
        'trigger:sent',
        'acknowledge:sent',
        'resolve:sent',
      ]);

      const metrics = await fetch(`${server.url}/metrics`, {
        headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
      });
      const text = await metrics.text();
      assert.match(text, /pagewatch_runs_total\{status="failure"\} 2/);
      assert.match(text, /pagewatch_runs_total\{status="success"\} 2/);
      assert.match(text, /pagewatch_run_duration_seconds_count 4/);
      assert.match(text, /pagewatch_open_incidents 0/);
      assert.match(text, /pagewatch_outbox_depth\{status="sent"\} 3/);
      assert.match(text, /pagewatch_delivery_failures_total\{reason="transient"\} 1/);
    });

    test('pause while down resolves the incident (reason paused)', async () => {
      target.setHealthy(false);
      await runNow();
      assert.equal((await incidents('?status=open')).length, 1);
      const paused = await server.api<{ status: string }>('POST', `/api/v1/monitors/${monitorId}/pause`);
      assert.equal(paused.body.status, 'paused');
      const [latest] = await incidents();
      assert.equal(latest?.resolveReason, 'paused');
      await waitFor('PagerDuty resolve after pause', async () =>
        sandbox.alerts().every((alert) => alert.status === 'resolved') ? true : undefined,
      );
      await server.api('POST', `/api/v1/monitors/${monitorId}/resume`);
      target.setHealthy(true);
    });
  });
}
