import assert from 'node:assert/strict';
import { test } from 'node:test';
import { systemClock } from '../../src/util/clock.js';
import { healthCollection } from '../helpers/collections.js';
import { startTestServer } from '../helpers/server-harness.js';

test('"run now" twice in the same millisecond queues two runs (the second one 1 ms later), not a 500', async () => {
  const frozenAt = Date.parse('2026-11-27T05:00:00.000Z');
  // Every request is answered at the same instant.
  const server = await startTestServer(
    'sqlite',
    {},
    { clock: { now: () => frozenAt, sleep: systemClock.sleep } },
  );
  try {
    const created = await server.api<{ id: string }>('POST', '/api/v1/monitors', {
      name: 'run-now twins',
      collection: healthCollection('http://127.0.0.1:1'),
      schedule: { every: '1h' },
      enabled: false,
    });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    const id = created.body.id;
    const [first, second] = await Promise.all([
      server.api<{ runId: string }>('POST', `/api/v1/monitors/${id}/run`),
      server.api<{ runId: string }>('POST', `/api/v1/monitors/${id}/run`),
    ]);
    assert.deepEqual([first.status, second.status], [202, 202], JSON.stringify([first.body, second.body]));
    assert.notEqual(first.body.runId, second.body.runId);
    const runs = await Promise.all(
      [first, second].map((answer) =>
        server.api<{ scheduledAt: string }>('GET', `/api/v1/runs/${answer.body.runId}`),
      ),
    );
    assert.deepEqual(
      runs.map((run) => run.status),
      [200, 200],
      'both runs exist',
    );
    const due = runs.map((run) => Date.parse(run.body.scheduledAt)).sort();
    assert.deepEqual(due, [frozenAt, frozenAt + 1]);
  } finally {
    await server.close();
  }
});
