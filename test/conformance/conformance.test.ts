// The conformance suite of issue 4, point 2: every collection of the newman-integration corpus runs through
// Newman 6.2.1 (the reference) and through pagewatch's runner against the local postman-echo stand-in, and the two
// runs must agree per request and per assertion, unless the difference is in the allow-list. A collection dropped
// into the corpus folder is a new subtest; nothing here names a collection. See docs/conformance.md.
import assert from 'node:assert/strict';
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { startEchoServer, type EchoServer } from '../fixtures/echo-server/index.js';
import { ALLOW_LIST } from './allow-list.js';
import { compareCase, isTimingSensitive } from './compare-case.js';
import { formatDifferences } from './compare-runs.js';
import { formatConformanceTable, type ConformanceRow } from './conformance-table.js';
import { discoverCorpus, type CorpusCase } from './corpus-discovery.js';
import { locateCorpus, vendoredCopyDrift } from './corpus-location.js';
import { timeoutErrors } from './run-record.js';

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

/**
 * Runs one case both ways, records its table row, and fails (throws) on a difference the allow-list does not
 * cover. A difference where either runner hit a timeout is retried once, the runners one after the other: on this
 * shared 2-core machine a 500 ms script timeout can expire from load alone. The retry is shown in the table and
 * the first run's differences in the log; a difference that repeats fails.
 */
async function checkCase(echo: EchoServer, corpusCase: CorpusCase, row: ConformanceRow): Promise<void> {
  try {
    const sequential = isTimingSensitive(corpus.dir, corpusCase);
    let run = await compareCase(corpus.dir, corpusCase, echo, sequential);
    const notes = [...run.notes];
    const timeouts = [...timeoutErrors(run.newman), ...timeoutErrors(run.pagewatch)];
    if (run.outcome.unexplained.length && timeouts.length) {
      console.log(
        `conformance: ${corpusCase.key} differed with a timeout (${timeouts.join('; ')}), retrying once:\n` +
          formatDifferences(run.outcome.unexplained),
      );
      notes.push(`retried: first run hit a timeout (${timeouts[0]})`);
      run = await compareCase(corpus.dir, corpusCase, echo, true);
    }
    const { newman, pagewatch, outcome } = run;
    Object.assign(row, { newman, pagewatch, notes });
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
        .concat(pagewatch.runError && `pagewatch run error: ${pagewatch.runError}`)
        .filter(Boolean);
      assert.fail(`${corpusCase.key}: ${[...problems, ...errors].join('\n')}`);
    }
  } catch (error) {
    if (row.result === 'ERROR') row.result = `ERROR: ${(error as Error).message.split('\n')[0]}`;
    throw error;
  }
}

/**
 * The order cases run in: the biggest collection files first (they take longest, so the tail is short), then the
 * timing-sensitive ones, one at a time, when nothing else runs.
 */
function schedule(cases: readonly CorpusCase[]): { together: CorpusCase[]; alone: CorpusCase[] } {
  const size = (corpusCase: CorpusCase): number => statSync(join(corpus.dir, corpusCase.collection)).size;
  const sorted = [...cases].sort((a, b) => size(b) - size(a));
  return {
    together: sorted.filter((corpusCase) => !isTimingSensitive(corpus.dir, corpusCase)),
    alone: sorted.filter((corpusCase) => isTimingSensitive(corpus.dir, corpusCase)),
  };
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
    const subtest = (corpusCase: CorpusCase): Promise<void> => {
      const row: ConformanceRow = { collection: corpusCase.name, result: 'ERROR' };
      rows.push(row);
      return t.test(corpusCase.name, { timeout: 90_000 }, () => checkCase(echo, corpusCase, row));
    };
    const { together, alone } = schedule(discovery.cases);
    await Promise.all(together.map(subtest));
    for (const corpusCase of alone) await subtest(corpusCase);
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
