import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync, mkdirSync, cpSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { discoverCorpus, groupCorpusFiles } from './corpus-discovery.js';
import { locateCorpus, VENDORED_CORPUS_DIR, vendoredCopyDrift } from './corpus-location.js';

describe('groupCorpusFiles (Newman harness grouping rules)', () => {
  test('groups <name>.postman_<kind>.<ext> by folder and name; README/LICENSE are not corpus files', () => {
    const { cases, skipped, problems } = groupCorpusFiles([
      'README.md',
      'LICENSE.md',
      'plain.postman_collection.json',
      'suite/suite.postman_collection.json',
      'suite/suite.postman_environment.json',
      'suite/suite.postman_globals.json',
      'suite/suite.postman_data.csv',
      'suite/suite.postman_config.json',
      'suite/other.postman_collection.json',
    ]);
    assert.deepEqual(problems, []);
    assert.deepEqual(skipped, []);
    assert.deepEqual(cases, [
      { name: 'plain', key: 'plain', collection: 'plain.postman_collection.json' },
      { name: 'other', key: 'suite/other', collection: 'suite/other.postman_collection.json' },
      {
        name: 'suite',
        key: 'suite/suite',
        collection: 'suite/suite.postman_collection.json',
        environment: 'suite/suite.postman_environment.json',
        globals: 'suite/suite.postman_globals.json',
        data: 'suite/suite.postman_data.csv',
        config: 'suite/suite.postman_config.json',
      },
    ]);
  });

  test('.skip before the extension skips the file', () => {
    const { cases, skipped } = groupCorpusFiles([
      'a.postman_collection.skip.json',
      'b.postman_collection.json',
      'b.postman_data.skip.csv',
    ]);
    assert.deepEqual(skipped, ['a.postman_collection.skip.json', 'b.postman_data.skip.csv']);
    assert.deepEqual(cases, [{ name: 'b', key: 'b', collection: 'b.postman_collection.json' }]);
  });

  test('a name used in two folders is shown with its folder', () => {
    const { cases } = groupCorpusFiles(['x/t.postman_collection.json', 'y/t.postman_collection.json']);
    assert.deepEqual(
      cases.map((c) => c.name),
      ['x/t', 'y/t'],
    );
  });

  test('unusable files are problems, not silently ignored', () => {
    const { cases, problems } = groupCorpusFiles([
      'a.postman_collection.json',
      'a.postman_data.json',
      'a.postman_data.csv',
      'a.postman_environment.csv',
      'a.postman_widget.json',
      'orphan.postman_environment.json',
    ]);
    assert.equal(cases.length, 1);
    assert.equal(problems.length, 4);
    assert.match(problems.join('\n'), /a\.postman_data\.json: test "a" already has a data file/);
    assert.match(problems.join('\n'), /a\.postman_environment\.csv: a environment file must end in \.json/);
    assert.match(problems.join('\n'), /a\.postman_widget\.json: not <name>\.postman_/);
    assert.match(problems.join('\n'), /test "orphan" has no \.postman_collection\.json/);
  });
});

describe('corpus folder', () => {
  test('the vendored copy has the 28 collections and nothing unusable', () => {
    const { cases, problems, skipped } = discoverCorpus(VENDORED_CORPUS_DIR);
    assert.deepEqual(problems, []);
    assert.deepEqual(skipped, []);
    assert.equal(cases.length, 28);
    const timeout = cases.find((c) => c.key === 'timeout/timeout');
    assert.equal(timeout?.config, 'timeout/timeout.postman_config.json');
  });

  test('a collection dropped into the folder is picked up, and reported as not vendored', () => {
    const dir = mkdtempSync(join(tmpdir(), 'pagewatch-corpus-'));
    try {
      cpSync(VENDORED_CORPUS_DIR, dir, { recursive: true });
      mkdirSync(join(dir, 'new-one'));
      writeFileSync(join(dir, 'new-one/new-one.postman_collection.json'), '{"item":[]}');
      const { cases } = discoverCorpus(dir);
      assert.equal(cases.length, 29);
      assert.ok(cases.some((c) => c.name === 'new-one'));
      assert.deepEqual(vendoredCopyDrift(dir), [
        'new-one/new-one.postman_collection.json: not in the vendored copy',
      ]);
      assert.deepEqual(locateCorpus({ PAGEWATCH_CORPUS_DIR: dir }), { dir, source: 'PAGEWATCH_CORPUS_DIR' });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
