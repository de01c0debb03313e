import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { PagewatchError } from '../../../src/errors/pagewatch-error.js';
import { buildChangeEvent, buildV1Event, type V1EventInput } from '../../../src/notifiers/pagerduty/index.js';
import { DEDUP_KEY, ROUTING_KEY } from './fakes.js';

function validationPath(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (error) {
    assert.ok(error instanceof PagewatchError);
    assert.equal(error.code, 'PW_ERR_VALIDATION');
    return error.details[0]?.path;
  }
  assert.fail('expected a PW_ERR_VALIDATION');
}

describe('buildV1Event', () => {
  it('builds a trigger with client and client_url in the body', () => {
    assert.deepEqual(
      buildV1Event({
        serviceKey: ROUTING_KEY,
        eventType: 'trigger',
        incidentKey: DEDUP_KEY,
        description: 'Checkout API failed',
        details: { runStatus: 'failure' },
        clientUrl: 'https://pagewatch.example.test/m/1',
      }),
      {
        service_key: ROUTING_KEY,
        event_type: 'trigger',
        incident_key: DEDUP_KEY,
        description: 'Checkout API failed',
        details: { runStatus: 'failure' },
        client: 'pagewatch',
        client_url: 'https://pagewatch.example.test/m/1',
      },
    );
  });

  it('builds acknowledge and resolve with the incident key only', () => {
    for (const eventType of ['acknowledge', 'resolve'] as const) {
      assert.deepEqual(buildV1Event({ serviceKey: ROUTING_KEY, eventType, incidentKey: DEDUP_KEY }), {
        service_key: ROUTING_KEY,
        event_type: eventType,
        incident_key: DEDUP_KEY,
      });
    }
  });

  it('cuts a long description to 1024 characters with an ellipsis', () => {
    const event = buildV1Event({
      serviceKey: ROUTING_KEY,
      eventType: 'trigger',
      description: 'd'.repeat(2000),
    });
    assert.equal(event.description?.length, 1024);
    assert.ok(event.description?.endsWith('…'));
  });

  const invalid: { name: string; input: V1EventInput; path: string }[] = [
    {
      name: 'trigger without description',
      input: { serviceKey: ROUTING_KEY, eventType: 'trigger' },
      path: 'description',
    },
    {
      name: 'resolve without incident key',
      input: { serviceKey: ROUTING_KEY, eventType: 'resolve' },
      path: 'incident_key',
    },
    {
      name: 'incident key over 255',
      input: { serviceKey: ROUTING_KEY, eventType: 'acknowledge', incidentKey: 'k'.repeat(256) },
      path: 'incident_key',
    },
    {
      name: 'short service key',
      input: { serviceKey: 'abc', eventType: 'resolve', incidentKey: DEDUP_KEY },
      path: 'service_key',
    },
    {
      name: 'unknown event type',
      input: { serviceKey: ROUTING_KEY, eventType: 'close' as 'resolve', incidentKey: DEDUP_KEY },
      path: 'event_type',
    },
  ];
  for (const { name, input, path } of invalid) {
    it(`rejects ${name} (${path})`, () =>
      assert.equal(
        validationPath(() => buildV1Event(input)),
        path,
      ));
  }
});

describe('buildChangeEvent', () => {
  it('builds the change event shape', () => {
    assert.deepEqual(
      buildChangeEvent({
        routingKey: ROUTING_KEY,
        summary: 'Monitor "Checkout API" edited',
        source: 'pagewatch',
        timestamp: '2025-03-01T10:00:00.000Z',
        customDetails: { editedBy: 'ada' },
        links: [{ href: 'https://pagewatch.example.test/m/1', text: 'Monitor' }],
      }),
      {
        routing_key: ROUTING_KEY,
        payload: {
          summary: 'Monitor "Checkout API" edited',
          source: 'pagewatch',
          timestamp: '2025-03-01T10:00:00.000Z',
          custom_details: { editedBy: 'ada' },
        },
        links: [{ href: 'https://pagewatch.example.test/m/1', text: 'Monitor' }],
      },
    );
  });

  it('leaves optional fields out', () => {
    assert.deepEqual(buildChangeEvent({ routingKey: ROUTING_KEY, summary: 'Maintenance started' }), {
      routing_key: ROUTING_KEY,
      payload: { summary: 'Maintenance started' },
    });
  });

  it('cuts the summary to 1024 with an ellipsis and rejects a blank one', () => {
    const event = buildChangeEvent({ routingKey: ROUTING_KEY, summary: 's'.repeat(1025) });
    assert.equal(event.payload.summary.length, 1024);
    assert.ok(event.payload.summary.endsWith('…'));
    assert.equal(
      validationPath(() => buildChangeEvent({ routingKey: ROUTING_KEY, summary: ' ' })),
      'payload.summary',
    );
    assert.equal(
      validationPath(() => buildChangeEvent({ routingKey: 'x', summary: 'ok' })),
      'routing_key',
    );
  });
});
