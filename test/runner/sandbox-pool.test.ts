/**
 * The pool's check between owners, at the level of the pool: a context that one owner used is lent to another only
 * after its guard answered over the bridge; attribute-only changes (no value replaced) are caught as well as
 * replaced values. The end-to-end probes (pm.* variables, prototypes, timers) are in pooled-runner-isolation.test.ts.
 */
import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { SandboxPool, type SandboxLease } from '../../src/runner/sandbox-pool.js';

function execute(lease: SandboxLease, code: string): Promise<Error | null> {
  return new Promise((resolve) => lease.context.execute(code, { timeout: 5_000 }, (error) => resolve(error)));
}

/** Owner A runs `code` in the pool's only context; then owner B borrows a context (after the check). */
async function runThenLendToAnother(pool: SandboxPool, code: string): Promise<void> {
  const ownerA = {};
  const leaseA = await pool.acquire(ownerA);
  assert.equal(await execute(leaseA, code), null, `script ran: ${code}`);
  pool.release(leaseA, ownerA);
  const ownerB = {};
  const leaseB = await pool.acquire(ownerB);
  assert.equal(await execute(leaseB, 'void 0;'), null);
  pool.release(leaseB, ownerB);
  pool.ownerDone(ownerB);
}

describe('SandboxPool check between owners', () => {
  const pools: SandboxPool[] = [];
  after(async () => {
    await Promise.all(pools.map((pool) => pool.close()));
  });
  const newPool = (): SandboxPool => {
    const pool = new SandboxPool({ size: 1 });
    pools.push(pool);
    return pool;
  };

  test('a context whose script changed nothing shared passes the check and is lent again', async () => {
    const pool = newPool();
    await runThenLendToAnother(
      pool,
      'var local = [1, 2].map(function (x) { return x * 2; }); pm.variables.set("a", 1);',
    );
    await runThenLendToAnother(pool, 'JSON.stringify({ a: 1 });');
    assert.equal(pool.stats().replaced, 0);
    assert.equal(pool.stats().contexts, 1);
  });

  const taints: Array<[string, string]> = [
    [
      'a built-in made read-only (same value)',
      'Object.defineProperty(Array.prototype, "map", { writable: false });',
    ],
    [
      'a built-in made enumerable (same value)',
      'Object.defineProperty(Array.prototype, "filter", { enumerable: true });',
    ],
    [
      'a method turned into a getter',
      'Object.defineProperty(String.prototype, "trim", { get: function () { return function () { return "x"; }; } });',
    ],
    ['a built-in object made non-extensible', 'Object.preventExtensions(Math);'],
    ['a property deleted from a library', 'delete _.map;'],
    ['a new global', 'Function("return this")().leaked = 1;'],
  ];
  for (const [what, code] of taints) {
    test(`${what} is caught: the context is replaced before another owner gets it`, async () => {
      const pool = newPool();
      await runThenLendToAnother(pool, code);
      assert.equal(pool.stats().replaced, 1, `replaced after: ${code}`);
    });
  }
});
