import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { isTransientStoreError, withStoreRetry } from '../../src/services/store-retry.js';

const withCode = (message: string, code: string): Error => Object.assign(new Error(message), { code });

describe('store retry: which database errors pass', () => {
  const cases: [string, unknown, boolean][] = [
    ['SQLite locked past busy_timeout', withCode('database is locked', 'SQLITE_BUSY'), true],
    ['SQLite snapshot conflict', withCode('database is locked', 'SQLITE_BUSY_SNAPSHOT'), true],
    ['SQLite table locked', withCode('database table is locked', 'SQLITE_LOCKED'), true],
    ['SQLite constraint', withCode('UNIQUE constraint failed', 'SQLITE_CONSTRAINT_UNIQUE'), false],
    ['PostgreSQL admin shutdown (57P01)', withCode('terminating connection', '57P01'), true],
    ['PostgreSQL starting up (57P03)', withCode('the database system is starting up', '57P03'), true],
    ['PostgreSQL connection failure (08006)', withCode('connection failure', '08006'), true],
    ['PostgreSQL serialization failure', withCode('could not serialize access', '40001'), true],
    ['PostgreSQL unique violation', withCode('duplicate key value', '23505'), false],
    ['PostgreSQL syntax error', withCode('syntax error', '42601'), false],
    ['connection refused', withCode('connect ECONNREFUSED 127.0.0.1:5432', 'ECONNREFUSED'), true],
    ['node-postgres lost connection', new Error('Connection terminated unexpectedly'), true],
    [
      'wrapped in a cause',
      new Error('commit failed', { cause: withCode('database is locked', 'SQLITE_BUSY') }),
      true,
    ],
    ['a bug', new TypeError("Cannot read properties of undefined (reading 'id')"), false],
    ['not an error', 'SQLITE_BUSY', false],
  ];
  for (const [name, error, transient] of cases) {
    test(`${name}: ${transient ? 'retried' : 'not retried'}`, () => {
      assert.equal(isTransientStoreError(error), transient);
    });
  }
});

describe('store retry: withStoreRetry', () => {
  const quick = { minDelayMs: 1, maxDelayMs: 5 };

  test('retries a transient failure, telling the caller before each retry, and returns the result', async () => {
    const retries: number[] = [];
    const attempts: number[] = [];
    const result = await withStoreRetry(
      async (attempt) => {
        attempts.push(attempt);
        if (attempt < 3) throw withCode('database is locked', 'SQLITE_BUSY');
        return 'committed';
      },
      { ...quick, onRetry: ({ attempt }) => retries.push(attempt) },
    );
    assert.equal(result, 'committed');
    assert.deepEqual(attempts, [1, 2, 3]);
    assert.deepEqual(retries, [1, 2]);
  });

  test('an error that is not transient fails at once, as it is', async () => {
    let attempts = 0;
    const constraint = withCode('UNIQUE constraint failed', 'SQLITE_CONSTRAINT_UNIQUE');
    await assert.rejects(
      withStoreRetry(async () => {
        attempts += 1;
        throw constraint;
      }, quick),
      (error) => error === constraint,
    );
    assert.equal(attempts, 1);
  });

  test('gives up with the last error when the retries are spent', async () => {
    let attempts = 0;
    await assert.rejects(
      withStoreRetry(
        async () => {
          attempts += 1;
          throw withCode(`database is locked #${attempts}`, 'SQLITE_BUSY');
        },
        { ...quick, retries: 2 },
      ),
      /database is locked #3/,
    );
    assert.equal(attempts, 3);
  });

  test('an aborted signal stops the retries, but never turns an attempt that succeeded into a failure', async () => {
    const controller = new AbortController();
    let attempts = 0;
    await assert.rejects(
      withStoreRetry(
        async () => {
          attempts += 1;
          controller.abort(new Error('stopping'));
          throw withCode('database is locked', 'SQLITE_BUSY');
        },
        { ...quick, signal: controller.signal },
      ),
      /database is locked/,
    );
    assert.equal(attempts, 1);

    const committed = await withStoreRetry(async () => 'committed', { ...quick, signal: controller.signal });
    assert.equal(committed, 'committed');
  });
});
