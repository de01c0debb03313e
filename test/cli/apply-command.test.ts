import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { main } from '../../src/cli/main.js';
import { closedPort } from '../helpers/cli-harness.js';
import { postgresSkipReason } from '../helpers/postgres-skip.js';
import { ADMIN_TOKEN, startTestServer, type TestServer } from '../helpers/server-harness.js';
import {
  configDir,
  SAMPLE_ENVIRONMENT,
  SAMPLE_KEY,
  sampleCollection,
  type ConfigDir,
} from '../config/config-fixtures.js';

interface ApplyRun {
  code: number;
  stdout: string;
  stderr: string;
  /** Every request apply made, as `METHOD /path`. */
  requests: string[];
  /** The requests that change something (not GET). */
  writes: string[];
}

/** Runs `pagewatch apply …` in-process, counting the requests it makes; `fault` can answer one instead of the server. */
async function runApply(
  args: string[],
  env: NodeJS.ProcessEnv,
  fault?: (method: string, path: string) => Response | undefined,
): Promise<ApplyRun> {
  let stdout = '';
  let stderr = '';
  const requests: string[] = [];
  const countingFetch: typeof fetch = async (input, init) => {
    const url = new URL(String(input));
    const method = init?.method ?? 'GET';
    requests.push(`${method} ${url.pathname}`);
    return fault?.(method, url.pathname) ?? fetch(input, init);
  };
  const code = await main(['node', 'pagewatch', 'apply', ...args], {
    io: {
      stdout: (text) => void (stdout += text),
      stderr: (text) => void (stderr += text),
      env,
      color: false,
    },
    fetch: countingFetch,
  });
  return {
    code,
    stdout,
    stderr,
    requests,
    writes: requests.filter((request) => !request.startsWith('GET ')),
  };
}

interface Monitor {
  id: string;
  name: string;
  schedule: Record<string, string>;
  options: Record<string, unknown>;
  enabled: boolean;
  updatedAt: string;
  environment: unknown;
}
interface Integration {
  id: string;
  name: string;
  config: Record<string, string>;
  policy: Record<string, unknown>;
  monitorIds: string[];
  updatedAt: string;
}

function configYaml(
  options: { checkoutSchedule?: string; withSearch?: boolean; severity?: string } = {},
): string {
  return [
    '# yaml-language-server: $schema=../schemas/pagewatch.schema.json',
    'monitors:',
    '  - name: Checkout API',
    '    collection: ./collections/checkout.json',
    '    environment: ./environments/prod.json',
    `    schedule: { ${options.checkoutSchedule ?? 'every: 24h'} }`,
    '    options: { requestTimeoutMs: 10000, retries: 1 }',
    ...(options.withSearch === false
      ? []
      : [
          '  - name: Search',
          '    collection: ./collections/search.json',
          '    schedule: { every: 24h }',
          '    enabled: false',
        ]),
    'integrations:',
    '  - name: Payments on-call',
    '    type: pagerduty',
    '    integrationKey: ${PAGERDUTY_KEY}',
    `    severity: ${options.severity ?? 'critical'}`,
    '    eventsUrl: ${EVENTS_URL}',
    '    monitors: [Checkout API]',
    '    policy: { failureThreshold: 2, successThreshold: 1 }',
  ].join('\n');
}

for (const engine of ['sqlite', 'postgres'] as const) {
  const skip = engine === 'postgres' ? postgresSkipReason() : undefined;
  describe(`pagewatch apply against a real server on ${engine}`, { skip }, () => {
    let server: TestServer;
    let dir: ConfigDir;
    let env: NodeJS.ProcessEnv;
    let file: string;

    const monitors = async (): Promise<Monitor[]> =>
      (await server.api<{ data: Monitor[] }>('GET', '/api/v1/monitors')).body.data;
    const integrations = async (): Promise<Integration[]> =>
      (await server.api<{ data: Integration[] }>('GET', '/api/v1/integrations')).body.data;
    const byName = <T extends { name: string }>(list: T[], name: string): T => {
      const found = list.find((item) => item.name === name);
      assert.ok(found, `${name} is on the server`);
      return found;
    };

    before(async () => {
      server = await startTestServer(engine);
      dir = await configDir({
        'collections/checkout.json': sampleCollection('Checkout API'),
        'collections/search.json': sampleCollection('Search'),
        'environments/prod.json': SAMPLE_ENVIRONMENT,
      });
      file = await dir.write('pagewatch.yaml', configYaml());
      env = {
        PAGEWATCH_URL: server.url,
        PAGEWATCH_TOKEN: ADMIN_TOKEN,
        PAGERDUTY_KEY: SAMPLE_KEY,
        EVENTS_URL: `http://127.0.0.1:${await closedPort()}`,
      };
    });
    after(() => server?.close());

    test('--dry-run prints the plan and writes nothing', async () => {
      const run = await runApply([file, '--dry-run'], env);
      assert.equal(run.code, 0, run.stderr);
      assert.equal(
        run.stdout,
        `Plan for ${file} on ${server.url} (dry run):\n` +
          '+ monitor "Checkout API"\n+ monitor "Search"\n+ integration "Payments on-call"\n' +
          'Dry run: 3 change(s) planned, nothing was changed.\n',
      );
      assert.deepEqual(run.writes, []);
      assert.deepEqual(await monitors(), []);
    });

    test('apply creates the monitors, then the integration with their ids', async () => {
      const run = await runApply([file], env);
      assert.equal(run.code, 0, run.stderr);
      assert.match(
        run.stdout,
        /✓ \+ monitor "Checkout API"\n✓ \+ monitor "Search"\n✓ \+ integration "Payments on-call"\nApplied 3 change\(s\)\.\n$/,
      );
      assert.deepEqual(run.writes, [
        'POST /api/v1/monitors',
        'POST /api/v1/monitors',
        'POST /api/v1/integrations',
      ]);
      const checkout = byName(await monitors(), 'Checkout API');
      assert.deepEqual(checkout.schedule, { every: '24h' });
      assert.equal(checkout.options.requestTimeoutMs, 10000);
      assert.equal(checkout.options.scriptTimeoutMs, 5000, 'defaults filled by the API');
      assert.equal(byName(await monitors(), 'Search').enabled, false);
      const integration = byName(await integrations(), 'Payments on-call');
      assert.deepEqual(integration.monitorIds, [checkout.id]);
      assert.equal(integration.config.integrationKey, `${'•'.repeat(28)}1a2b`);
      assert.equal(integration.policy.failureThreshold, 2);
    });

    test('a second apply of the same file: everything unchanged, no write call, updatedAt untouched', async () => {
      const before = [...(await monitors()), ...(await integrations())].map((item) => item.updatedAt);
      const run = await runApply([file], env);
      assert.equal(run.code, 0, run.stderr);
      assert.equal(run.stdout, `Plan for ${file} on ${server.url}:\n= 3 unchanged\nNothing to change.\n`);
      assert.deepEqual(run.writes, []);
      const afterwards = [...(await monitors()), ...(await integrations())].map((item) => item.updatedAt);
      assert.deepEqual(afterwards, before);
    });

    test('editing the file updates what changed, and only that; an unchanged key is kept', async () => {
      await dir.write(
        'pagewatch.yaml',
        configYaml({ checkoutSchedule: 'cron: "0 3 * * *", timezone: Europe/Berlin' }),
      );
      const run = await runApply([file], env);
      assert.equal(run.code, 0, run.stderr);
      assert.match(run.stdout, /^~ monitor "Checkout API": schedule$/m);
      assert.match(run.stdout, /^= 2 unchanged$/m);
      assert.equal(run.writes.length, 1);
      assert.match(run.writes[0]!, /^PUT \/api\/v1\/monitors\/mon_/);
      assert.deepEqual(byName(await monitors(), 'Checkout API').schedule, {
        cron: '0 3 * * *',
        timezone: 'Europe/Berlin',
      });

      await dir.write(
        'pagewatch.yaml',
        configYaml({ checkoutSchedule: 'cron: "0 3 * * *", timezone: Europe/Berlin', severity: 'warning' }),
      );
      const severity = await runApply([file], env);
      assert.equal(severity.code, 0, severity.stderr);
      assert.match(severity.stdout, /^~ integration "Payments on-call": severity$/m);
      const integration = byName(await integrations(), 'Payments on-call');
      assert.equal(integration.config.severity, 'warning');
      assert.equal(integration.config.integrationKey, `${'•'.repeat(28)}1a2b`, 'the stored key was kept');
      assert.deepEqual((await runApply([file], env)).writes, [], 'converged');
    });

    test('a monitor removed from the file: kept without --prune, deleted with it', async () => {
      await dir.write(
        'pagewatch.yaml',
        configYaml({
          checkoutSchedule: 'cron: "0 3 * * *", timezone: Europe/Berlin',
          severity: 'warning',
          withSearch: false,
        }),
      );
      const kept = await runApply([file], env);
      assert.equal(kept.code, 0, kept.stderr);
      assert.match(kept.stdout, /not in the file, kept \(--prune deletes them\): monitor "Search"/);
      assert.deepEqual(kept.writes, []);
      assert.ok((await monitors()).some((monitor) => monitor.name === 'Search'));

      const dryPrune = await runApply([file, '--prune', '--dry-run'], env);
      assert.match(dryPrune.stdout, /^- monitor "Search"$/m);
      assert.deepEqual(dryPrune.writes, []);

      const pruned = await runApply([file, '--prune'], env);
      assert.equal(pruned.code, 0, pruned.stderr);
      assert.match(pruned.stdout, /✓ - monitor "Search"/);
      assert.equal(pruned.writes.length, 1);
      assert.match(pruned.writes[0]!, /^DELETE \/api\/v1\/monitors\/mon_/);
      assert.deepEqual(
        (await monitors()).map((monitor) => monitor.name),
        ['Checkout API'],
      );
    });

    test('a file with an error changes nothing, and does not even call the server', async () => {
      const bad = await dir.write(
        'bad.yaml',
        [
          'monitors:',
          '  - name: Checkout API',
          '    collection: ./collections/checkout.json',
          '    scheduel: { every: 1m }',
          '  - name: New one',
          '    collection: ./collections/search.json',
          '    schedule: { every: 1m }',
        ].join('\n'),
      );
      const before = await monitors();
      const run = await runApply([bad, '--prune'], env);
      assert.equal(run.code, 2);
      assert.equal(
        run.stderr,
        `${bad}:2:5 monitors[0].schedule: required field is missing\n` +
          `${bad}:4:5 monitors[0].scheduel: unknown field (did you mean "schedule"?)\n` +
          `error PW_ERR_VALIDATION: ${bad} has 2 problems; nothing was applied.\n`,
      );
      assert.deepEqual(run.requests, []);
      assert.deepEqual(await monitors(), before);
    });

    test('a plan problem (a monitor reference that resolves to nothing) changes nothing', async () => {
      const bad = await dir.write(
        'typo.yaml',
        [
          'monitors:',
          '  - { name: Another, collection: ./collections/search.json, schedule: { every: 24h } }',
          'integrations:',
          '  - { name: Hook, type: webhook, url: "https://example.com/hook", monitors: [Chekout API] }',
        ].join('\n'),
      );
      const run = await runApply([bad], env);
      assert.equal(run.code, 2);
      assert.match(
        run.stderr,
        /typo\.yaml:4:78 integrations\[0\]\.monitors\[0\]: no monitor named "Chekout API" in the file or on the server\n/,
      );
      assert.match(
        run.stderr,
        /error PW_ERR_VALIDATION: the plan for .* has problems; nothing was applied\./,
      );
      assert.deepEqual(run.writes, []);
    });

    test('an API error mid-way: the failing change and the API error are reported, exit 2; re-running converges', async () => {
      const both = await dir.write(
        'two.yaml',
        [
          'monitors:',
          '  - { name: Checkout API, collection: ./collections/checkout.json, environment: ./environments/prod.json,',
          '      schedule: { cron: "0 3 * * *", timezone: Europe/Berlin }, options: { requestTimeoutMs: 10000, retries: 1 } }',
          '  - { name: First, collection: ./collections/search.json, schedule: { every: 24h } }',
          '  - { name: Second, collection: ./collections/search.json, schedule: { every: 24h } }',
        ].join('\n'),
      );
      let posts = 0;
      const run = await runApply([both], env, (method, path) => {
        if (method !== 'POST' || path !== '/api/v1/monitors' || ++posts !== 2) return undefined;
        const body = {
          error: {
            code: 'PW_ERR_CONFLICT',
            message: 'A monitor named "Second" already exists.',
            details: [{ path: 'name', message: 'already used by another monitor' }],
          },
        };
        return new Response(JSON.stringify(body), {
          status: 409,
          headers: { 'content-type': 'application/json' },
        });
      });
      assert.equal(run.code, 2);
      assert.equal(
        run.stderr,
        'error PW_ERR_CONFLICT: + monitor "Second" failed: A monitor named "Second" already exists. ' +
          '1 of 2 changes were applied before it and stay applied; the rest were not tried. ' +
          'Fix the problem and run apply again: it converges.\n  at name: already used by another monitor\n',
      );
      assert.deepEqual((await monitors()).map((monitor) => monitor.name).sort(), ['Checkout API', 'First']);

      const again = await runApply([both], env);
      assert.equal(again.code, 0, again.stderr);
      assert.match(again.stdout, /^\+ monitor "Second"\n= 2 unchanged$/m);
      assert.deepEqual(again.writes, ['POST /api/v1/monitors']);
    });

    test('a webhook: the secret from the file is sent on update (its mask is too short for the API)', async () => {
      const hook = (url: string) =>
        dir.write(
          'hook.yaml',
          [
            'integrations:',
            '  - name: Hook',
            '    type: webhook',
            `    url: ${url}`,
            '    secret: webhook-secret-0123456789',
            '    monitors: [Checkout API]',
          ].join('\n'),
        );
      const first = await runApply([await hook('https://example.com/a')], env);
      assert.equal(first.code, 0, first.stderr);
      assert.match(first.stdout, /^\+ integration "Hook"$/m);
      const second = await runApply([await hook('https://example.com/b')], env);
      assert.equal(second.code, 0, second.stderr);
      assert.match(second.stdout, /^~ integration "Hook": url$/m);
      const integration = byName(await integrations(), 'Hook');
      assert.equal(integration.config.url, 'https://example.com/b');
      assert.equal(integration.config.secret, '••••••••6789');
      assert.deepEqual((await runApply([dir.path('hook.yaml')], env)).writes, []);
    });

    test("a bad token is the API's 401, exit 2", async () => {
      const run = await runApply([file, '--token', 'pw_not_a_real_token_0123456789'], env);
      assert.equal(run.code, 2);
      assert.match(
        run.stderr,
        /^error PW_ERR_UNAUTHORIZED: reading the server's monitors and integrations failed: The API token is not valid/,
      );
    });
  });
}

describe('pagewatch apply: usage', () => {
  let dir: ConfigDir;
  let file: string;
  before(async () => {
    dir = await configDir({ 'c.json': sampleCollection() });
    file = await dir.write(
      'pagewatch.yaml',
      'monitors:\n  - { name: M, collection: c.json, schedule: { every: 1m } }\n',
    );
  });

  test('an unreachable server: exit 3, nothing applied', async () => {
    const port = await closedPort();
    const run = await runApply([file, '--server', `http://127.0.0.1:${port}`, '--token', ADMIN_TOKEN], {});
    assert.equal(run.code, 3);
    assert.match(
      run.stderr,
      new RegExp(
        `^error: the pagewatch server at http://127.0.0.1:${port} cannot be reached \\(ECONNREFUSED\\); nothing was applied\\.\\n$`,
      ),
    );
  });

  test('a proxy answering 502 counts as unreachable (exit 3); another non-API reply is exit 2', async () => {
    const gateway = await runApply(
      [file, '--token', 'tok'],
      {},
      () => new Response('<html>Bad Gateway</html>', { status: 502 }),
    );
    assert.equal(gateway.code, 3);
    assert.match(
      gateway.stderr,
      /^error: GET \/api\/v1\/monitors\?.* answered 502 from a proxy, not from pagewatch/,
    );
    const notFound = await runApply(
      [file, '--token', 'tok'],
      {},
      () => new Response('nope', { status: 404 }),
    );
    assert.equal(notFound.code, 2);
    assert.match(
      notFound.stderr,
      /^error: reading the server's monitors and integrations failed: GET .* answered 404, not a pagewatch API reply: nope/,
    );
  });

  test('no token: a usage error before any request, exit 2', async () => {
    const run = await runApply([file], {});
    assert.equal(run.code, 2);
    assert.match(run.stderr, /^error PW_ERR_USAGE: apply needs an API token with the editor role/);
    assert.deepEqual(run.requests, []);
  });

  test('--server and --token default to PAGEWATCH_URL/PAGEWATCH_TOKEN, then http://127.0.0.1:8080', async () => {
    const seen: string[] = [];
    const run = await runApply([file, '--dry-run'], { PAGEWATCH_TOKEN: 'tok' }, (method, path) => {
      seen.push(`${method} ${path}`);
      return new Response(JSON.stringify({ data: [], pagination: { limit: 200, nextCursor: null } }), {
        status: 200,
      });
    });
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /^Plan for .* on http:\/\/127\.0\.0\.1:8080 \(dry run\):\n\+ monitor "M"\n/);
    assert.deepEqual(seen, ['GET /api/v1/monitors', 'GET /api/v1/integrations']);
  });

  test('a missing file is PW_ERR_FILE_NOT_FOUND, exit 2; --help has examples', async () => {
    const missing = await runApply([dir.path('nope.yaml')], {});
    assert.equal(missing.code, 2);
    assert.match(
      missing.stderr,
      /^error PW_ERR_FILE_NOT_FOUND: The config file .*nope\.yaml does not exist\./,
    );
    const help = await runApply(['--help'], {});
    assert.equal(help.code, 0);
    assert.match(help.stdout, /Usage: pagewatch apply \[options\] <file>/);
    assert.match(help.stdout, /--dry-run/);
    assert.match(help.stdout, /--prune/);
    assert.match(help.stdout, /Examples:\n {2}\$ pagewatch apply pagewatch\.yaml --dry-run/);
  });
});
