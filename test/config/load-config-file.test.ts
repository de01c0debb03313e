import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { formatDiagnostic } from '../../src/config/diagnostics.js';
import { loadConfigFile, loadConfigFileOrThrow } from '../../src/config/load-config-file.js';
import { PagewatchError } from '../../src/errors/pagewatch-error.js';
import { configDir, SAMPLE_ENVIRONMENT, SAMPLE_KEY, sampleCollection } from './config-fixtures.js';

const env = { PAGERDUTY_KEY: SAMPLE_KEY };

/** Loads `yaml` as pagewatch.yaml next to a valid collection and environment; returns the printed problems. */
async function problemsOf(yaml: string, extraFiles: Record<string, string | object> = {}): Promise<string[]> {
  const dir = await configDir({
    'collections/checkout.json': sampleCollection(),
    'environments/prod.json': SAMPLE_ENVIRONMENT,
    ...extraFiles,
    'pagewatch.yaml': yaml,
  });
  const loaded = await loadConfigFile(dir.path('pagewatch.yaml'), { env });
  assert.equal(loaded.desired, undefined, 'a file with problems has no desired state');
  // Shown relative to the directory, as a user would have typed `pagewatch apply pagewatch.yaml`.
  return loaded.diagnostics.map((diagnostic) => formatDiagnostic({ ...diagnostic, file: 'pagewatch.yaml' }));
}

const monitor = (lines: string[]): string =>
  [
    'monitors:',
    '  - name: Checkout API',
    '    collection: ./collections/checkout.json',
    ...lines.map((line) => `    ${line}`),
  ].join('\n');

describe('config file: parsing and validation, every problem at file:line:column', () => {
  test('the example of API.md loads into API bodies: paths read, defaults left to the API', async () => {
    const dir = await configDir({
      'collections/checkout.postman_collection.json': sampleCollection(),
      'environments/prod.postman_environment.json': SAMPLE_ENVIRONMENT,
      'pagewatch.yaml': [
        'monitors:',
        '  - name: Checkout API',
        '    collection: ./collections/checkout.postman_collection.json   # path, relative to this file',
        '    environment: ./environments/prod.postman_environment.json',
        '    schedule: { every: 1m }',
        '    options: { requestTimeoutMs: 10000, retries: 1 }',
        'integrations:',
        '  - name: Payments on-call',
        '    type: pagerduty',
        '    integrationKey: ${PAGERDUTY_KEY}          # ${VAR} is read from the environment',
        '    severity: critical',
        '    monitors: [Checkout API]                   # by name',
        '    policy: { failureThreshold: 2, successThreshold: 1 }',
      ].join('\n'),
    });
    const { desired } = await loadConfigFileOrThrow(dir.path('pagewatch.yaml'), { env });
    assert.deepEqual(desired.monitors[0]?.input, {
      name: 'Checkout API',
      collection: sampleCollection(),
      environment: SAMPLE_ENVIRONMENT,
      iterationData: null,
      schedule: { every: '1m' },
      options: { requestTimeoutMs: 10000, retries: 1 },
      enabled: true,
    });
    assert.deepEqual(desired.integrations[0]?.input, {
      type: 'pagerduty',
      name: 'Payments on-call',
      policy: { failureThreshold: 2, successThreshold: 1 },
      config: { integrationKey: SAMPLE_KEY, severity: 'critical' },
    });
    assert.deepEqual(desired.integrations[0]?.monitorNames, ['Checkout API']);
    assert.deepEqual(desired.integrations[0]?.monitorRefs[0]?.source, {
      path: 'integrations[0].monitors[0]',
      line: 12,
      column: 16,
    });
  });

  test('unknown field: path and line:column of the key, with a did-you-mean', async () => {
    assert.deepEqual(await problemsOf(monitor(['scheduel: { every: 1m }'])), [
      'pagewatch.yaml:2:5 monitors[0].schedule: required field is missing',
      'pagewatch.yaml:4:5 monitors[0].scheduel: unknown field (did you mean "schedule"?)',
    ]);
    assert.deepEqual(await problemsOf(monitor(['schedule: { every: 1m, timezon: UTC }', 'colour: red'])), [
      'pagewatch.yaml:4:28 monitors[0].schedule.timezon: unknown field (did you mean "timezone"?)',
      'pagewatch.yaml:5:5 monitors[0].colour: unknown field',
    ]);
  });

  test('missing required field points at the entry that lacks it; wrong type says what was found', async () => {
    const problems = await problemsOf(
      ['monitors:', '  - name: Checkout API', '    schedule: { every: 1m }', '    enabled: "yes"'].join('\n'),
    );
    assert.deepEqual(problems, [
      'pagewatch.yaml:2:5 monitors[0].collection: required field is missing',
      'pagewatch.yaml:4:14 monitors[0].enabled: expected a boolean, found a string ("yes")',
    ]);
    assert.deepEqual(await problemsOf(monitor(['schedule: { every: 1m }', 'options: { retries: 5 }'])), [
      'pagewatch.yaml:5:25 monitors[0].options.retries: Too big: expected number to be <=2',
    ]);
  });

  test('schedules: bad cron, unknown time zone, interval out of range, both every and cron', async () => {
    const problems = await problemsOf(
      [
        monitor(['schedule: { cron: "*/5 * * *", timezone: Mars/Olympus }']),
        '  - name: B',
        '    collection: ./collections/checkout.json',
        '    schedule: { every: 5s }',
        '  - name: C',
        '    collection: ./collections/checkout.json',
        '    schedule: { every: 1m, cron: "* * * * *" }',
      ].join('\n'),
    );
    assert.equal(problems.length, 4, problems.join('\n'));
    assert.match(
      problems[0]!,
      /^pagewatch\.yaml:4:23 monitors\[0\]\.schedule\.cron: "\*\/5 \* \* \*" has 4 fields/,
    );
    assert.match(
      problems[1]!,
      /^pagewatch\.yaml:4:46 monitors\[0\]\.schedule\.timezone: unknown time zone "Mars\/Olympus"/,
    );
    assert.match(problems[2]!, /^pagewatch\.yaml:7:24 monitors\[1\]\.schedule\.every: "5s" is too short/);
    assert.match(problems[3]!, /^pagewatch\.yaml:10:15 monitors\[2\]\.schedule: .*not both/);
  });

  test('integrations: key of the wrong length, unknown type, missing type, masked key, webhook URL', async () => {
    const problems = await problemsOf(
      [
        'integrations:',
        '  - name: A',
        '    type: pagerduty',
        '    integrationKey: abc123',
        '  - name: B',
        '    type: pagerdty',
        '  - name: C',
        '    integrationKey: abc',
        '  - name: D',
        '    type: pagerduty',
        `    integrationKey: "${'•'.repeat(28)}1a2b"`,
        '  - name: E',
        '    type: webhook',
        '    url: ftp://example.com/hook',
      ].join('\n'),
    );
    assert.equal(problems.length, 5, problems.join('\n'));
    assert.match(
      problems[0]!,
      /^pagewatch\.yaml:4:21 integrations\[0\]\.integrationKey: .*exactly 32 characters.*6 characters/,
    );
    assert.equal(problems[1], 'pagewatch.yaml:6:11 integrations[1].type: must be "pagerduty" or "webhook"');
    assert.equal(
      problems[2],
      'pagewatch.yaml:7:5 integrations[2].type: required field is missing: "pagerduty" or "webhook"',
    );
    assert.match(
      problems[3]!,
      /^pagewatch\.yaml:11:21 integrations\[3\]\.integrationKey: this is a masked key/,
    );
    assert.equal(problems[4], 'pagewatch.yaml:14:10 integrations[4].url: must be an http(s) URL');
  });

  test('duplicate names: an error naming both lines, for monitors and for integrations', async () => {
    const problems = await problemsOf(
      [
        monitor(['schedule: { every: 1m }']),
        '  - name: Checkout API',
        '    collection: ./collections/checkout.json',
        '    schedule: { every: 5m }',
        'integrations:',
        '  - { name: Hook, type: webhook, url: "https://example.com/a" }',
        '  - { name: Hook, type: webhook, url: "https://example.com/b" }',
      ].join('\n'),
    );
    assert.deepEqual(problems, [
      'pagewatch.yaml:5:11 monitors[1].name: duplicate monitor name "Checkout API" (lines 2 and 5)',
      'pagewatch.yaml:10:13 integrations[1].name: duplicate integration name "Hook" (lines 9 and 10)',
    ]);
  });

  test('${VAR}: a missing variable is one error naming it and its line; $${ is a literal', async () => {
    const yaml = [
      'integrations:',
      '  - name: On-call',
      '    type: pagerduty',
      '    integrationKey: ${PD_KEY_MISSING}',
      '  - name: Hook',
      '    type: webhook',
      '    url: https://example.com/${HOOK_PATH}',
      '    secret: $${not-a-variable}-0123456789',
    ].join('\n');
    assert.deepEqual(await problemsOf(yaml), [
      'pagewatch.yaml:4:21 integrations[0].integrationKey: environment variable PD_KEY_MISSING is not set',
      'pagewatch.yaml:7:10 integrations[1].url: environment variable HOOK_PATH is not set',
    ]);
    const dir = await configDir({ 'pagewatch.yaml': yaml });
    const { desired } = await loadConfigFileOrThrow(dir.path('pagewatch.yaml'), {
      env: { PD_KEY_MISSING: SAMPLE_KEY, HOOK_PATH: 'hooks/1' },
    });
    assert.deepEqual(desired.integrations[0]?.input.config, { integrationKey: SAMPLE_KEY });
    assert.deepEqual(desired.integrations[1]?.input.config, {
      url: 'https://example.com/hooks/1',
      secret: '${not-a-variable}-0123456789',
    });
  });

  test('collection files: missing, not JSON, not a collection (JSON path), v1 — at the line that names them', async () => {
    const problems = await problemsOf(
      [
        'monitors:',
        ...['missing.json', 'broken.json', 'folder.json', 'v1.json'].flatMap((file, index) => [
          `  - name: M${index}`,
          `    collection: ./collections/${file}`,
          '    schedule: { every: 1m }',
        ]),
      ].join('\n'),
      {
        'collections/broken.json': '{\n  "info": {},\n  "item": [,]\n}',
        'collections/folder.json': { info: { name: 'x' }, item: [{ name: 'neither request nor item' }] },
        'collections/v1.json': { id: 'x', name: 'old', order: [], requests: [] },
      },
    );
    assert.equal(problems.length, 4, problems.join('\n'));
    assert.match(
      problems[0]!,
      /^pagewatch\.yaml:3:17 monitors\[0\]\.collection: \.\/collections\/missing\.json: does not exist \(looked for .*missing\.json\)$/,
    );
    assert.match(
      problems[1]!,
      /^pagewatch\.yaml:6:17 monitors\[1\]\.collection: \.\/collections\/broken\.json:3: not valid JSON: ValueExpected at line 3/,
    );
    assert.equal(
      problems[2],
      'pagewatch.yaml:9:17 monitors[2].collection: ./collections/folder.json at item[0]: not a Postman collection: ' +
        'an item needs either "request" (a request) or "item" (a folder)',
    );
    assert.match(problems[3]!, /^pagewatch\.yaml:12:17 monitors\[3\]\.collection: .*Postman Collection v1/);
  });

  test('environment and iteration data files are checked; CSV data is parsed like Newman', async () => {
    const problems = await problemsOf(
      monitor([
        'environment: ./environments/bad.json',
        'iterationData: ./data/rows.json',
        'schedule: { every: 1m }',
      ]),
      { 'environments/bad.json': { values: 'nope' }, 'data/rows.json': { not: 'an array' } },
    );
    assert.deepEqual(problems, [
      'pagewatch.yaml:4:18 monitors[0].environment: ./environments/bad.json at values: must be an array of {key, value} objects',
      'pagewatch.yaml:5:20 monitors[0].iterationData: ./data/rows.json: expected an array',
    ]);
    const dir = await configDir({
      'c.json': sampleCollection(),
      'rows.csv': 'user,count\nada,1\n"007",2\n',
      'pagewatch.yaml':
        'monitors:\n  - { name: M, collection: c.json, iterationData: rows.csv, schedule: { every: 1m } }\n',
    });
    const { desired } = await loadConfigFileOrThrow(dir.path('pagewatch.yaml'), { env });
    assert.deepEqual(desired.monitors[0]?.input.iterationData, [
      { user: 'ada', count: 1 },
      { user: '007', count: 2 },
    ]);
  });

  test('all problems of a file are reported together, in file order', async () => {
    const problems = await problemsOf(
      [
        'monitors:',
        '  - name: A',
        '    collection: ./collections/nope.json',
        '    scheduel: { every: 1m }',
        '  - name: A',
        '    collection: ./collections/checkout.json',
        '    schedule: { cron: "61 * * * *" }',
        'integrations:',
        '  - { name: I, type: pagerduty, integrationKey: "${NOPE}" }',
      ].join('\n'),
    );
    assert.deepEqual(
      problems.map((problem) => problem.split(' ')[0]),
      [
        'pagewatch.yaml:2:5',
        'pagewatch.yaml:3:17',
        'pagewatch.yaml:4:5',
        'pagewatch.yaml:5:11',
        'pagewatch.yaml:7:23',
        'pagewatch.yaml:9:49',
      ],
    );
  });

  test('YAML syntax errors, a key given twice, an empty file', async () => {
    const [syntax] = await problemsOf('monitors:\n  - name: A\n   bad indent: [\n');
    assert.match(syntax!, /^pagewatch\.yaml:\d+:\d+ YAML: /);
    const [twice] = await problemsOf(monitor(['schedule: { every: 1m }', 'schedule: { every: 5m }']));
    assert.match(twice!, /^pagewatch\.yaml:5:5 YAML: Map keys must be unique/);
    assert.deepEqual(await problemsOf(''), [
      'pagewatch.yaml:1:1 the file is empty: expected "monitors:" and/or "integrations:"',
    ]);
  });

  test('a config file that does not exist is PW_ERR_FILE_NOT_FOUND', async () => {
    await assert.rejects(
      loadConfigFile('/nonexistent/pagewatch.yaml'),
      (error: unknown) => error instanceof PagewatchError && error.code === 'PW_ERR_FILE_NOT_FOUND',
    );
  });
});
