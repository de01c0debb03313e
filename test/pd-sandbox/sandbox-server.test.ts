import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import { startPdSandbox, type PdSandbox } from '../../src/pd-sandbox/index.js';
import { EVENTS_V2_PATH, get, post, triggerEvent } from './helpers.js';

describe('pd-sandbox: server, inspection API and lifecycle', () => {
  let sandbox: PdSandbox;
  before(async () => {
    sandbox = await startPdSandbox();
  });
  after(() => sandbox.close());
  beforeEach(() => sandbox.reset());

  test('listens on 127.0.0.1 on an ephemeral port by default', () => {
    assert.equal(sandbox.host, '127.0.0.1');
    assert.ok(sandbox.port > 0);
    assert.equal(sandbox.url, `http://127.0.0.1:${sandbox.port}`);
  });

  test('a negative rate limit is a usage error, not a silently dead sandbox', async () => {
    await assert.rejects(startPdSandbox({ rateLimitPerMinute: -1 }), {
      name: 'PagewatchError',
      code: 'PW_ERR_USAGE',
    });
  });

  test('an unknown path is a JSON 404', async () => {
    const reply = await post(sandbox.url, '/v3/enqueue', triggerEvent());
    assert.equal(reply.status, 404);
    assert.deepEqual(reply.body, { status: 'not found', message: 'No such endpoint: /v3/enqueue' });
  });

  test('a wrong method is a JSON 405 with Allow', async () => {
    const reply = await get(sandbox.url, EVENTS_V2_PATH);
    assert.equal(reply.status, 405);
    assert.equal(reply.headers.get('allow'), 'POST');
    assert.equal((reply.body as { status: string }).status, 'method not allowed');
  });

  test('GET /sandbox/events lists every request, rejected ones included, with status, body and outcome', async () => {
    await post(sandbox.url, EVENTS_V2_PATH, triggerEvent());
    await post(sandbox.url, EVENTS_V2_PATH, triggerEvent({}, { severity: 'loud' }));
    await post(sandbox.url, EVENTS_V2_PATH, 'not json');

    const { events } = (await get(sandbox.url, '/sandbox/events')).body as {
      events: {
        id: number;
        httpStatus: number;
        outcome: string;
        body?: Record<string, unknown>;
        rawBody?: string;
        errors?: string[];
      }[];
    };
    assert.deepEqual(
      events.map((event) => [event.id, event.httpStatus, event.outcome]),
      [
        [1, 202, 'accepted'],
        [2, 400, 'rejected'],
        [3, 400, 'rejected'],
      ],
    );
    assert.equal(
      events[0]?.body?.routing_key,
      '****************************d1a6',
      'integration keys are masked',
    );
    assert.deepEqual(events[0]?.body?.payload, triggerEvent().payload);
    assert.deepEqual(events[1]?.errors, [
      "'payload.severity' is invalid (must be one of: critical error warning info)",
    ]);
    assert.equal(events[2]?.rawBody, 'not json');
  });

  test('POST /sandbox/reset forgets alerts, events and faults', async () => {
    await post(sandbox.url, EVENTS_V2_PATH, triggerEvent());
    sandbox.injectFault({ status: 500 });
    const reply = await post(sandbox.url, '/sandbox/reset', {});
    assert.deepEqual(reply, { status: 200, headers: reply.headers, body: { status: 'reset' } });
    assert.deepEqual(sandbox.alerts(), []);
    assert.deepEqual(sandbox.events(), []);
    assert.deepEqual(sandbox.pendingFaults(), []);
  });

  test('close() returns promptly even with a keep-alive connection and a request held by a delay', async () => {
    const own = await startPdSandbox();
    assert.equal((await post(own.url, EVENTS_V2_PATH, triggerEvent())).status, 202); // leaves a keep-alive socket
    own.injectFault({ delayMs: 60_000 });
    const held = post(own.url, EVENTS_V2_PATH, triggerEvent());
    while (own.pendingFaults().length > 0) await new Promise((resolve) => setTimeout(resolve, 5));

    const started = performance.now();
    await own.close();
    assert.ok(performance.now() - started < 1_000, 'close() did not wait for the delay or idle sockets');
    await assert.rejects(held);
    await assert.rejects(fetch(`${own.url}/sandbox/alerts`));
  });
});
