import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { before, describe, test } from 'node:test';
import fc from 'fast-check';
import { PagewatchError } from '../../src/errors/pagewatch-error.js';
import { loadRunInput, type RunInputFiles } from '../../src/runner/index.js';
import { runCli } from '../helpers/cli-harness.js';
import { anyJson, fcParameters, suiteTimeout } from './fc-options.js';
import { describeValue, formatPath, mutationsOf, type Mutation } from './json-mutations.js';

/**
 * Issue 5, point 5, for `pagewatch run`'s files: a malformed collection, environment, globals or iteration data file
 * (a mutated valid one, any JSON, a v1 collection, odd encodings and bytes) is exit 2 with a message naming the file
 * and the JSON path; never an uncaught exception, a stack trace or another exit code. A valid-but-odd input may run
 * (exit 0 or 1). Every URL in the inputs is 127.0.0.1 on a closed port, and an input whose mutation could have made
 * a new URL is only loaded, never run.
 */

type Kind = keyof RunInputFiles;

const VALID: Record<Kind, unknown> = {
  collection: {
    info: {
      _postman_id: 'props-1',
      name: 'Props',
      schema: 'https://schema.getpostman.com/json/collection/v2.1.0/collection.json',
    },
    item: [
      {
        name: 'Folder',
        item: [
          {
            name: 'Get cart',
            request: { method: 'GET', url: 'http://127.0.0.1:9/cart', header: [{ key: 'x-a', value: '1' }] },
            event: [
              { listen: 'test', script: { type: 'text/javascript', exec: ['pm.test("ok", () => {});'] } },
            ],
          },
        ],
      },
      { name: 'Health', request: 'http://127.0.0.1:9/health' },
    ],
    variable: [{ key: 'v', value: '1' }],
  },
  environment: {
    id: 'env-1',
    name: 'prod',
    values: [{ key: 'token', value: 's3cret', type: 'secret', enabled: true }],
  },
  globals: { name: 'globals', values: [{ key: 'g', value: 1, enabled: true }] },
  iterationData: [{ user: 'a', n: 1 }, { user: 'b' }],
};

/** The text of a v1 collection: Postman's old export, which has `requests` and `order` instead of `item`. */
const V1_SHAPES: unknown[] = [
  { id: 'x', name: 'Old', order: ['r1'], folders: [], requests: [{ id: 'r1', url: 'http://127.0.0.1:9/' }] },
  {
    info: { name: 'Old', schema: 'https://schema.getpostman.com/json/collection/v1.0.0/collection.json' },
    item: [],
  },
  { name: 'Old', requests: [] },
];

type Encoding = 'utf8' | 'utf8-bom' | 'utf16le' | 'utf16be';

function encode(text: string, encoding: Encoding): Buffer {
  switch (encoding) {
    case 'utf8':
      return Buffer.from(text, 'utf8');
    case 'utf8-bom':
      return Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf8')]);
    case 'utf16le':
      return Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
    case 'utf16be':
      return Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(text, 'utf16le').swap16()]);
  }
}

/** One bad (or odd) file: its bytes, and what was done to the valid one, when it was a mutation. */
interface FileCase {
  kind: Kind;
  bytes: Buffer;
  /** Set when the content is a mutation of the valid file (the error should name a mutated path). */
  mutations?: Mutation[];
  /** Whether running it could send a request to anything but the closed port (then it is never run). */
  mayRun: boolean;
  describe: string;
}

const encoding = fc.constantFrom<Encoding>('utf8', 'utf8', 'utf8', 'utf8-bom', 'utf16le', 'utf16be');

function fileCase(kind: Kind): fc.Arbitrary<FileCase> {
  const mutated = fc.tuple(mutationsOf(VALID[kind]), encoding).map(([{ value, mutations }, enc]) => ({
    kind,
    bytes: encode(JSON.stringify(value) ?? '', enc),
    mutations,
    // A mutation inside a request or url could make a URL that is not the closed port.
    mayRun: !mutations.some((m) => m.path.some((key) => key === 'request' || key === 'url')),
    describe: `${kind} ${enc}: ${mutations.map((m) => `${m.kind} ${formatPath(m.path)} ${describeValue(m.value)}`).join('; ')}`,
  }));
  const arbitrary = fc.tuple(anyJson(), encoding).map(([value, enc]) => ({
    kind,
    bytes: encode(JSON.stringify(value), enc),
    mayRun: kind !== 'collection',
    describe: `${kind} ${enc}: ${describeValue(value)}`,
  }));
  const bytes = fc
    .oneof(
      fc.uint8Array({ maxLength: 200 }).map((raw) => Buffer.from(raw)),
      // Valid JSON with invalid UTF-8 in a string, or cut short.
      fc.nat().map((cut) => {
        const text = Buffer.from(JSON.stringify(VALID[kind]));
        return cut % 2
          ? text.subarray(0, cut % text.length)
          : Buffer.concat([text.subarray(0, 20), Buffer.from([0xc3, 0x28, 0xff]), text.subarray(20)]);
      }),
      fc.string({ maxLength: 100, unit: 'binary' }).map((text) => Buffer.from(text)),
    )
    .map((raw) => ({
      kind,
      bytes: raw,
      mayRun: kind !== 'collection',
      describe: `${kind} bytes: ${raw.toString('hex').slice(0, 200)}`,
    }));
  const options = [
    { weight: 6, arbitrary: mutated },
    { weight: 1, arbitrary: arbitrary },
    { weight: 1, arbitrary: bytes },
  ];
  if (kind === 'collection') {
    options.push({
      weight: 1,
      arbitrary: fc.constantFrom(...V1_SHAPES).map((value) => ({
        kind,
        bytes: Buffer.from(JSON.stringify(value)),
        mayRun: false,
        describe: `v1 collection ${describeValue(value)}`,
      })),
    });
  }
  return fc.oneof(...options);
}

/** Counterexamples print as their description, not as (up to 300 kB of) bytes. */
const printable = (value: FileCase): FileCase =>
  Object.assign(value, { [fc.toStringMethod]: () => `${value.describe} (${value.bytes.length} bytes)` });

const anyFileCase = fc
  .constantFrom<Kind>('collection', 'collection', 'environment', 'globals', 'iterationData')
  .chain(fileCase)
  .map(printable);

let dir: string;
let written = 0;

/** Writes the valid files and the bad one; returns the paths for loadRunInput and the CLI. */
async function writeFiles(bad: FileCase): Promise<RunInputFiles> {
  const run = ++written;
  const files = {} as Record<Kind, string>;
  for (const kind of Object.keys(VALID) as Kind[]) {
    files[kind] = join(dir, `${run}-${kind}.json`);
    await writeFile(files[kind], kind === bad.kind ? bad.bytes : JSON.stringify(VALID[kind]));
  }
  return files;
}

function cliArgs(files: RunInputFiles): string[] {
  return [
    'run',
    files.collection,
    ...['-e', files.environment, '-g', files.globals, '-d', files.iterationData].map(String),
    '--timeout-request',
    '2000',
    '--timeout',
    '20000',
    '--reporters',
    'cli', // printed, not written: a json report would land in the working directory
  ];
}

/** The error of loadRunInput is a bad-input PagewatchError naming the file and, for JSON, where in it. */
function checkError(error: unknown, files: RunInputFiles, bad: FileCase): void {
  const where = bad.describe;
  assert.ok(
    error instanceof PagewatchError,
    `${where}: not a PagewatchError: ${String((error as Error)?.stack ?? error)}`,
  );
  assert.equal(error.exitCode, 2, `${where}: ${error.code}`);
  const file = files[bad.kind] as string;
  assert.ok(error.message.includes(file), `${where}: the message does not name ${file}: ${error.message}`);
  const [first] = error.details;
  assert.ok(first, `${where}: no details`);
  assert.equal(first.file, file, `${where}: detail names ${first.file}`);
  if (error.code === 'PW_ERR_FILE_NOT_JSON') {
    assert.ok(first.line === undefined || first.line >= 1, where);
    return;
  }
  if (error.code === 'PW_ERR_BAD_DATA_FILE' && first.path === undefined) return; // CSV: a line, when there is one
  assert.ok(
    typeof first.path === 'string' && first.path.length > 0,
    `${where}: no JSON path: ${JSON.stringify(error.details)}`,
  );
  if (bad.mutations) {
    const related = error.details.some(({ path = '' }) =>
      bad.mutations?.some((m) => {
        const mutated = formatPath(m.path);
        return (
          path === '$' || mutated === '$' || startsWithPath(mutated, path) || startsWithPath(path, mutated)
        );
      }),
    );
    assert.ok(related, `${where}: no detail names a mutated path: ${JSON.stringify(error.details)}`);
  }
}

function startsWithPath(path: string, prefix: string): boolean {
  return path === prefix || path.startsWith(`${prefix}.`) || path.startsWith(`${prefix}[`);
}

/** Output of the CLI that only a crash produces. */
const CRASH = /PW_ERR_INTERNAL|^\s+at .+:\d+:\d+\)?$/m;

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'pagewatch-props-run-'));
});

describe(
  'run input properties: exit 2 naming file and field, never a crash',
  { timeout: suiteTimeout(180_000) },
  () => {
    test('loadRunInput: resolves, or rejects with a bad-input error naming the file and the JSON path', async () => {
      await fc.assert(
        fc.asyncProperty(anyFileCase, async (bad) => {
          const files = await writeFiles(bad);
          await loadRunInput(files).then(
            () => undefined,
            (error: unknown) => checkError(error, files, bad),
          );
        }),
        fcParameters(300),
      );
    });

    test('pagewatch run (in-process): exit 2 with the file named for bad input; 0/1 when it runs; no crash', async () => {
      let ran = 0;
      await fc.assert(
        fc.asyncProperty(anyFileCase, async (bad) => {
          const files = await writeFiles(bad);
          const refusal = await loadRunInput(files).then(
            () => undefined,
            (error: unknown) => error as PagewatchError,
          );
          const accepted = refusal === undefined;
          // Inputs that load would run: only those whose URLs are known to be the closed port, and only a few.
          if (accepted && (!bad.mayRun || ran >= 3)) return;
          if (accepted) ran++;
          const { code, stdout, stderr } = await runCli(cliArgs(files));
          const where = `${bad.describe}\n--- stderr:\n${stderr.slice(0, 2000)}`;
          assert.doesNotMatch(stderr, CRASH, where);
          assert.doesNotMatch(stdout, /PW_ERR_INTERNAL/, where); // stdout has the scripts' own errors, stacks aside
          if (!accepted) {
            assert.equal(code, 2, where);
            assert.match(stderr, /^error PW_ERR_[A-Z0-9_]+: /m, where);
            assert.ok(stderr.includes(files[bad.kind] as string), `${where}: the file is not named`);
            const path = refusal?.details[0]?.path;
            // A v1 collection is refused as a whole, which the message says; its detail points at the v1 marker.
            if (path && path !== '$' && refusal?.code !== 'PW_ERR_COLLECTION_V1')
              assert.ok(stderr.includes(path), `${where}: the field ${path} is not named`);
          } else assert.ok(code === 0 || code === 1, `${where}: exit ${code}`);
        }),
        fcParameters(50),
      );
    });

    test('pagewatch run (a real process): exit 2 and a one-line error naming the file, no stack', async () => {
      await fc.assert(
        fc.asyncProperty(anyFileCase, async (bad) => {
          const files = await writeFiles(bad);
          const accepted = await loadRunInput(files).then(
            () => true,
            () => false,
          );
          fc.pre(!accepted);
          const { code, stderr } = await spawnCli(cliArgs(files));
          const where = `${bad.describe}\n--- stderr:\n${stderr.slice(0, 2000)}`;
          assert.equal(code, 2, where);
          assert.doesNotMatch(stderr, CRASH, where);
          assert.ok(stderr.includes(files[bad.kind] as string), `${where}: the file is not named`);
        }),
        fcParameters(2),
      );
    });

    test('regression: folders nested 1,000 levels deep are exit 2 naming the item, not PW_ERR_INTERNAL', async () => {
      // checkCollection's recursive schema overflowed the stack at about 1,000 levels: exit 1 with a stack trace.
      let item: unknown = { name: 'leaf', request: 'http://127.0.0.1:9/' };
      for (let level = 0; level < 1000; level++) item = { name: 'folder', item: [item] };
      const collection = join(dir, 'deep-folders.json');
      await writeFile(collection, JSON.stringify({ info: { name: 'Deep' }, item: [item] }));
      const { code, stderr } = await runCli(['run', collection]);
      assert.equal(code, 2, stderr);
      assert.match(
        stderr,
        /^error PW_ERR_NOT_A_COLLECTION: .*deep-folders\.json .*field "item\[0\](\.item\[0\])+": folders are nested more than 100 levels deep/,
      );
      assert.doesNotMatch(stderr, CRASH);
    });

    test('a v1 collection named by its schema URL points at info.schema', async () => {
      const collection = join(dir, 'v1-schema.json');
      await writeFile(collection, JSON.stringify(V1_SHAPES[1]));
      const error = await loadRunInput({ collection }).then(
        () => assert.fail('expected an error'),
        (e: unknown) => e as PagewatchError,
      );
      assert.equal(error.code, 'PW_ERR_COLLECTION_V1');
      assert.equal(error.details[0]?.path, 'info.schema');
    });
  },
);

function spawnCli(args: string[]): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['bin/pagewatch.js', ...args], {
      env: { PATH: process.env.PATH ?? '', HOME: dir, PAGEWATCH_HOME: dir, NO_COLOR: '1' },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stderr }));
  });
}
