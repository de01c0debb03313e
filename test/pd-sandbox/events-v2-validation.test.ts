import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import { startPdSandbox, type PdSandbox } from '../../src/pd-sandbox/index.js';
import { EVENTS_V2_PATH, assertInvalidEvent, followUpEvent, post, triggerEvent } from './helpers.js';

describe('pd-sandbox: Events API v2 rejections (POST /v2/enqueue)', () => {
  let sandbox: PdSandbox;
  before(async () => {
    sandbox = await startPdSandbox();
  });
  after(() => sandbox.close());
  beforeEach(() => sandbox.reset());

  const send = (body: unknown) => post(sandbox.url, EVENTS_V2_PATH, body);

  describe('rejected events: 400 invalid event naming the field', () => {
    test('missing routing_key', async () => {
      assertInvalidEvent(await send(triggerEvent({ routing_key: undefined })), [
        "'routing_key' is missing or blank",
      ]);
    });

    test('routing_key of the wrong length', async () => {
      assertInvalidEvent(await send(triggerEvent({ routing_key: 'e93facc04764012d7bfb002500d5d1a' })), [
        "Length of 'routing_key' is incorrect (should be 32 characters)",
      ]);
    });

    test('routing_key that is not a string', async () => {
      assertInvalidEvent(await send(triggerEvent({ routing_key: 12345 })), [
        "'routing_key' must be a string",
      ]);
    });

    test('unknown event_action', async () => {
      assertInvalidEvent(await send(triggerEvent({ event_action: 'escalate' })), [
        "'event_action' is invalid (must be one of: trigger acknowledge resolve)",
      ]);
    });

    test('missing event_action', async () => {
      assertInvalidEvent(await send(triggerEvent({ event_action: undefined })), [
        "'event_action' is missing or blank",
      ]);
    });

    test('dedup_key over 255 characters', async () => {
      assertInvalidEvent(await send(triggerEvent({ dedup_key: 'k'.repeat(256) })), [
        "'dedup_key' is too long (maximum is 255 characters)",
      ]);
    });

    test('acknowledge without dedup_key', async () => {
      assertInvalidEvent(await send(followUpEvent('acknowledge', { dedup_key: undefined })), [
        "'dedup_key' is missing or blank",
      ]);
    });

    test('resolve with a blank dedup_key', async () => {
      assertInvalidEvent(await send(followUpEvent('resolve', { dedup_key: '  ' })), [
        "'dedup_key' is missing or blank",
      ]);
    });

    test('trigger without payload', async () => {
      assertInvalidEvent(await send(triggerEvent({ payload: undefined })), ["'payload' is missing or blank"]);
    });

    test('payload.summary missing', async () => {
      assertInvalidEvent(await send(triggerEvent({}, { summary: undefined })), [
        "'payload.summary' is missing or blank",
      ]);
    });

    test('payload.summary only whitespace', async () => {
      assertInvalidEvent(await send(triggerEvent({}, { summary: ' \n ' })), [
        "'payload.summary' is missing or blank",
      ]);
    });

    test('payload.summary of 1025 characters is rejected, not cut', async () => {
      assertInvalidEvent(await send(triggerEvent({}, { summary: 'x'.repeat(1025) })), [
        "'payload.summary' is too long (maximum is 1024 characters)",
      ]);
      assert.deepEqual(sandbox.alerts(), []);
    });

    test('payload.source empty', async () => {
      assertInvalidEvent(await send(triggerEvent({}, { source: '' })), [
        "'payload.source' is missing or blank",
      ]);
    });

    test('payload.source null', async () => {
      assertInvalidEvent(await send(triggerEvent({}, { source: null })), [
        "'payload.source' is missing or blank",
      ]);
    });

    test('payload.severity not one of the four', async () => {
      assertInvalidEvent(await send(triggerEvent({}, { severity: 'high' })), [
        "'payload.severity' is invalid (must be one of: critical error warning info)",
      ]);
    });

    test('payload.severity missing', async () => {
      assertInvalidEvent(await send(triggerEvent({}, { severity: undefined })), [
        "'payload.severity' is missing or blank",
      ]);
    });

    test('payload.timestamp not ISO-8601', async () => {
      assertInvalidEvent(await send(triggerEvent({}, { timestamp: 'yesterday at noon' })), [
        "'payload.timestamp' is not a valid ISO-8601 timestamp",
      ]);
    });

    test('payload.timestamp that names no real date', async () => {
      assertInvalidEvent(await send(triggerEvent({}, { timestamp: '2026-02-30T10:00:00Z' })), [
        "'payload.timestamp' is not a valid ISO-8601 timestamp",
      ]);
    });

    test('payload.custom_details that is not an object', async () => {
      assertInvalidEvent(await send(triggerEvent({}, { custom_details: 'details' })), [
        "'payload.custom_details' must be a JSON object",
      ]);
    });

    test('payload.component that is not a string', async () => {
      assertInvalidEvent(await send(triggerEvent({}, { component: 42 })), [
        "'payload.component' must be a string",
      ]);
    });

    test('image src that is not https', async () => {
      assertInvalidEvent(await send(triggerEvent({ images: [{ src: 'http://example.com/graph.png' }] })), [
        "'images[0].src' must be an https URL (images must be served via HTTPS)",
      ]);
    });

    test('image without src', async () => {
      assertInvalidEvent(
        await send(triggerEvent({ images: [{ src: 'https://a.example/x.png' }, { alt: 'x' }] })),
        ["'images[1].src' is missing or blank"],
      );
    });

    test('link without href', async () => {
      assertInvalidEvent(await send(triggerEvent({ links: [{ text: 'runbook' }] })), [
        "'links[0].href' is missing or blank",
      ]);
    });

    test('client that is not a string', async () => {
      assertInvalidEvent(await send(triggerEvent({ client: { name: 'pagewatch' } })), [
        "'client' must be a string",
      ]);
    });

    test('every problem is reported at once', async () => {
      const reply = await send({
        routing_key: 'short',
        event_action: 'trigger',
        payload: { summary: '', source: null, severity: 'bad' },
      });
      assertInvalidEvent(reply, [
        "Length of 'routing_key' is incorrect (should be 32 characters)",
        "'payload.summary' is missing or blank",
        "'payload.source' is missing or blank",
        "'payload.severity' is invalid (must be one of: critical error warning info)",
      ]);
    });
  });

  describe('bodies that are not an event', () => {
    test('a body over 512 000 bytes is rejected with 400 invalid event and is not taken', async () => {
      const padding = 'x'.repeat(512_001);
      const body = JSON.stringify(triggerEvent({}, { custom_details: { padding } }));
      const reply = await send(body);
      assertInvalidEvent(reply, [
        `Event is too large: ${Buffer.byteLength(body)} bytes (maximum is 512000 bytes, 512 KB)`,
      ]);
      assert.deepEqual(sandbox.alerts(), []);
      const [logged] = sandbox.events();
      assert.equal(logged?.outcome, 'rejected');
      assert.equal(logged?.bodyBytes, Buffer.byteLength(body));
    });

    test('a body that is not JSON is a 400 naming the parse problem', async () => {
      const reply = await send('{"routing_key": ');
      assert.equal(reply.status, 400);
      const body = reply.body as { status: string; message: string; errors: string[] };
      assert.equal(body.status, 'Unrecognized object');
      assert.equal(body.message, 'Event object format is unrecognized');
      assert.equal(body.errors.length, 1);
      assert.match(body.errors[0] ?? '', /^JSON parse error: /);
    });

    test('an empty body is a 400 with a JSON body', async () => {
      const reply = await send('');
      assert.equal(reply.status, 400);
      assert.deepEqual(reply.body, {
        status: 'Unrecognized object',
        message: 'Event object format is unrecognized',
        errors: ['JSON parse error: the request body is empty'],
      });
    });

    test('JSON that is not an object (an array) is a 400', async () => {
      const reply = await send([triggerEvent()]);
      assert.equal(reply.status, 400);
      assert.deepEqual(reply.body, {
        status: 'Unrecognized object',
        message: 'Event object format is unrecognized',
        errors: ['The event must be a JSON object'],
      });
    });
  });
});
