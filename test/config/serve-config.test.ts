import assert from 'node:assert/strict';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { after, before, describe, test } from 'node:test';
import { BOOT_TOKEN_NAME } from '../../src/config/apply-at-boot.js';
import { CONFIG_SCHEMA_FILE, configJsonSchema } from '../../src/config/config-file-schema.js';
import { ConfigFileError } from '../../src/config/diagnostics.js';
import { createLogger } from '../../src/observability/logger.js';
import { startServer, type RunningServer } from '../../src/server/start-server.js';
import { defaultServeOptions, type ServeOptions } from '../../src/server/serve-options.js';
import { runCli } from '../helpers/cli-harness.js';
import { postgresSkipReason } from '../helpers/postgres-skip.js';
import { ADMIN_TOKEN, startTestServer, type TestServer } from '../helpers/server-harness.js';
import { configDir, sampleCollection, type ConfigDir } from './config-fixtures.js';

interface Monitor {
  id: string;
  name: string;
  schedule: Record<string, string>;
  updatedAt: string;
}

const yaml = (every = '24h', extra: string[] = []): string =>
  [
    'monitors:',
    '  - name: Checkout API',
    '    collection: ./checkout.json',
    `    schedule: { every: ${every} }`,
    '  - name: Search',
    '    collection: ./checkout.json',
    '    schedule: { every: 24h }',
    'integrations:',
    '  - name: Hook',
    '    type: webhook',
    '    url: http://127.0.0.1:9/hook',
    '    secret: webhook-secret-0123456789',
    '    monitors: [Checkout API]',
    ...extra,
  ].join('\n');

for (const engine of ['sqlite', 'postgres'] as const) {
  const skip = engine === 'postgres' ? postgresSkipReason() : undefined;
  describe(`pagewatch serve --config on ${engine}`, { skip }, () => {
    let dir: ConfigDir;
    let server: TestServer;
    before(async () => {
      dir = await configDir({ 'checkout.json': sampleCollection(), 'pagewatch.yaml': yaml() });
      server = await startTestServer(engine, { configFile: dir.path('pagewatch.yaml') });
    });
    after(() => server?.close());

    test('the file is applied at boot through the API, and the boot token is gone afterwards', async () => {
      const monitors = (await server.api<{ data: Monitor[] }>('GET', '/api/v1/monitors')).body.data;
      assert.deepEqual(monitors.map((monitor) => monitor.name).sort(), ['Checkout API', 'Search']);
      const integrations = (
        await server.api<{ data: { name: string; monitorIds: string[] }[] }>('GET', '/api/v1/integrations')
      ).body.data;
      const checkout = monitors.find((monitor) => monitor.name === 'Checkout API');
      assert.deepEqual(
        integrations.map((integration) => [integration.name, integration.monitorIds]),
        [['Hook', [checkout?.id]]],
      );
      const tokens = (await server.api<{ data: { name: string }[] }>('GET', '/api/v1/tokens')).body.data;
      assert.ok(!tokens.some((token) => token.name === BOOT_TOKEN_NAME), JSON.stringify(tokens));
      assert.ok(server.logs.some((line) => line.includes('config file applied')));
    });

    test('GET /api/v1/schema/config.json serves the JSON Schema, equal to the committed file', async () => {
      const response = await fetch(`${server.url}/api/v1/schema/config.json`, {
        headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
      });
      assert.equal(response.status, 200);
      assert.match(response.headers.get('content-type') ?? '', /^application\/schema\+json/);
      const served = (await response.json()) as unknown;
      assert.deepEqual(served, configJsonSchema());
      const committed = JSON.parse(
        await readFile(new URL(`../../${CONFIG_SCHEMA_FILE}`, import.meta.url), 'utf8'),
      );
      assert.deepEqual(served, committed);
      const anonymous = await fetch(`${server.url}/api/v1/schema/config.json`);
      assert.equal(anonymous.status, 401, 'like everything under /api/, it needs a token');
    });
  });
}

describe('pagewatch serve --config: restarts, no prune, bad files', () => {
  const silent = createLogger({
    level: 'fatal',
    destination: new Writable({ write: (_c, _e, done) => done() }),
  });
  let home: string;
  let dir: ConfigDir;
  let options: ServeOptions;
  let running: RunningServer | undefined;
  const api = async <T>(path: string): Promise<T> => {
    const response = await fetch(`${running?.url}${path}`, {
      headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
    });
    return (await response.json()) as T;
  };
  const monitors = async (): Promise<Monitor[]> => (await api<{ data: Monitor[] }>('/api/v1/monitors')).data;

  before(async () => {
    home = await mkdtemp(join(tmpdir(), 'pagewatch-serve-config-'));
    dir = await configDir({ 'checkout.json': sampleCollection(), 'pagewatch.yaml': yaml() });
    options = {
      ...defaultServeOptions({}),
      home,
      databaseUrl: join(home, 'pagewatch.db'),
      port: 0,
      adminToken: ADMIN_TOKEN,
      secret: 'test-secret-0123456789',
      configFile: dir.path('pagewatch.yaml'),
    };
  });
  after(() => running?.close());

  test('a restart with the same file changes nothing; an edited file is applied; a removed monitor stays', async () => {
    running = await startServer(options, { logger: silent });
    const first = await monitors();
    await running.close();

    running = await startServer(options, { logger: silent });
    assert.deepEqual(await monitors(), first, 'same file: not even updatedAt changes');
    await running.close();

    await dir.write('pagewatch.yaml', yaml('12h').replace(/ {2}- name: Search\n.*\n.*\n/, ''));
    running = await startServer(options, { logger: silent });
    const edited = await monitors();
    assert.deepEqual(edited.find((monitor) => monitor.name === 'Checkout API')?.schedule, { every: '12h' });
    assert.ok(
      edited.some((monitor) => monitor.name === 'Search'),
      'serve --config never prunes',
    );
    await running.close();
    running = undefined;
  });

  test('a bad file: startServer rejects with every problem before opening anything', async () => {
    const bad = await dir.write('bad.yaml', yaml('5s', ['    colour: red']));
    await assert.rejects(
      startServer(
        { ...options, home: join(home, 'never'), databaseUrl: join(home, 'never', 'x.db'), configFile: bad },
        { logger: silent },
      ),
      (error: unknown) => {
        assert.ok(error instanceof ConfigFileError);
        assert.deepEqual(
          error.diagnostics.map((diagnostic) => `${diagnostic.line}:${diagnostic.column} ${diagnostic.path}`),
          ['4:24 monitors[0].schedule.every', '14:5 integrations[0].colour'],
        );
        return true;
      },
    );
  });

  test('a plan problem at boot (an unknown monitor name) stops the server before it listens', async () => {
    const bad = await dir.write(
      'unknown.yaml',
      yaml().replace('monitors: [Checkout API]', 'monitors: [Nope]'),
    );
    await assert.rejects(
      startServer({ ...options, configFile: bad }, { logger: silent }),
      (error: unknown) => {
        assert.ok(error instanceof ConfigFileError);
        assert.match(error.diagnostics[0]?.message ?? '', /no monitor named "Nope"/);
        return true;
      },
    );
    // The store was closed again: the next boot opens it normally.
    running = await startServer(options, { logger: silent });
    assert.equal((await monitors()).length, 2);
    await running.close();
    running = undefined;
  });

  test('the CLI: serve --config with a bad file prints the problems and exits 2', async () => {
    const bad = await dir.write('cli-bad.yaml', 'monitors:\n  - name: A\n    scheduel: { every: 1m }\n');
    const result = await runCli(['serve', '--config', bad, '--port', '0', '--home', join(home, 'cli')]);
    assert.equal(result.code, 2);
    assert.equal(
      result.stderr,
      `${bad}:2:5 monitors[0].collection: required field is missing\n` +
        `${bad}:2:5 monitors[0].schedule: required field is missing\n` +
        `${bad}:3:5 monitors[0].scheduel: unknown field (did you mean "schedule"?)\n` +
        `error PW_ERR_VALIDATION: ${bad} has 3 problems; nothing was applied.\n`,
    );
    assert.equal(result.stdout, '', 'it never said it was serving');
  });
});
