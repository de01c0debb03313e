import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import { startPdSandbox, type PdSandbox } from '../../src/pd-sandbox/index.js';
import { EVENTS_V1_PATH, ROUTING_KEY, assertInvalidEvent, post } from './helpers.js';

function v1Trigger(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    service_key: ROUTING_KEY,
    event_type: 'trigger',
    incident_key: 'srv01/HTTP',
    description: 'FAILURE for production/HTTP on machine srv01.acme.com',
    ...overrides,
  };
}

describe('pd-sandbox: Events API v1 (POST /generic/2010-04-15/create_event.json)', () => {
  let sandbox: PdSandbox;
  before(async () => {
    sandbox = await startPdSandbox();
  });
  after(() => sandbox.close());
  beforeEach(() => sandbox.reset());

  const send = (body: unknown) => post(sandbox.url, EVENTS_V1_PATH, body);

  test('a trigger is answered 200 (not 202) with the incident key', async () => {
    const reply = await send(
      v1Trigger({
        client: 'Sample Monitoring Service',
        client_url: 'https://monitoring.service.com',
        details: { 'ping time': '1500ms' },
        contexts: [
          { type: 'link', href: 'http://acme.pagerduty.com', text: 'View in custom tool' },
          { type: 'image', src: 'https://chart.example.com/chart.png' },
        ],
      }),
    );
    assert.equal(reply.status, 200);
    assert.deepEqual(reply.body, {
      status: 'success',
      message: 'Event processed',
      incident_key: 'srv01/HTTP',
    });
  });

  test('a trigger without incident_key gets a generated one', async () => {
    const reply = await send(v1Trigger({ incident_key: undefined }));
    assert.equal(reply.status, 200);
    assert.match((reply.body as { incident_key: string }).incident_key, /^[0-9a-f]{32}$/);
  });

  test('v1 events drive the same alerts: service_key is the routing key, incident_key the dedup key', async () => {
    await send(v1Trigger());
    await send({ service_key: ROUTING_KEY, event_type: 'acknowledge', incident_key: 'srv01/HTTP' });
    const [alert] = sandbox.alerts();
    assert.equal(alert?.status, 'acknowledged');
    assert.equal(alert?.dedupKey, 'srv01/HTTP');
    assert.equal(alert?.summary, 'FAILURE for production/HTTP on machine srv01.acme.com');
    assert.equal(alert?.severity, null);
    await send({ service_key: ROUTING_KEY, event_type: 'resolve', incident_key: 'srv01/HTTP' });
    assert.equal(sandbox.alerts()[0]?.status, 'resolved');
  });

  test('service_key of the wrong length', async () => {
    assertInvalidEvent(await send(v1Trigger({ service_key: 'abc' })), [
      'Length of service_key is incorrect (should be 32 characters)',
    ]);
  });

  test('missing service_key', async () => {
    assertInvalidEvent(await send(v1Trigger({ service_key: undefined })), [
      'service_key is missing or blank',
    ]);
  });

  test('unknown event_type, in the words of PagerDuty v1 docs', async () => {
    assertInvalidEvent(await send(v1Trigger({ event_type: 'create' })), [
      'event_type is invalid (must be one of: trigger acknowledge resolve)',
    ]);
  });

  test('incident_key over 255 characters', async () => {
    assertInvalidEvent(await send(v1Trigger({ incident_key: 'i'.repeat(256) })), [
      'incident_key is too long (maximum is 255 characters)',
    ]);
  });

  test('acknowledge without incident_key', async () => {
    assertInvalidEvent(await send({ service_key: ROUTING_KEY, event_type: 'acknowledge' }), [
      'incident_key is missing or blank',
    ]);
  });

  test('trigger without description', async () => {
    assertInvalidEvent(await send(v1Trigger({ description: undefined })), [
      'Description is missing or blank',
    ]);
  });

  test('description of 1025 characters is rejected; 1024 is accepted', async () => {
    assertInvalidEvent(await send(v1Trigger({ description: 'd'.repeat(1025) })), [
      'Description is too long (maximum is 1024 characters)',
    ]);
    assert.equal((await send(v1Trigger({ description: 'd'.repeat(1024) }))).status, 200);
  });

  test('contexts: image src must be https, link needs href, type must be known', async () => {
    const reply = await send(
      v1Trigger({
        contexts: [
          { type: 'image', src: 'http://insecure.example/x.png' },
          { type: 'link' },
          { type: 'video' },
        ],
      }),
    );
    assertInvalidEvent(reply, [
      'contexts[0].src must be an https URL (images must be served via HTTPS)',
      'contexts[1].href is missing or blank',
      'contexts[2].type is invalid (must be one of: link image)',
    ]);
  });

  test('details that is not an object', async () => {
    assertInvalidEvent(await send(v1Trigger({ details: ['a'] })), ['details must be a JSON object']);
  });

  test('a body that is not JSON is a 400 with a JSON body', async () => {
    const reply = await send('service_key=abc');
    assert.equal(reply.status, 400);
    assert.equal((reply.body as { status: string }).status, 'Unrecognized object');
  });
});
