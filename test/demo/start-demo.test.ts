import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { DEMO_INTEGRATION_NAME, DEMO_MONITOR_NAME } from '../../src/demo/demo-resources.js';
import { startDemo, type RunningDemo } from '../../src/demo/start-demo.js';
import { createLoginCode } from '../../src/auth/login-codes.js';
import { createToken } from '../../src/auth/tokens.js';
import { waitFor } from '../helpers/server-harness.js';

interface Monitor {
  id: string;
  name: string;
  schedule: { every?: string };
  environment: { values: { key: string; value: string }[] } | null;
  lastRun: { status: string } | null;
}
interface Integration {
  id: string;
  name: string;
  config: { eventsUrl: string; integrationKey: string };
  monitorIds: string[];
}
interface Incident {
  id: string;
  status: string;
  resolveReason: string | null;
}

/** Calls the demo's API with a token; status and parsed JSON. */
async function call<T>(
  demo: RunningDemo,
  token: string | undefined,
  method: string,
  path: string,
  body?: unknown,
): Promise<{ status: number; body: T }> {
  const response = await fetch(`${demo.dashboardUrl}${path}`, {
    method,
    headers: {
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
    },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  const text = await response.text();
  return { status: response.status, body: (text ? JSON.parse(text) : undefined) as T };
}

async function exchange(demo: RunningDemo, code: string | null): Promise<string> {
  const exchanged = await call<{ token: string; role: string }>(
    demo,
    undefined,
    'POST',
    '/api/v1/auth/exchange',
    {
      code,
    },
  );
  assert.equal(exchanged.status, 200, JSON.stringify(exchanged.body));
  assert.equal(exchanged.body.role, 'admin');
  return exchanged.body.token;
}

/** Follows the printed login link the way the dashboard does: its code, exchanged for a token. */
async function logIn(demo: RunningDemo): Promise<string> {
  const link = /http:\/\/127\.0\.0\.1:\d+\/login\?code=[A-Za-z0-9_-]+/.exec(demo.text)?.[0];
  assert.ok(link, `no login link in:\n${demo.text}`);
  assert.equal(link, demo.loginUrl);
  return exchange(demo, new URL(link).searchParams.get('code'));
}

/** Another login (the printed link works once), as `pagewatch login-link` makes it. */
async function logInAgain(demo: RunningDemo): Promise<string> {
  const { code } = await createLoginCode(demo.server.context.store.db, { role: 'admin' });
  return exchange(demo, code);
}

describe('pagewatch demo, in-process (startDemo)', () => {
  let home: string;
  let webRoot: string;
  let demo: RunningDemo | undefined;

  before(async () => {
    home = await mkdtemp(join(tmpdir(), 'pagewatch-demo-'));
    webRoot = join(home, 'web');
    await mkdir(webRoot);
    await writeFile(
      join(webRoot, 'index.html'),
      '<!doctype html><title>pagewatch</title><div id="root"></div>',
    );
  });
  after(async () => {
    await demo?.close();
    await rm(home, { recursive: true, force: true });
  });

  const start = async (): Promise<RunningDemo> =>
    startDemo({
      // DATABASE_URL is ignored: the demo's data is always SQLite in PAGEWATCH_HOME.
      env: { PORT: '0', PAGEWATCH_HOME: home, DATABASE_URL: 'postgres://127.0.0.1:1/not-for-the-demo' },
      webRoot,
    });

  test('first start: demo monitor and integration exist, the printed link logs in once', async () => {
    demo = await start();
    assert.match(demo.dashboardUrl, /^http:\/\/127\.0\.0\.1:\d+$/);
    assert.equal(demo.home, home);
    assert.equal(demo.server.context.store.location, join(home, 'pagewatch.db'));
    assert.ok(demo.dashboardBuilt);
    assert.deepEqual(demo.resources.created, { monitor: true, integration: true });
    for (const expected of [
      demo.loginUrl,
      demo.sandboxUrl,
      demo.demoApiUrl,
      'Break the demo API',
      'Ctrl-C',
    ]) {
      assert.ok(demo.text.includes(expected), `"${expected}" missing from:\n${demo.text}`);
    }

    // The link lands on the dashboard (its index.html), whose login page exchanges the code.
    const page = await fetch(demo.loginUrl);
    assert.equal(page.status, 200);
    assert.match(page.headers.get('content-type') ?? '', /text\/html/);
    const token = await logIn(demo);
    const code = new URL(demo.loginUrl).searchParams.get('code');
    const reused = await call<{ error: { message: string } }>(
      demo,
      undefined,
      'POST',
      '/api/v1/auth/exchange',
      {
        code,
      },
    );
    assert.equal(reused.status, 401);
    assert.match(reused.body.error.message, /already used/);

    const monitors = await call<{ data: Monitor[] }>(
      demo,
      token,
      'GET',
      '/api/v1/monitors?include=collection',
    );
    assert.deepEqual(
      monitors.body.data.map((monitor) => monitor.name),
      [DEMO_MONITOR_NAME],
    );
    const monitor = monitors.body.data[0]!;
    assert.deepEqual(monitor.schedule, { every: '30s' });
    assert.deepEqual(
      monitor.environment?.values.find((value) => value.key === 'baseUrl')?.value,
      demo.demoApiUrl,
    );
    const integrations = await call<{ data: Integration[] }>(demo, token, 'GET', '/api/v1/integrations');
    assert.equal(integrations.body.data.length, 1);
    const integration = integrations.body.data[0]!;
    assert.equal(integration.name, DEMO_INTEGRATION_NAME);
    assert.equal(integration.config.eventsUrl, demo.sandboxUrl);
    assert.equal(integration.config.integrationKey.length, 32);
    assert.deepEqual(integration.monitorIds, [monitor.id]);

    const state = await call(demo, token, 'GET', '/api/v1/demo');
    assert.deepEqual(state.body, { demoApiUrl: demo.demoApiUrl, broken: false, sandboxUrl: demo.sandboxUrl });
  });

  test('break → run now → incident and PagerDuty alert; fix → run now → resolved in both', async () => {
    assert.ok(demo);
    const running = demo;
    const token = await logInAgain(running);
    const monitorId = running.resources.monitor.id;
    // The first check, queued at start, passes before anything is broken.
    await waitFor('first run', async () => {
      const monitor = await call<Monitor>(running, token, 'GET', `/api/v1/monitors/${monitorId}`);
      return monitor.body.lastRun?.status;
    });
    const runNow = async (): Promise<string> => {
      const queued = await call<{ runId: string }>(
        running,
        token,
        'POST',
        `/api/v1/monitors/${monitorId}/run`,
      );
      assert.equal(queued.status, 202, JSON.stringify(queued.body));
      return waitFor(`run ${queued.body.runId}`, async () => {
        const run = await call<{ status: string }>(
          running,
          token,
          'GET',
          `/api/v1/runs/${queued.body.runId}`,
        );
        return ['queued', 'running'].includes(run.body.status) ? undefined : run.body.status;
      });
    };
    const incidents = async (): Promise<Incident[]> =>
      (await call<{ data: Incident[] }>(running, token, 'GET', `/api/v1/incidents?monitorId=${monitorId}`))
        .body.data;

    const broken = await call(running, token, 'POST', '/api/v1/demo/break');
    assert.equal(broken.status, 200);
    assert.deepEqual(broken.body, { broken: true });
    assert.equal(running.demoApi.isBroken(), true);
    assert.equal(await runNow(), 'failure');
    const [open] = await incidents();
    assert.equal(open?.status, 'triggered');
    await waitFor('PagerDuty sandbox trigger', async () =>
      running.sandbox.alerts({ status: 'triggered' }).length === 1 ? true : undefined,
    );

    const fixed = await call(running, token, 'POST', '/api/v1/demo/fix');
    assert.deepEqual(fixed.body, { broken: false });
    assert.equal(await runNow(), 'success');
    const [resolved] = await incidents();
    assert.equal(resolved?.id, open?.id);
    assert.equal(resolved?.status, 'resolved');
    assert.equal(resolved?.resolveReason, 'recovered');
    await waitFor('PagerDuty sandbox resolve', async () =>
      running.sandbox.alerts().length === 1 && running.sandbox.alerts()[0]?.status === 'resolved'
        ? true
        : undefined,
    );
  });

  test('the switch needs a token, and an editor for break/fix', async () => {
    assert.ok(demo);
    assert.equal((await call(demo, undefined, 'GET', '/api/v1/demo')).status, 401);
    assert.equal((await call(demo, undefined, 'POST', '/api/v1/demo/break')).status, 401);
    const viewer = (await createToken(demo.server.context.store.db, { name: 'v', role: 'viewer' })).token;
    assert.equal((await call(demo, viewer, 'GET', '/api/v1/demo')).status, 200);
    assert.equal((await call(demo, viewer, 'POST', '/api/v1/demo/break')).status, 403);
    assert.equal(demo.demoApi.isBroken(), false);
  });

  test('a restart on the same data: nothing duplicated, the new ports are used', async () => {
    assert.ok(demo);
    const first = demo;
    await first.close();
    demo = undefined;
    demo = await start();
    assert.deepEqual(demo.resources.created, { monitor: false, integration: false });
    assert.equal(demo.resources.monitor.id, first.resources.monitor.id);
    assert.equal(demo.resources.integration.id, first.resources.integration.id);
    assert.notEqual(demo.loginUrl, first.loginUrl);
    const token = await logIn(demo);
    const monitors = await call<{ data: Monitor[] }>(
      demo,
      token,
      'GET',
      '/api/v1/monitors?include=collection',
    );
    assert.equal(monitors.body.data.length, 1);
    assert.equal(
      monitors.body.data[0]!.environment?.values.find((value) => value.key === 'baseUrl')?.value,
      demo.demoApiUrl,
    );
    const integrations = await call<{ data: Integration[] }>(demo, token, 'GET', '/api/v1/integrations');
    assert.equal(integrations.body.data.length, 1);
    assert.equal(integrations.body.data[0]!.config.eventsUrl, demo.sandboxUrl);
    assert.deepEqual(integrations.body.data[0]!.monitorIds, [demo.resources.monitor.id]);
    // The restarted demo checks the new demo API: its first run passes.
    const monitorId = demo.resources.monitor.id;
    const running = demo;
    assert.equal(
      await waitFor('first run after restart', async () => {
        const runs = await call<{ data: { status: string; trigger: string }[] }>(
          running,
          token,
          'GET',
          `/api/v1/monitors/${monitorId}/runs`,
        );
        const latest = runs.body.data[0];
        return latest && !['queued', 'running'].includes(latest.status) ? latest.status : undefined;
      }),
      'success',
    );
  });
});
