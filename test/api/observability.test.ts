import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { createLogger, redactSecrets } from '../../src/observability/logger.js';
import { createMetrics } from '../../src/observability/metrics.js';

function capture(level?: string) {
  const lines: string[] = [];
  const logger = createLogger({
    ...(level ? { level } : {}),
    destination: { write: (line: string) => void lines.push(line) },
  });
  return { logger, lines, parsed: () => lines.map((line) => JSON.parse(line) as Record<string, unknown>) };
}

describe('logger', () => {
  test('secrets are redacted at any depth and in arrays; other fields are kept', () => {
    const { logger, lines, parsed } = capture();
    const key = 'a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6';
    logger.info(
      {
        integrationKey: key,
        integration: { id: 'int_1', config: { integrationKey: key, severity: 'critical' } },
        event: { routing_key: key, payload: { summary: 'down' } },
        v1: { service_key: key },
        webhook: { secret: key },
        created: { token: `pw_${key}` },
        integrations: [{ config: { integrationKey: key } }],
        req: { headers: { authorization: `Bearer pw_${key}`, accept: 'application/json' } },
      },
      'saving integration',
    );
    assert.equal(lines.length, 1);
    assert.ok(!lines[0]!.includes(key), `no secret in: ${lines[0]}`);
    const line = parsed()[0]!;
    assert.equal(line.msg, 'saving integration');
    assert.equal(line.integrationKey, '[redacted]');
    assert.deepEqual(line.integration, {
      id: 'int_1',
      config: { integrationKey: '[redacted]', severity: 'critical' },
    });
    assert.deepEqual(line.event, { routing_key: '[redacted]', payload: { summary: 'down' } });
    assert.deepEqual(line.req, { headers: { authorization: '[redacted]', accept: 'application/json' } });
  });

  test('child bindings are redacted too, errors keep their message and stack', () => {
    const { logger, lines, parsed } = capture();
    logger.child({ token: 'pw_secretsecret' }).error({ err: new Error('boom') }, 'failed');
    assert.ok(!lines[0]!.includes('pw_secretsecret'));
    const line = parsed()[0]!;
    assert.equal((line.err as { message: string }).message, 'boom');
    assert.match((line.err as { stack: string }).stack, /Error: boom/);
  });

  test('the level defaults to info', () => {
    const { logger, lines } = capture();
    logger.debug('hidden');
    logger.info('shown');
    assert.equal(lines.length, 1);
    assert.equal(capture('debug').logger.level, 'debug');
  });

  test('redactSecrets does not change its input and survives cycles', () => {
    const input: Record<string, unknown> = { secret: 's', nested: { ok: 1 } };
    input.self = input;
    const output = redactSecrets(input);
    assert.equal(input.secret, 's');
    assert.equal(output.secret, '[redacted]');
  });
});

describe('metrics', () => {
  test('each registry is its own: two instances never share counts', async () => {
    const a = createMetrics({ processMetrics: false });
    const b = createMetrics({ processMetrics: false });
    a.runsTotal.inc({ status: 'success' });
    assert.match(await a.registry.metrics(), /pagewatch_runs_total\{status="success"\} 1/);
    assert.doesNotMatch(await b.registry.metrics(), /pagewatch_runs_total\{status="success"\}/);
  });

  test('gauges read their collectors at scrape time; stale statuses disappear; a failing collector keeps the last value and is reported', async () => {
    const failures: string[] = [];
    const metrics = createMetrics({
      processMetrics: false,
      onCollectError: (series) => failures.push(series),
    });
    assert.doesNotMatch(
      await metrics.registry.metrics(),
      /^pagewatch_outbox_depth\{/m,
      'no depth before setCollectors',
    );
    let depth: Record<string, number> = { pending: 2, failed: 1 };
    let open = 4;
    metrics.setCollectors({ openIncidents: async () => open, outboxDepth: async () => depth });
    let text = await metrics.registry.metrics();
    assert.match(text, /^pagewatch_open_incidents 4$/m);
    assert.match(text, /^pagewatch_outbox_depth\{status="failed"\} 1$/m);
    depth = { pending: 0 };
    open = 0;
    text = await metrics.registry.metrics();
    assert.match(text, /^pagewatch_open_incidents 0$/m);
    assert.match(text, /^pagewatch_outbox_depth\{status="pending"\} 0$/m);
    assert.doesNotMatch(text, /status="failed"/);

    metrics.setCollectors({
      openIncidents: async () => {
        throw new Error('db down');
      },
    });
    open = 7;
    text = await metrics.registry.metrics();
    assert.match(text, /^pagewatch_open_incidents 0$/m, 'the last value stays, the scrape still succeeds');
    assert.match(text, /^pagewatch_outbox_depth\{status="pending"\} 0$/m);
    assert.deepEqual(failures, ['pagewatch_open_incidents']);
  });
});
