import assert from 'node:assert/strict';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { before, describe, test } from 'node:test';
import { PagewatchError } from '../../src/errors/pagewatch-error.js';
import { loadRunInput } from '../../src/runner/index.js';
import { collectionOf } from '../helpers/collections.js';

describe('loadRunInput: bad input gets an error naming the file and the field', () => {
  let dir: string;
  const file = (name: string): string => join(dir, name);
  const write = async (name: string, content: string | Buffer): Promise<string> => {
    await writeFile(file(name), content);
    return file(name);
  };
  const rejectsWith = async (
    promise: Promise<unknown>,
    code: string,
    message: RegExp,
  ): Promise<PagewatchError> => {
    const error = await promise.then(
      () => assert.fail('expected an error'),
      (e: unknown) => e,
    );
    assert.ok(error instanceof PagewatchError, `expected a PagewatchError, got ${String(error)}`);
    assert.equal(error.code, code);
    assert.match(error.message, message);
    assert.equal(error.exitCode, 2);
    return error;
  };

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'pagewatch-input-'));
  });

  test('missing collection file', async () => {
    const missing = file('nope.json');
    await rejectsWith(
      loadRunInput({ collection: missing }),
      'PW_ERR_FILE_NOT_FOUND',
      /collection file .*nope\.json does not exist/,
    );
  });

  test('not JSON: names the file and the line', async () => {
    const path = await write('broken.json', '{\n  "info": {},\n  "item": [,]\n}');
    const error = await rejectsWith(
      loadRunInput({ collection: path }),
      'PW_ERR_FILE_NOT_JSON',
      /broken\.json is not valid JSON: ValueExpected at line 3, column 12/,
    );
    assert.equal(error.details[0]?.line, 3);
  });

  test('JSON that is not a collection: says which field', async () => {
    const path = await write('not-collection.json', JSON.stringify({ info: { name: 'x' }, items: [] }));
    const error = await rejectsWith(
      loadRunInput({ collection: path }),
      'PW_ERR_NOT_A_COLLECTION',
      /field "item"/,
    );
    assert.equal(error.details[0]?.path, 'item');
    assert.equal(error.details[0]?.file, path);
  });

  test('a nested item without request or folder: names its JSON path', async () => {
    const path = await write(
      'bad-item.json',
      JSON.stringify({
        item: [
          { name: 'ok', request: 'http://x' },
          { name: 'f', item: [{ name: 'empty' }] },
        ],
      }),
    );
    const error = await rejectsWith(
      loadRunInput({ collection: path }),
      'PW_ERR_NOT_A_COLLECTION',
      /item\[1\]\.item\[0\]/,
    );
    assert.match(error.message, /either "request" \(a request\) or "item" \(a folder\)/);
  });

  test('a JSON array is not a collection', async () => {
    const path = await write('array.json', '[]');
    await rejectsWith(
      loadRunInput({ collection: path }),
      'PW_ERR_NOT_A_COLLECTION',
      /expected a JSON object, found an array/,
    );
  });

  test('collection v1: unsupported, and how to convert', async () => {
    const v1 = {
      id: 'abc',
      name: 'old',
      order: ['r1'],
      folders: [],
      requests: [{ id: 'r1', url: 'http://x', method: 'GET' }],
    };
    const path = await write('v1.json', JSON.stringify(v1));
    await rejectsWith(
      loadRunInput({ collection: path }),
      'PW_ERR_COLLECTION_V1',
      /Collection v1.*postman-collection-transformer convert/s,
    );
  });

  test('environment with a UTF-8 BOM and one in UTF-16 LE with CRLF are read', async () => {
    const collectionPath = await write(
      'c.json',
      JSON.stringify(collectionOf('C', [{ name: 'r', url: 'http://x' }])),
    );
    const envJson = '{\r\n "values": [{"key": "fo/o", "value": "alpha", "enabled": true}]\r\n}';
    const utf8 = await write(
      'env-bom.json',
      Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(envJson)]),
    );
    const utf16 = await write(
      'env-utf16.json',
      Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(envJson, 'utf16le')]),
    );
    for (const environment of [utf8, utf16]) {
      const { input } = await loadRunInput({ collection: collectionPath, environment });
      assert.deepEqual(input.environment?.values, [{ key: 'fo/o', value: 'alpha', enabled: true }]);
    }
  });

  test('environment whose values is not an array: names the field', async () => {
    const collectionPath = await write(
      'c2.json',
      JSON.stringify(collectionOf('C', [{ name: 'r', url: 'http://x' }])),
    );
    const environment = await write('bad-env.json', JSON.stringify({ name: 'e', values: { a: 1 } }));
    const error = await rejectsWith(
      loadRunInput({ collection: collectionPath, environment }),
      'PW_ERR_VALIDATION',
      /"values" must be an array/,
    );
    assert.equal(error.details[0]?.path, 'values');
  });

  test('iteration data: CSV typed like Newman (quoted stays string, bare integers become numbers, cells trimmed)', async () => {
    const collectionPath = await write(
      'c3.json',
      JSON.stringify(collectionOf('C', [{ name: 'r', url: 'http://x' }])),
    );
    const data = await write('data.csv', 'id,code,neg,name,empty\n"00123", 7890 ,-7890, bob ,\n');
    const { input } = await loadRunInput({ collection: collectionPath, iterationData: data });
    assert.deepEqual(input.iterationData, [{ id: '00123', code: 7890, neg: -7890, name: 'bob', empty: '' }]);
  });

  test('iteration data: what Newman also accepts (stray quotes in a bare cell, "" escapes, short rows)', async () => {
    const collectionPath = await write(
      'c3b.json',
      JSON.stringify(collectionOf('C', [{ name: 'r', url: 'http://x' }])),
    );
    const data = await write(
      'data-odd.csv',
      'name,quoted,extra\nAbhijit "KDOS" Kane,"say ""hi""",x\nshort\n',
    );
    const { input } = await loadRunInput({ collection: collectionPath, iterationData: data });
    assert.deepEqual(input.iterationData, [
      { name: 'Abhijit "KDOS" Kane', quoted: 'say "hi"', extra: 'x' },
      { name: 'short' },
    ]);
  });

  test('globals as a bare array of variables and an event given as one object load like in Newman', async () => {
    const collection = {
      info: { name: 'odd shapes' },
      item: [
        {
          name: 'r',
          request: 'http://x',
          event: { listen: 'test', script: { exec: ['pm.test("t", () => {});'] } },
        },
      ],
    };
    const collectionPath = await write('single-event.json', JSON.stringify(collection));
    const globals = await write('bare-globals.json', JSON.stringify([{ key: 'g', value: '1' }]));
    const { input } = await loadRunInput({ collection: collectionPath, globals });
    assert.deepEqual(input.globals, { values: [{ key: 'g', value: '1' }] });
  });

  test('iteration data: a JSON object instead of an array is refused', async () => {
    const collectionPath = await write(
      'c4.json',
      JSON.stringify(collectionOf('C', [{ name: 'r', url: 'http://x' }])),
    );
    const data = await write('data.json', JSON.stringify({ a: 1 }));
    await rejectsWith(
      loadRunInput({ collection: collectionPath, iterationData: data }),
      'PW_ERR_BAD_DATA_FILE',
      /must be a JSON array of objects/,
    );
  });

  test('an unknown schema URL is a warning, not an error', async () => {
    const collection = { info: { name: 'x', schema: 'https://example.com/other.json' }, item: [] };
    const path = await write('odd-schema.json', JSON.stringify(collection));
    const { warnings } = await loadRunInput({ collection: path });
    assert.equal(warnings.length, 1);
    assert.match(warnings[0] ?? '', /info\.schema "https:\/\/example\.com\/other\.json" is not a known/);
  });
});
