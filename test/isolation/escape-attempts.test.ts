import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { ProcessRunnerPool } from '../../src/runner/isolation/index.js';
import { collectionOf, healthCollection } from '../helpers/collections.js';
import { startTargetServer, type TargetServer } from '../helpers/target-server.js';
import { messagesOf, watchServing } from './isolation-support.js';

/**
 * The acceptance list of issue 5: each escape attempt is a collection script run through the runner processes. Each
 * must fail as a script error (or a failed assertion) naming the problem, while a normal monitor run in the pool
 * still passes and this process (standing in for the server) keeps answering HTTP.
 */
interface Attempt {
  name: string;
  listen: 'prerequest' | 'test';
  script: string[];
  status: 'error' | 'failure';
  message: RegExp;
}

const ATTEMPTS: Attempt[] = [
  {
    name: 'reading /etc/passwd',
    listen: 'test',
    script: [
      'var text = require("fs").readFileSync("/etc/passwd", "utf8");',
      'pm.test("read it", function () {});',
    ],
    status: 'error',
    message: /readFileSync is not a function/,
  },
  {
    name: 'process.env',
    listen: 'test',
    script: ['var secret = process.env.PAGEWATCH_SECRET;', 'pm.test("got " + secret, function () {});'],
    status: 'error',
    message: /process is not defined/,
  },
  {
    name: "require('child_process')",
    listen: 'test',
    script: ['require("child_process").execSync("id");'],
    status: 'error',
    message: /Cannot find module 'child_process'/,
  },
  {
    name: "this.constructor.constructor('return process')()",
    listen: 'test',
    script: ['var p = this.constructor.constructor("return process")();', 'p.env.PATH;'],
    status: 'error',
    message: /process is not defined/,
  },
  {
    name: 'an infinite loop (test script)',
    listen: 'test',
    script: ['for (;;) {}'],
    status: 'error',
    message: /test script: did not finish within the script timeout/,
  },
  {
    name: 'allocating 4 GB at once (ArrayBuffer, outside the JS heap)',
    listen: 'test',
    script: ['var buffer = new ArrayBuffer(4 * 1024 * 1024 * 1024);', 'new Uint8Array(buffer).fill(1);'],
    status: 'error',
    message: /Array buffer allocation failed/,
  },
  {
    name: 'allocating 4 GB in the JS heap (4 096 arrays of 1 MiB)',
    listen: 'test',
    script: ['var keep = [];', 'for (var i = 0; i < 4096; i++) keep.push(new Array(131072).fill(i + 0.5));'],
    status: 'error',
    message: /runner process \d+ ran out of memory and was stopped/,
  },
  {
    name: 'while(true){} in a pre-request script',
    listen: 'prerequest',
    script: ['while(true){}'],
    status: 'error',
    message: /pre-request script: did not finish within the script timeout/,
  },
];

describe('escape attempts in collection scripts fail; the pool and the server keep working', () => {
  let target: TargetServer;
  let pool: ProcessRunnerPool;
  before(async () => {
    target = await startTargetServer();
    pool = new ProcessRunnerPool({
      processes: 2,
      sandbox: { size: 1 },
      // A small heap so the 4 GB heap attempt dies in a second or two, not after filling 512 MiB.
      heapMb: 192,
      memoryLimitMb: 1_024,
      env: { PATH: process.env.PATH, PAGEWATCH_SECRET: 'do-not-leak', DATABASE_URL: 'postgres://u:p@db/x' },
    });
    await pool.whenReady();
  });
  after(async () => {
    await pool.close();
    await target.close();
  });

  for (const attempt of ATTEMPTS) {
    test(attempt.name, async () => {
      await pool.whenReady();
      const serving = watchServing(`${target.url}/health`);
      const hostile = collectionOf(`Escape: ${attempt.name}`, [
        {
          name: 'Escape',
          url: `${target.url}/health`,
          [attempt.listen === 'test' ? 'tests' : 'prerequest']: attempt.script,
        },
      ]);
      const escape = pool.run({ collection: hostile }, { scriptTimeoutMs: 3_000 });
      // Dispatched after the hostile run, so it lands on the other (least busy) runner process.
      const normal = pool.run({ collection: healthCollection(target.url) });
      const [escaped, healthy] = await Promise.all([escape, normal]);
      const served = await serving.stop();

      assert.equal(escaped.status, attempt.status, JSON.stringify(escaped));
      assert.match(messagesOf(escaped), attempt.message);
      assert.doesNotMatch(JSON.stringify(escaped), /do-not-leak|root:x:0:0|postgres:\/\//);
      assert.equal(healthy.status, 'success', JSON.stringify(healthy));
      assert.equal(served.failed, 0, 'the server kept answering');
      assert.ok(served.answered > 0);
      assert.ok(served.slowestMs < 1_000, `slowest answer ${served.slowestMs} ms`);
    });
  }

  test('after all of it, a normal run passes', async () => {
    await pool.whenReady();
    const result = await pool.run({ collection: healthCollection(target.url) });
    assert.equal(result.status, 'success', JSON.stringify(result));
  });
});
