import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { PagewatchError } from '../../../src/errors/pagewatch-error.js';
import {
  buildChangeEvent,
  buildTriggerEvent,
  buildV1Event,
  DETAILS_REMOVED_NOTE,
  DETAILS_TRIMMED_NOTE,
  MAX_EVENT_BYTES,
  serializedEventBytes,
  type RunCustomDetails,
  type TriggerEventInput,
} from '../../../src/notifiers/pagerduty/index.js';
import type { RequestExecution } from '../../../src/runner/run-result.js';
import { DEDUP_KEY, failingExecution, ROUTING_KEY, runResult } from './fakes.js';

function manyFailures(count: number, messageChars: number): RequestExecution[] {
  return Array.from({ length: count }, (_, index) =>
    failingExecution({
      name: `Request ${index}`,
      url: `https://shop.example.test/items/${index}?q=${'q'.repeat(200)}`,
      iteration: index,
      error: `boom ${index} ${'e'.repeat(messageChars)}`,
      assertions: [
        { name: `status ${index}`, passed: false, error: `expected ${'a'.repeat(messageChars)}` },
        { name: 'unicode', passed: false, error: 'ü€😀'.repeat(Math.ceil(messageChars / 4)) },
      ],
    }),
  );
}

function input(
  executions: RequestExecution[],
  overrides: Partial<TriggerEventInput> = {},
): TriggerEventInput {
  return {
    routingKey: ROUTING_KEY,
    dedupKey: DEDUP_KEY,
    monitorName: 'Checkout API',
    source: 'probe',
    result: runResult({ executions }),
    ...overrides,
  };
}

function details(
  event: ReturnType<typeof buildTriggerEvent>,
): Partial<RunCustomDetails> & Record<string, unknown> {
  return event.payload.custom_details as Partial<RunCustomDetails> & Record<string, unknown>;
}

describe('trigger events stay within 512 KB', () => {
  it('leaves an event that fits alone', () => {
    const event = buildTriggerEvent(input(manyFailures(3, 100)));
    assert.equal(details(event).note, undefined);
    assert.equal(details(event).failingRequests?.length, 3);
  });

  it('cuts long messages first, keeping every failing request when that is enough', () => {
    const event = buildTriggerEvent(input(manyFailures(5, 200_000)));
    const bytes = serializedEventBytes(event);
    assert.ok(bytes <= MAX_EVENT_BYTES, `${bytes} bytes`);
    assert.equal(details(event).note, DETAILS_TRIMMED_NOTE);
    assert.equal(details(event).failingRequests?.length, 5);
    assert.equal(details(event).omittedFailingRequests, undefined);
    assert.ok(details(event).failingRequests?.every((request) => (request.error ?? '').endsWith('…')));
  });

  it('shrinks thousands of failing requests with huge messages: byte length ≤ MAX_EVENT_BYTES (512 000), list shortened', () => {
    const event = buildTriggerEvent(input(manyFailures(3000, 2000)));
    const bytes = serializedEventBytes(event);
    assert.ok(bytes <= MAX_EVENT_BYTES, `${bytes} bytes`);
    assert.ok(bytes > MAX_EVENT_BYTES - 20_000, 'keeps as much as fits, not just a stub');
    const kept = details(event).failingRequests?.length ?? 0;
    assert.ok(kept > 0 && kept < 3000, `kept ${kept}`);
    assert.equal(details(event).omittedFailingRequests, 3000 - kept);
    assert.equal(details(event).note, DETAILS_TRIMMED_NOTE);
    assert.equal(
      event.payload.summary.length <= 1024 && event.payload.summary.startsWith('Checkout API failed'),
      true,
    );
  });

  it('replaces custom_details with a note when even one failing request does not fit', () => {
    const event = buildTriggerEvent(input(manyFailures(10, 5000), { maxBytes: 2500 }));
    assert.ok(serializedEventBytes(event) <= 2500);
    assert.deepEqual(event.payload.custom_details, { note: DETAILS_REMOVED_NOTE, failingRequestCount: 10 });
  });

  it('then cuts the summary, never the keys', () => {
    const executions = [
      failingExecution({ assertions: [{ name: 'a', passed: false, error: 'z'.repeat(3000) }] }),
    ];
    const event = buildTriggerEvent(input(executions, { component: 'c'.repeat(400), maxBytes: 1200 }));
    assert.ok(serializedEventBytes(event) <= 1200);
    assert.ok(event.payload.summary.endsWith('…'));
    assert.ok(event.payload.summary.length < 1024);
    assert.equal(event.dedup_key, DEDUP_KEY);
    assert.equal(event.routing_key, ROUTING_KEY);
  });

  it('refuses with PW_ERR_PAYLOAD_TOO_LARGE rather than send an event that cannot fit', () => {
    assert.throws(
      () => buildTriggerEvent(input(manyFailures(1, 10), { source: 's'.repeat(MAX_EVENT_BYTES) })),
      (error: unknown) => error instanceof PagewatchError && error.code === 'PW_ERR_PAYLOAD_TOO_LARGE',
    );
  });
});

describe('change and v1 events stay within 512 KB', () => {
  it('change event: custom_details replaced by a note', () => {
    const event = buildChangeEvent({
      routingKey: ROUTING_KEY,
      summary: 'Monitor edited',
      customDetails: { diff: 'd'.repeat(MAX_EVENT_BYTES) },
    });
    assert.ok(serializedEventBytes(event) <= MAX_EVENT_BYTES);
    assert.match(String(event.payload.custom_details?.note), /removed/);
    assert.equal(event.payload.summary, 'Monitor edited');
  });

  it('v1 event: details replaced by a note', () => {
    const event = buildV1Event({
      serviceKey: ROUTING_KEY,
      eventType: 'trigger',
      incidentKey: DEDUP_KEY,
      description: 'Checkout API failed',
      details: { log: 'l'.repeat(MAX_EVENT_BYTES) },
    });
    assert.ok(serializedEventBytes(event) <= MAX_EVENT_BYTES);
    assert.match(String(event.details?.note), /removed/);
  });
});

describe('last resort before refusing', () => {
  it('drops links when the event is still over after the details and summary shrank', () => {
    const links = [{ href: `https://pagewatch.example.test/${'l'.repeat(5000)}` }];
    const event = buildTriggerEvent(input(manyFailures(2, 10), { links, maxBytes: 2000 }));
    assert.ok(serializedEventBytes(event) <= 2000);
    assert.equal(event.links, undefined);
    assert.equal(event.dedup_key, DEDUP_KEY);
  });
});
