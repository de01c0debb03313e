import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { after, before, describe, test } from 'node:test';
import { collectionOf, healthCollection } from '../helpers/collections.js';
import { runCli, tempDir } from '../helpers/cli-harness.js';
import { startTargetServer, type TargetServer } from '../helpers/target-server.js';

describe('pagewatch run: reports, exit codes and bad input', () => {
  let target: TargetServer;
  let files: Awaited<ReturnType<typeof tempDir>>;
  let health: string;
  before(async () => {
    target = await startTargetServer();
    files = await tempDir('cli');
    health = await files.writeJson('health.json', healthCollection(target.url));
  });
  after(() => target.close());

  test('a passing run prints each request with ✓ assertions and a summary table; exit 0', async () => {
    const result = await runCli(['run', health]);
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /→ Get health/);
    assert.match(result.stdout, new RegExp(`GET ${target.url}/health \\[200, \\d+B, \\d+ms\\]`));
    assert.match(result.stdout, /✓ {2}status is 200/);
    assert.match(result.stdout, /│\s+assertions │\s+2 │\s+0 │/);
    assert.match(result.stdout, /status: success/);
  });

  test('a failing run numbers its failures, lists them with messages; exit 1', async () => {
    target.setHealthy(false);
    try {
      const result = await runCli(['run', health]);
      assert.equal(result.code, 1);
      assert.match(result.stdout, /1\. status is 200/);
      assert.match(
        result.stdout,
        /AssertionError\s+status is 200\n\s+expected response to have status code 200 but got 503/,
      );
      assert.match(result.stdout, /status: failure/);
    } finally {
      target.setHealthy(true);
    }
  });

  test('--reporter-json-export writes the RunResult; --reporter-junit-export writes JUnit XML', async () => {
    const json = join(files.dir, 'out/result.json');
    const junit = join(files.dir, 'out/result.xml');
    const result = await runCli([
      'run',
      health,
      '-r',
      'cli,json,junit',
      '--reporter-json-export',
      json,
      '--reporter-junit-export',
      junit,
    ]);
    assert.equal(result.code, 0, result.stderr);
    const written = JSON.parse(await readFile(json, 'utf8')) as {
      status: string;
      executions: { assertions: unknown[] }[];
    };
    assert.equal(written.status, 'success');
    assert.equal(written.executions[0]?.assertions.length, 2);
    const xml = await readFile(junit, 'utf8');
    assert.match(xml, /<testsuites name="Health API" tests="2" failures="0"/);
    assert.match(xml, /<testcase name="status is 200" classname="Health API.Get health"\/>/);
  });

  test('a script that loops forever → script timeout → error result, exit 1', async () => {
    const path = await files.writeJson(
      'loop.json',
      collectionOf('Loop', [{ name: 'Spin', url: `${target.url}/health`, prerequest: ['for (;;) {}'] }]),
    );
    const result = await runCli(['run', path, '--timeout-script', '300']);
    assert.equal(result.code, 1);
    assert.match(result.stdout, /pre-request script: did not finish within the script timeout/);
    assert.match(result.stdout, /status: error/);
  });

  test('an undefined environment variable is a warning; the run goes on', async () => {
    const path = await files.writeJson(
      'vars.json',
      collectionOf('Vars', [{ name: 'Echo', url: `${target.url}/echo?token={{token}}` }]),
    );
    const result = await runCli(['run', path]);
    assert.equal(result.code, 0);
    assert.match(result.stderr, /warning: Variable \{\{token\}\} is not defined/);
  });

  const badInput: { name: string; args: () => Promise<string[]>; message: RegExp }[] = [
    {
      name: 'missing file',
      args: async () => ['run', join(files.dir, 'missing.json')],
      message: /PW_ERR_FILE_NOT_FOUND: The collection file .*missing\.json does not exist/,
    },
    {
      name: 'not JSON',
      args: async () => ['run', await files.writeJson('bad.json', '{"item": [}')],
      message: /PW_ERR_FILE_NOT_JSON: .*bad\.json is not valid JSON: .* at line 1, column 11/,
    },
    {
      name: 'JSON that is not a collection',
      args: async () => ['run', await files.writeJson('env.json', { values: [] })],
      message: /PW_ERR_NOT_A_COLLECTION: .*env\.json is not a Postman collection: field "item"/,
    },
    {
      name: 'collection v1',
      args: async () => ['run', await files.writeJson('v1.json', { name: 'old', order: [], requests: [] })],
      message:
        /PW_ERR_COLLECTION_V1: .*v1\.json is a Postman Collection v1, which is no longer supported\. Convert it/,
    },
    {
      name: 'missing environment file',
      args: async () => ['run', health, '-e', join(files.dir, 'nope.env.json')],
      message: /environment file .*nope\.env\.json does not exist/,
    },
    {
      name: 'a number flag that is not a number',
      args: async () => ['run', health, '--timeout-request', 'soon'],
      message: /--timeout-request <ms>' argument 'soon' is invalid\. expected a whole number/,
    },
    {
      name: 'an unknown reporter',
      args: async () => ['run', health, '-r', 'cli,html'],
      message: /--reporters: unknown reporter "html"/,
    },
    {
      name: 'an unknown severity',
      args: async () => ['run', health, '--severity', 'fatal'],
      message: /--severity <level>' argument 'fatal' is invalid/,
    },
    { name: 'no collection', args: async () => ['run'], message: /missing required argument 'collection'/ },
  ];
  for (const { name, args, message } of badInput) {
    test(`bad input: ${name} → exit 2 with a message naming it`, async () => {
      const requests = target.requestCount();
      const result = await runCli(await args());
      assert.equal(result.code, 2, `stdout: ${result.stdout}\nstderr: ${result.stderr}`);
      assert.match(result.stderr, message);
      assert.equal(target.requestCount(), requests, 'nothing was sent');
    });
  }

  test('the installed bin works: pagewatch run --help lists the Newman flags', async () => {
    const { stdout } = await promisify(execFile)(process.execPath, ['bin/pagewatch.js', 'run', '--help']);
    for (const flag of [
      '--environment',
      '--iteration-data',
      '--timeout-request',
      '--ignore-redirects',
      '--insecure',
      '--pagerduty-key',
    ]) {
      assert.ok(stdout.includes(flag), `help mentions ${flag}`);
    }
  });
});
