import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { test } from 'node:test';
import { createLogger } from '../../src/observability/logger.js';
import { defaultServeOptions } from '../../src/server/serve-options.js';
import { startServer } from '../../src/server/start-server.js';
import { systemClock } from '../../src/util/clock.js';
import { healthCollection } from '../helpers/collections.js';
import { ADMIN_TOKEN } from '../helpers/server-harness.js';

test('"run now" twice in the same millisecond queues two runs (the second one 1 ms later), not a 500', async () => {
  const home = await mkdtemp(join(tmpdir(), 'pagewatch-run-now-'));
  const frozenAt = Date.parse('2026-11-27T05:00:00.000Z');
  const server = await startServer(
    {
      ...defaultServeOptions({}),
      home,
      databaseUrl: join(home, 'pagewatch.db'),
      port: 0,
      adminToken: ADMIN_TOKEN,
      secret: 'test-secret-0123456789',
    },
    {
      // Every request is answered at the same instant.
      clock: { now: () => frozenAt, sleep: systemClock.sleep },
      logger: createLogger({
        level: 'silent',
        destination: new Writable({ write: (_c, _e, done) => done() }),
      }),
    },
  );
  try {
    const call = async (method: string, path: string, body?: unknown) => {
      const response = await fetch(`${server.url}${path}`, {
        method,
        headers: {
          authorization: `Bearer ${ADMIN_TOKEN}`,
          ...(body ? { 'content-type': 'application/json' } : {}),
        },
        ...(body ? { body: JSON.stringify(body) } : {}),
      });
      return { status: response.status, body: (await response.json()) as Record<string, unknown> };
    };
    const created = await call('POST', '/api/v1/monitors', {
      name: 'run-now twins',
      collection: healthCollection('http://127.0.0.1:1'),
      schedule: { every: '1h' },
      enabled: false,
    });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    const id = String(created.body.id);
    const [first, second] = await Promise.all([
      call('POST', `/api/v1/monitors/${id}/run`),
      call('POST', `/api/v1/monitors/${id}/run`),
    ]);
    assert.deepEqual([first.status, second.status], [202, 202], JSON.stringify([first.body, second.body]));
    assert.notEqual(first.body.runId, second.body.runId);
    const runs = await Promise.all(
      [first, second].map((answer) => call('GET', `/api/v1/runs/${String(answer.body.runId)}`)),
    );
    assert.deepEqual(
      runs.map((run) => run.status),
      [200, 200],
      'both runs exist',
    );
    const due = runs.map((run) => Date.parse(String(run.body.scheduledAt))).sort();
    assert.deepEqual(due, [frozenAt, frozenAt + 1]);
  } finally {
    await server.close();
    await rm(home, { recursive: true, force: true });
  }
});
