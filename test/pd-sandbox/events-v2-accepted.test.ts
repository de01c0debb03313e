import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import { startPdSandbox, type PdSandbox } from '../../src/pd-sandbox/index.js';
import { EVENTS_V2_PATH, RULESET_KEY, followUpEvent, post, triggerEvent } from './helpers.js';

describe('pd-sandbox: Events API v2 accepted events (POST /v2/enqueue)', () => {
  let sandbox: PdSandbox;
  before(async () => {
    sandbox = await startPdSandbox();
  });
  after(() => sandbox.close());
  beforeEach(() => sandbox.reset());

  const send = (body: unknown) => post(sandbox.url, EVENTS_V2_PATH, body);

  test('a trigger with a dedup key is answered 202 with exactly PagerDuty success body', async () => {
    const reply = await send(triggerEvent());
    assert.equal(reply.status, 202);
    assert.deepEqual(reply.body, {
      status: 'success',
      message: 'Event processed',
      dedup_key: 'pagewatch/monitor-1',
    });
  });

  test('a trigger without a dedup key gets a generated 32-hex key, returned and used for the alert', async () => {
    const reply = await send(triggerEvent({ dedup_key: undefined }));
    assert.equal(reply.status, 202);
    const { dedup_key: generated, ...rest } = reply.body as { dedup_key: string };
    assert.deepEqual(rest, { status: 'success', message: 'Event processed' });
    assert.match(generated, /^[0-9a-f]{32}$/);
    assert.equal(sandbox.alerts()[0]?.dedupKey, generated);
  });

  test('acknowledge and resolve are answered 202 with the dedup key', async () => {
    await send(triggerEvent());
    for (const action of ['acknowledge', 'resolve'] as const) {
      const reply = await send(followUpEvent(action));
      assert.equal(reply.status, 202);
      assert.deepEqual(reply.body, {
        status: 'success',
        message: 'Event processed',
        dedup_key: 'pagewatch/monitor-1',
      });
    }
  });

  test('the full PD-CEF example (timestamp with +0000, links, images, client fields, extra fields) is accepted', async () => {
    const reply = await send(
      triggerEvent(
        {
          links: [{ href: 'https://example.com/', text: 'Link text' }, { href: 'https://example.com/2' }],
          images: [{ src: 'https://example.com/graph.png', href: 'https://example.com/', alt: 'graph' }],
          client: 'pagewatch',
          client_url: 'https://pagewatch.example.com/monitors/1',
          some_future_field: true,
        },
        {
          timestamp: '2015-07-17T08:42:58.315+0000',
          component: 'postgres',
          group: 'prod-datapipe',
          class: 'deploy',
          custom_details: { 'ping time': '1500ms', 'load avg': 0.75 },
        },
      ),
    );
    assert.equal(reply.status, 202);
  });

  test('a ruleset routing key (R + 31 characters) is accepted', async () => {
    const reply = await send(triggerEvent({ routing_key: RULESET_KEY }));
    assert.equal(reply.status, 202);
  });

  test('a summary of exactly 1024 characters is accepted, counted as characters not UTF-16 units', async () => {
    assert.equal((await send(triggerEvent({}, { summary: 'x'.repeat(1024) }))).status, 202);
    const emoji = '🔥'.repeat(1024); // 2048 UTF-16 units, 1024 characters
    assert.equal((await send(triggerEvent({ dedup_key: 'emoji' }, { summary: emoji }))).status, 202);
  });

  test('a dedup key of exactly 255 characters is accepted', async () => {
    assert.equal((await send(triggerEvent({ dedup_key: 'k'.repeat(255) }))).status, 202);
  });

  test('timestamps in the usual ISO-8601 forms are accepted', async () => {
    for (const timestamp of [
      '2026-03-01T12:00:00Z',
      '2026-03-01T12:00:00.123+01:00',
      '2026-03-01T12:00',
      '2026-03-01',
    ]) {
      const reply = await send(triggerEvent({}, { timestamp }));
      assert.equal(reply.status, 202, timestamp);
    }
  });

  test('payload fields are not checked on resolve (PagerDuty ignores them there)', async () => {
    const reply = await send(followUpEvent('resolve', { payload: { summary: '', severity: 'nope' } }));
    assert.equal(reply.status, 202);
  });

  test('a body of exactly 512 000 bytes is accepted', async () => {
    const skeleton = JSON.stringify(triggerEvent({}, { custom_details: { padding: '' } }));
    const padding = 'x'.repeat(512_000 - Buffer.byteLength(skeleton));
    const body = JSON.stringify(triggerEvent({}, { custom_details: { padding } }));
    assert.equal(Buffer.byteLength(body), 512_000);
    assert.equal((await send(body)).status, 202);
  });
});
