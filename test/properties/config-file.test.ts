import assert from 'node:assert/strict';
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { before, describe, test } from 'node:test';
import fc from 'fast-check';
import { stringify } from 'yaml';
import { formatDiagnostic } from '../../src/config/diagnostics.js';
import { loadConfigFile } from '../../src/config/load-config-file.js';
import { PagewatchError } from '../../src/errors/pagewatch-error.js';
import { closedPort, runCli } from '../helpers/cli-harness.js';
import { fcParameters, suiteTimeout } from './fc-options.js';
import { formatPath, mutationsOf, type Mutation } from './json-mutations.js';

/**
 * Issue 5, point 5, for `pagewatch apply`'s YAML: a mutated config (wrong types, missing and unknown fields, odd
 * YAML: tabs, aliases, tags, duplicate keys, unset ${VAR}s, cut lines) is a list of diagnostics, each at
 * file:line:column with the field's path; loading never throws anything but a PagewatchError, and `apply` exits 2
 * before it would contact a server.
 */

const KEY = 'abcdefabcdefabcdefabcdefabcd1a2b';
const ENV = { PAGERDUTY_KEY: KEY, WEBHOOK_SECRET: 'a-secret-of-16-characters' };

const VALID = {
  monitors: [
    {
      name: 'Checkout API',
      collection: './collection.json',
      environment: './environment.json',
      iterationData: './data.csv',
      schedule: { every: '1m' },
      options: { requestTimeoutMs: 10000, retries: 1 },
    },
    {
      name: 'Nightly',
      collection: './collection.json',
      schedule: { cron: '0 3 * * *', timezone: 'Europe/Berlin' },
      enabled: false,
    },
  ],
  integrations: [
    {
      name: 'Payments on-call',
      type: 'pagerduty',
      integrationKey: '${PAGERDUTY_KEY}',
      severity: 'critical',
      eventsUrl: 'http://127.0.0.1:9',
      monitors: ['Checkout API'],
      policy: { failureThreshold: 2, successThreshold: 1 },
    },
    {
      name: 'Chat',
      type: 'webhook',
      url: 'http://127.0.0.1:9/hook',
      secret: '${WEBHOOK_SECRET}',
      monitors: ['Nightly'],
    },
  ],
};

/** Text-level damage that structure mutations cannot make. */
type TextEdit =
  | { kind: 'delete-line' | 'duplicate-line' | 'tab-indent' | 'dedent' | 'cut'; at: number }
  | { kind: 'insert'; at: number; text: string };

const textEdit: fc.Arbitrary<TextEdit> = fc.oneof(
  fc.record({
    kind: fc.constantFrom('delete-line', 'duplicate-line', 'tab-indent', 'dedent', 'cut'),
    at: fc.nat(),
  }),
  fc.record({
    kind: fc.constant('insert' as const),
    at: fc.nat(),
    text: fc.oneof(
      fc.constantFrom(
        ': ',
        '- ',
        '{',
        ']',
        '&a ',
        '*a',
        '*nope',
        '!!binary ',
        '!!js/function ',
        '!<tag:x> ',
        '<<: *a\n',
        '${UNSET}',
        '$${',
        '${',
        '"',
        "'",
        '#',
        '\t',
        '\r\n',
        '\u0000',
        '\ufeff',
        '%YAML 1.1\n---\n',
        '---\n',
        '...\n',
        '? ',
      ),
      fc.string({ maxLength: 12, unit: 'binary' }),
    ),
  }),
);

function applyEdit(text: string, edit: TextEdit): string {
  const lines = text.split('\n');
  const line = edit.at % Math.max(lines.length, 1);
  switch (edit.kind) {
    case 'delete-line':
      lines.splice(line, 1);
      return lines.join('\n');
    case 'duplicate-line':
      lines.splice(line, 0, lines[line] ?? '');
      return lines.join('\n');
    case 'tab-indent':
      lines[line] = `\t${lines[line] ?? ''}`;
      return lines.join('\n');
    case 'dedent':
      lines[line] = (lines[line] ?? '').replace(/^ {1,2}/, '');
      return lines.join('\n');
    case 'cut':
      return text.slice(0, edit.at % (text.length + 1));
    case 'insert': {
      const offset = edit.at % (text.length + 1);
      return `${text.slice(0, offset)}${edit.text}${text.slice(offset)}`;
    }
  }
}

/** Aliases that expand a lot (the "billion laughs" shape), which a YAML loader must refuse, not hang on. */
const ALIAS_BOMB = [
  'a: &a [x, x, x, x, x, x, x, x, x, x]',
  'b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]',
  'c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]',
  'd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]',
  'monitors: [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d]',
].join('\n');

interface ConfigCase {
  text: string;
  mutations: Mutation[];
  edits: TextEdit[];
  env: Record<string, string>;
}

const configCase: fc.Arbitrary<ConfigCase> = fc
  .tuple(
    fc.oneof(
      { weight: 4, arbitrary: mutationsOf(VALID) },
      { weight: 1, arbitrary: fc.constant({ value: VALID as unknown, mutations: [] as Mutation[] }) },
    ),
    fc.array(textEdit, { maxLength: 2 }),
    fc.boolean(),
    fc.constantFrom<'block' | 'flow'>('block', 'block', 'flow'),
    fc.boolean(),
  )
  .map(([{ value, mutations }, edits, keepEnv, style, bomb]) => {
    const base = bomb ? ALIAS_BOMB : toYaml(value, style);
    const text = edits.reduce(applyEdit, base);
    return { text, mutations, edits, env: keepEnv ? ENV : {} };
  });

/** YAML text of a value; JSON (which is YAML too) when the yaml package cannot print it (deep nesting). */
function toYaml(value: unknown, style: 'block' | 'flow'): string {
  if (value === undefined) return '';
  try {
    return stringify(value, { collectionStyle: style === 'flow' ? 'flow' : 'any' });
  } catch {
    return JSON.stringify(value);
  }
}

let dir: string;
let written = 0;

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'pagewatch-props-config-'));
  await mkdir(join(dir, 'sub'));
  await writeFile(
    join(dir, 'collection.json'),
    JSON.stringify({ info: { name: 'c' }, item: [{ name: 'r', request: 'http://127.0.0.1:9/' }] }),
  );
  await writeFile(join(dir, 'environment.json'), JSON.stringify({ values: [{ key: 'k', value: 'v' }] }));
  await writeFile(join(dir, 'data.csv'), 'user,n\na,1\n');
});

async function writeConfig(text: string): Promise<string> {
  const file = join(dir, `pagewatch-${++written}.yaml`);
  await writeFile(file, text);
  return file;
}

describe(
  'config file properties: diagnostics at file:line:column naming the field, never a throw',
  { timeout: suiteTimeout(120_000) },
  () => {
    test('loadConfigFile: a desired state, or diagnostics each with file, line, column, path and message', async () => {
      await fc.assert(
        fc.asyncProperty(configCase, async (config) => {
          const file = await writeConfig(config.text);
          const where = `--- yaml:\n${config.text.slice(0, 1500)}\n--- mutations: ${config.mutations.map((m) => `${m.kind} ${formatPath(m.path)}`).join(', ')}`;
          let loaded;
          try {
            const started = performance.now();
            loaded = await loadConfigFile(file, { env: config.env });
            const tookMs = performance.now() - started;
            assert.ok(tookMs < 5_000, `${where}\ntook ${Math.round(tookMs)} ms`);
          } catch (error) {
            assert.ok(
              error instanceof PagewatchError,
              `${where}\nthrew ${String((error as Error)?.stack ?? error)}`,
            );
            return;
          }
          if (loaded.desired) {
            assert.equal(loaded.diagnostics.length, 0);
            return;
          }
          assert.ok(loaded.diagnostics.length > 0, `${where}\nno desired state and no diagnostics`);
          const lineCount = config.text.split(/\r\n|\r|\n/).length;
          for (const diagnostic of loaded.diagnostics) {
            const text = formatDiagnostic(diagnostic);
            assert.equal(diagnostic.file, file, `${where}\n${text}`);
            assert.ok(
              Number.isInteger(diagnostic.line) && diagnostic.line >= 1 && diagnostic.line <= lineCount + 1,
              `${where}\n${text}`,
            );
            assert.ok(Number.isInteger(diagnostic.column) && diagnostic.column >= 1, `${where}\n${text}`);
            assert.ok(typeof diagnostic.path === 'string' && diagnostic.path.length > 0, `${where}\n${text}`);
            assert.ok(diagnostic.message.trim().length > 0, `${where}\n${text}`);
            assert.doesNotMatch(
              diagnostic.message,
              /\bat .+:\d+:\d+\)|\[object Object\]|undefined$/,
              `${where}\n${text}`,
            );
          }
          // A structure mutation alone (valid YAML, env set) is found at a path it made, or around it.
          if (config.edits.length === 0 && config.env === ENV && config.mutations.length) {
            const related = loaded.diagnostics.some((diagnostic) =>
              config.mutations.some((m) => {
                const mutated = formatPath(m.path);
                return (
                  diagnostic.path === '$' ||
                  mutated === '$' ||
                  startsWithPath(mutated, diagnostic.path) ||
                  startsWithPath(diagnostic.path, mutated) ||
                  // A changed name is reported where it is used (an integration's monitors) or as a duplicate.
                  /name|monitors/.test(mutated)
                );
              }),
            );
            assert.ok(related, `${where}\n${loaded.diagnostics.map(formatDiagnostic).join('\n')}`);
          }
        }),
        fcParameters(150),
      );
    });

    test('pagewatch apply --dry-run: exit 2 with file:line:col diagnostics, before any server is contacted', async () => {
      const server = `http://127.0.0.1:${await closedPort()}`;
      await fc.assert(
        fc.asyncProperty(configCase, async (config) => {
          const file = await writeConfig(config.text);
          const loaded = await loadConfigFile(file, { env: config.env }).catch(
            (error: unknown) => error as Error,
          );
          const { code, stdout, stderr } = await runCli(
            ['apply', file, '--dry-run', '--server', server, '--token', 'pw_x'],
            config.env,
          );
          const where = `--- yaml:\n${config.text.slice(0, 1500)}\n--- stderr:\n${stderr.slice(0, 2000)}`;
          assert.doesNotMatch(`${stdout}${stderr}`, /PW_ERR_INTERNAL|^\s+at .+:\d+:\d+\)?$/m, where);
          if (loaded instanceof Error || !loaded.desired) {
            assert.equal(code, 2, where);
            assert.ok(stderr.includes(file) || stdout.includes(file), `${where}\nthe file is not named`);
            if (!(loaded instanceof Error)) {
              const first = loaded.diagnostics[0];
              if (first)
                assert.ok(
                  `${stdout}${stderr}`.includes(`:${first.line}:${first.column}`),
                  `${where}\nno line:col`,
                );
            }
          } else assert.equal(code, 3, `${where}\na valid file reaches the (closed) server: exit 3`);
        }),
        fcParameters(30),
      );
    });

    test('regression: aliases that expand too much are a diagnostic at the first alias, not a crash', async () => {
      // The yaml package refuses them with a ReferenceError from toJS(), which apply printed as PW_ERR_INTERNAL with
      // a stack (exit 1) and serve --config crashed on.
      const file = await writeConfig(ALIAS_BOMB);
      const loaded = await loadConfigFile(file, { env: ENV });
      assert.deepEqual(loaded.diagnostics.map(formatDiagnostic), [
        `${file}:2:8 YAML: Excessive alias count indicates a resource exhaustion attack`,
      ]);
      const { code, stderr } = await runCli(['apply', file, '--dry-run']);
      assert.equal(code, 2, stderr);
      assert.match(stderr, /:2:8 YAML: Excessive alias count/);
    });

    test('regression: YAML nested thousands of levels deep is a diagnostic, not a stack overflow or an abort', async () => {
      // Found by the property's deep nesting: the yaml parser overflowed its stack (reported as a YAML error), and a
      // second deep file in the same process aborted it ("RegExpCompiler Allocation failed - process out of memory").
      const deepArrays = `monitors: ${'['.repeat(2500)}${']'.repeat(2500)}`;
      const deepMaps = `monitors: [${'{"a": '.repeat(2500)}1${'}'.repeat(2500)}]`;
      const compact = `monitors:\n${'- '.repeat(2500)}1\n`;
      for (const text of [deepArrays, deepMaps, compact]) {
        const file = await writeConfig(text);
        const { diagnostics } = await loadConfigFile(file, { env: ENV });
        assert.equal(diagnostics.length, 1, diagnostics.map(formatDiagnostic).join('\n'));
        assert.match(diagnostics[0]?.message ?? '', /^YAML: nested more than 128 levels deep/);
      }
    });

    test('regression: an empty or null key is named "" in the path, not left out', async () => {
      // Found by the property (a ": " typed before the document): the diagnostic read "pagewatch.yaml:1:1 : unknown field".
      const file = await writeConfig(': [1]\nmonitors: []\n');
      const { diagnostics } = await loadConfigFile(file, { env: ENV });
      assert.deepEqual(diagnostics.map(formatDiagnostic), [`${file}:1:1 "": unknown field`]);
    });

    test('a collection nested deeper than the API accepts is a problem of the file, found before any change', async () => {
      // The API answers 400 for JSON nested more than 256 levels; apply would only find out while applying.
      const deep = `${'['.repeat(300)}${']'.repeat(300)}`;
      await writeFile(
        join(dir, 'deep.json'),
        `{"info":{"name":"d","x":${deep}},"item":[{"request":"http://127.0.0.1:9/"}]}`,
      );
      const file = await writeConfig(
        'monitors:\n  - name: Deep\n    collection: ./deep.json\n    schedule: { every: 1m }\n',
      );
      const { diagnostics } = await loadConfigFile(file, { env: ENV });
      assert.equal(diagnostics.length, 1, diagnostics.map(formatDiagnostic).join('\n'));
      assert.match(
        formatDiagnostic(diagnostics[0] as never),
        /:3:17 monitors\[0\]\.collection: nested more than 256 levels deep at info\.x(\[0\])+$/,
      );
    });
  },
);

function startsWithPath(path: string, prefix: string): boolean {
  return path === prefix || path.startsWith(`${prefix}.`) || path.startsWith(`${prefix}[`);
}
