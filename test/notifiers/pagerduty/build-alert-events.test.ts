import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { PagewatchError } from '../../../src/errors/pagewatch-error.js';
import {
  buildAcknowledgeEvent,
  buildResolveEvent,
  buildTriggerEvent,
  type RunCustomDetails,
  type TriggerEventInput,
} from '../../../src/notifiers/pagerduty/index.js';
import { DEDUP_KEY, failingExecution, ROUTING_KEY, runResult } from './fakes.js';

function triggerInput(overrides: Partial<TriggerEventInput> = {}): TriggerEventInput {
  return {
    routingKey: ROUTING_KEY,
    dedupKey: DEDUP_KEY,
    monitorName: 'Checkout API',
    result: runResult(),
    source: 'probe-eu-1',
    ...overrides,
  };
}

function assertValidationError(fn: () => unknown, field: string): void {
  assert.throws(fn, (error: unknown) => {
    assert.ok(error instanceof PagewatchError, 'a PagewatchError');
    assert.equal(error.code, 'PW_ERR_VALIDATION');
    assert.match(error.message, new RegExp(field.replace('.', '\\.')));
    assert.equal(error.details[0]?.path, field);
    return true;
  });
}

describe('buildTriggerEvent', () => {
  it('uses a given summary instead of the derived one, still cut to 1024 characters', () => {
    assert.equal(
      buildTriggerEvent(triggerInput({ summary: 'Test event from pagewatch' })).payload.summary,
      'Test event from pagewatch',
    );
    const long = buildTriggerEvent(triggerInput({ summary: 'x'.repeat(2000) })).payload.summary;
    assert.equal(long.length, 1024);
    assert.ok(long.endsWith('…'));
  });

  it('builds the Events API v2 trigger with client and client_url at the top level of the body', () => {
    const event = buildTriggerEvent(
      triggerInput({
        clientUrl: 'https://pagewatch.example.test/monitors/mon_checkout',
        component: 'cart',
        group: 'shop',
        class: 'api check',
        links: [{ href: 'https://pagewatch.example.test/runs/1', text: 'Run' }],
      }),
    );
    assert.equal(event.routing_key, ROUTING_KEY);
    assert.equal(event.event_action, 'trigger');
    assert.equal(event.dedup_key, DEDUP_KEY);
    assert.equal(event.client, 'pagewatch');
    assert.equal(event.client_url, 'https://pagewatch.example.test/monitors/mon_checkout');
    assert.deepEqual(event.links, [{ href: 'https://pagewatch.example.test/runs/1', text: 'Run' }]);
    assert.equal(
      event.payload.summary,
      'Checkout API failed: "Get cart" — "status is 200": expected 500 to equal 200',
    );
    assert.equal(event.payload.source, 'probe-eu-1');
    assert.equal(event.payload.severity, 'critical');
    assert.equal(event.payload.timestamp, '2025-03-01T10:00:01.500Z');
    assert.equal(event.payload.component, 'cart');
    assert.equal(event.payload.group, 'shop');
    assert.equal(event.payload.class, 'api check');
    const body = JSON.parse(JSON.stringify(event)) as Record<string, unknown>;
    assert.equal(body.client, 'pagewatch');
    assert.equal(body.client_url, 'https://pagewatch.example.test/monitors/mon_checkout');
    assert.equal((body.payload as Record<string, unknown>).client, undefined);
  });

  it('lists the run and every failing request in custom_details', () => {
    const event = buildTriggerEvent(triggerInput());
    const details = event.payload.custom_details as unknown as RunCustomDetails;
    assert.deepEqual(details, {
      monitor: 'Checkout API',
      runStatus: 'failure',
      startedAt: '2025-03-01T10:00:00.000Z',
      finishedAt: '2025-03-01T10:00:01.500Z',
      durationMs: 1500,
      requests: { total: 2, failed: 1 },
      assertions: { total: 3, failed: 1 },
      failingRequests: [
        {
          name: 'Get cart',
          method: 'GET',
          url: 'https://shop.example.test/cart',
          iteration: 0,
          status: 500,
          responseTimeMs: 120,
          failedAssertions: [{ name: 'status is 200', error: 'expected 500 to equal 200' }],
        },
      ],
    });
  });

  it('keeps credentials of monitored URLs out of the alert', () => {
    const result = runResult({
      executions: [
        failingExecution({ url: 'https://bob:hunter2@shop.example.test/cart?api_key=s3cret&page=2' }),
      ],
    });
    const event = buildTriggerEvent(triggerInput({ result }));
    const serialized = JSON.stringify(event);
    assert.doesNotMatch(serialized, /hunter2|s3cret/);
    assert.match(serialized, /page=2/);
  });

  const sourceCases: { name: string; source: string | undefined; expected: string }[] = [
    { name: 'given', source: 'probe-eu-1', expected: 'probe-eu-1' },
    { name: 'empty', source: '', expected: 'pagewatch' },
    { name: 'blank', source: '   ', expected: 'pagewatch' },
    { name: 'absent', source: undefined, expected: 'pagewatch' },
  ];
  for (const { name, source, expected } of sourceCases) {
    it(`source ${name} → ${JSON.stringify(expected)} (never empty)`, () => {
      assert.equal(buildTriggerEvent(triggerInput({ source })).payload.source, expected);
    });
  }

  for (const severity of ['critical', 'error', 'warning', 'info'] as const) {
    it(`accepts severity ${severity}`, () => {
      assert.equal(buildTriggerEvent(triggerInput({ severity })).payload.severity, severity);
    });
  }
  it('defaults severity to critical (null from JSON config counts as unset)', () => {
    assert.equal(buildTriggerEvent(triggerInput()).payload.severity, 'critical');
    const unset = null as unknown as undefined;
    assert.equal(buildTriggerEvent(triggerInput({ severity: unset })).payload.severity, 'critical');
  });
  for (const severity of ['high', 'CRITICAL', '', 3]) {
    it(`rejects severity ${JSON.stringify(severity)}`, () => {
      assertValidationError(
        () => buildTriggerEvent(triggerInput({ severity: severity as unknown as 'critical' })),
        'payload.severity',
      );
    });
  }

  const dedupCases: { name: string; dedupKey: string; valid: boolean }[] = [
    { name: 'a 1-character key', dedupKey: 'k', valid: true },
    { name: 'a 255-character key', dedupKey: 'k'.repeat(255), valid: true },
    { name: 'a 256-character key', dedupKey: 'k'.repeat(256), valid: false },
    { name: 'an empty key', dedupKey: '', valid: false },
    { name: 'a blank key', dedupKey: '  ', valid: false },
  ];
  for (const { name, dedupKey, valid } of dedupCases) {
    it(`${valid ? 'accepts' : 'rejects'} ${name} and never cuts it`, () => {
      if (valid) assert.equal(buildTriggerEvent(triggerInput({ dedupKey })).dedup_key, dedupKey);
      else assertValidationError(() => buildTriggerEvent(triggerInput({ dedupKey })), 'dedup_key');
    });
  }

  it('says how long a too-long dedup key is', () => {
    assert.throws(() => buildTriggerEvent(triggerInput({ dedupKey: 'k'.repeat(300) })), /at most 255.*300/);
  });

  it('rejects a malformed routing key without echoing it', () => {
    const routingKey = 'not-a-valid-key-but-a-secret-one-xyz9';
    assert.throws(
      () => buildTriggerEvent(triggerInput({ routingKey })),
      (error: unknown) => {
        assert.ok(error instanceof PagewatchError);
        assert.equal(error.code, 'PW_ERR_VALIDATION');
        assert.ok(!error.message.includes(routingKey));
        assert.match(error.message, /routing_key/);
        return true;
      },
    );
  });

  it('uses the given timestamp, and leaves out one that cannot be parsed rather than lose the page', () => {
    assert.equal(
      buildTriggerEvent(triggerInput({ timestamp: '2015-07-17T08:42:58.315+0000' })).payload.timestamp,
      '2015-07-17T08:42:58.315+0000',
    );
    assert.equal(
      buildTriggerEvent(triggerInput({ timestamp: 'yesterday-ish' })).payload.timestamp,
      undefined,
    );
  });

  it('uses the given client name', () => {
    assert.equal(buildTriggerEvent(triggerInput({ client: 'pagewatch eu' })).client, 'pagewatch eu');
  });
});

describe('buildAcknowledgeEvent / buildResolveEvent', () => {
  const builders = [
    { action: 'acknowledge', build: buildAcknowledgeEvent },
    { action: 'resolve', build: buildResolveEvent },
  ] as const;
  for (const { action, build } of builders) {
    it(`${action}: only routing_key, event_action and dedup_key`, () => {
      assert.deepEqual(build({ routingKey: ROUTING_KEY, dedupKey: DEDUP_KEY }), {
        routing_key: ROUTING_KEY,
        event_action: action,
        dedup_key: DEDUP_KEY,
      });
    });
    it(`${action}: requires a dedup key of at most 255 characters`, () => {
      assertValidationError(() => build({ routingKey: ROUTING_KEY, dedupKey: '' }), 'dedup_key');
      assertValidationError(() => build({ routingKey: ROUTING_KEY, dedupKey: 'k'.repeat(256) }), 'dedup_key');
    });
    it(`${action}: rejects a malformed routing key`, () => {
      assertValidationError(() => build({ routingKey: 'short', dedupKey: DEDUP_KEY }), 'routing_key');
    });
  }
});
