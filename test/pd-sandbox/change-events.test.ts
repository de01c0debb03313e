import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import { startPdSandbox, type PdSandbox } from '../../src/pd-sandbox/index.js';
import { CHANGE_EVENTS_PATH, ROUTING_KEY, RULESET_KEY, assertInvalidEvent, get, post } from './helpers.js';

function changeEvent(
  overrides: Record<string, unknown> = {},
  payload: Record<string, unknown> = {},
): Record<string, unknown> {
  return {
    routing_key: ROUTING_KEY,
    payload: { summary: 'Monitor "checkout" edited: interval 60s → 30s', ...payload },
    ...overrides,
  };
}

describe('pd-sandbox: Change Events (POST /v2/change/enqueue)', () => {
  let sandbox: PdSandbox;
  before(async () => {
    sandbox = await startPdSandbox();
  });
  after(() => sandbox.close());
  beforeEach(() => sandbox.reset());

  const send = (body: unknown) => post(sandbox.url, CHANGE_EVENTS_PATH, body);

  test('a change event is answered 202 with exactly PagerDuty body, recorded, and opens no alert', async () => {
    const reply = await send(
      changeEvent(
        { links: [{ href: 'https://pagewatch.example.com/monitors/1', text: 'Monitor' }] },
        {
          source: 'pagewatch',
          timestamp: '2020-07-17T08:42:58.315+0000',
          custom_details: { build_state: 'passed' },
        },
      ),
    );
    assert.equal(reply.status, 202);
    assert.deepEqual(reply.body, { status: 'success', message: 'Change event processed' });
    assert.deepEqual(sandbox.alerts(), []);

    const listed = await get(sandbox.url, '/sandbox/change-events');
    const { changeEvents } = listed.body as { changeEvents: Record<string, unknown>[] };
    assert.equal(changeEvents.length, 1);
    assert.deepEqual(changeEvents[0], {
      id: 'change-1',
      receivedAt: changeEvents[0]?.receivedAt,
      routingKey: '****************************d1a6',
      summary: 'Monitor "checkout" edited: interval 60s → 30s',
      source: 'pagewatch',
      timestamp: '2020-07-17T08:42:58.315+0000',
      customDetails: { build_state: 'passed' },
      links: [{ href: 'https://pagewatch.example.com/monitors/1', text: 'Monitor' }],
    });
  });

  test('only routing_key and payload.summary are required', async () => {
    assert.equal((await send(changeEvent())).status, 202);
  });

  test('missing routing_key', async () => {
    assertInvalidEvent(await send(changeEvent({ routing_key: undefined })), [
      "'routing_key' is missing or blank",
    ]);
  });

  test('routing_key of the wrong length', async () => {
    assertInvalidEvent(await send(changeEvent({ routing_key: 'x'.repeat(33) })), [
      "Length of 'routing_key' is incorrect (should be 32 characters)",
    ]);
  });

  test('a ruleset key is refused: change events need a service integration key', async () => {
    assertInvalidEvent(await send(changeEvent({ routing_key: RULESET_KEY })), [
      "'routing_key' is a ruleset key (starts with R); change events need a service integration key",
    ]);
  });

  test('payload.summary missing', async () => {
    assertInvalidEvent(await send(changeEvent({}, { summary: undefined })), [
      "'payload.summary' is missing or blank",
    ]);
  });

  test('payload.summary of 1025 characters', async () => {
    assertInvalidEvent(await send(changeEvent({}, { summary: 's'.repeat(1025) })), [
      "'payload.summary' is too long (maximum is 1024 characters)",
    ]);
    assert.deepEqual(sandbox.changeEvents(), []);
  });

  test('payload.timestamp not ISO-8601', async () => {
    assertInvalidEvent(await send(changeEvent({}, { timestamp: '17/07/2020' })), [
      "'payload.timestamp' is not a valid ISO-8601 timestamp",
    ]);
  });

  test('link without href', async () => {
    assertInvalidEvent(await send(changeEvent({ links: [{ text: 'x' }] })), [
      "'links[0].href' is missing or blank",
    ]);
  });

  test('payload missing', async () => {
    assertInvalidEvent(await send(changeEvent({ payload: undefined })), ["'payload' is missing or blank"]);
  });
});
