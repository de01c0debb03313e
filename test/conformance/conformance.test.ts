// The conformance suite of issue 4, point 2: every collection of the newman-integration corpus runs through
// Newman 6.2.1 (the reference) and through pagewatch's runner against the local postman-echo stand-in, and the two
// runs must agree per request and per assertion, unless the difference is in the allow-list. A collection dropped
// into the corpus folder is a new subtest; nothing here names a collection. See docs/conformance.md.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { startEchoServer, type EchoServer } from '../fixtures/echo-server/index.js';
import { ALLOW_LIST, applyAllowList } from './allow-list.js';
import { compareRuns, formatDifferences } from './compare-runs.js';
import { formatConformanceTable, type ConformanceRow } from './conformance-table.js';
import { discoverCorpus, type CorpusCase } from './corpus-discovery.js';
import { locateCorpus, vendoredCopyDrift } from './corpus-location.js';
import { runWithNewman } from './newman-driver.js';
import { runWithPagewatch } from './pagewatch-driver.js';
import { readRunConfig, toPagewatchRunOptions } from './run-config.js';

/** Collections run at once (each runs Newman and pagewatch side by side): the machine is small and shared. */
const CONCURRENCY = 3;

const corpus = locateCorpus();
const discovery = discoverCorpus(corpus.dir);
console.log(`conformance corpus: ${corpus.dir} (${corpus.source}), ${discovery.cases.length} collections`);
for (const file of discovery.skipped) console.log(`conformance corpus: skipped ${file}`);
const drift = vendoredCopyDrift(corpus.dir);
if (drift.length) {
  console.log(
    `conformance corpus: the vendored copy (test/fixtures/newman-integration/corpus) is out of date:\n  ` +
      drift.join('\n  '),
  );
}

/** Runs one case both ways and returns its table row; throws (failing the subtest) on unexplained differences. */
async function checkCase(echo: EchoServer, corpusCase: CorpusCase, rows: ConformanceRow[]): Promise<void> {
  const row: ConformanceRow = { collection: corpusCase.name, result: 'ERROR' };
  rows.push(row);
  try {
    const config = corpusCase.config ? readRunConfig(join(corpus.dir, corpusCase.config)) : {};
    const options = {
      ...toPagewatchRunOptions(config),
      agents: echo.agents,
      // Compare everything the run did, not the product's display caps.
      maxExecutions: 100_000,
      maxAssertions: 1_000_000,
    };
    const [newman, pagewatch] = await Promise.all([
      runWithNewman(corpus.dir, corpusCase, config, echo.agents),
      runWithPagewatch(corpus.dir, corpusCase, options),
    ]);
    Object.assign(row, { newman, pagewatch: pagewatch.record, notes: pagewatch.notes });
    const outcome = applyAllowList(corpusCase.key, compareRuns(newman, pagewatch.record));
    row.result = outcome.unexplained.length
      ? `DIFFERENT (${outcome.unexplained.length})`
      : outcome.allowed.length
        ? `allowed (${outcome.allowed.length})`
        : 'same';
    const problems: string[] = [];
    if (outcome.unexplained.length) {
      problems.push(
        `${outcome.unexplained.length} difference(s) between Newman and pagewatch:\n` +
          formatDifferences(outcome.unexplained),
      );
    }
    for (const entry of outcome.unused) {
      problems.push(`allow-list entry ${entry.key} matched no difference: remove it (or fix it)`);
    }
    if (problems.length) {
      const errors = [newman.runError && `newman run error: ${newman.runError}`]
        .concat(pagewatch.record.runError && `pagewatch run error: ${pagewatch.record.runError}`)
        .filter(Boolean);
      assert.fail(`${corpusCase.key}: ${[...problems, ...errors].join('\n')}`);
    }
  } catch (error) {
    if (row.result === 'ERROR') row.result = `ERROR: ${(error as Error).message.split('\n')[0]}`;
    throw error;
  }
}

test('conformance with Newman on the newman-integration corpus', { concurrency: CONCURRENCY }, async (t) => {
  const started = Date.now();
  const echo = await startEchoServer();
  const rows: ConformanceRow[] = [];
  try {
    await t.test('corpus files are all usable', () => {
      assert.deepEqual(discovery.problems, [], 'files in the corpus folder that the suite cannot use');
      assert.ok(discovery.cases.length > 0, `no collections found in ${corpus.dir}`);
    });
    await Promise.all(
      discovery.cases.map((corpusCase) =>
        t.test(corpusCase.name, { timeout: 60_000 }, () => checkCase(echo, corpusCase, rows)),
      ),
    );
  } finally {
    await echo.close();
    rows.sort((a, b) => a.collection.localeCompare(b.collection));
    console.log(
      `\nNewman vs pagewatch (${corpus.source}, ${((Date.now() - started) / 1000).toFixed(1)} s):\n` +
        formatConformanceTable(rows),
    );
    const keys = new Set(discovery.cases.map((corpusCase) => corpusCase.key));
    for (const entry of ALLOW_LIST.filter((candidate) => !keys.has(candidate.collection))) {
      console.log(
        `conformance: allow-list entry for "${entry.collection}" (${entry.key}) is not in this corpus`,
      );
    }
  }
});
