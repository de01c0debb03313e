/**
 * The sender over a real socket, against servers this test starts on 127.0.0.1 (never any other host), to check
 * what the fakes assume about fetch: status and headers arrive, and a refused connection names its cause.
 */
import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { PermanentDeliveryError, TransientDeliveryError } from '../../../src/errors/pagewatch-error.js';
import { buildResolveEvent, sendPagerDutyEvent } from '../../../src/notifiers/pagerduty/index.js';
import { fetchHttpClient } from '../../../src/util/http-client.js';
import { DEDUP_KEY, ROUTING_KEY } from './fakes.js';

const event = buildResolveEvent({ routingKey: ROUTING_KEY, dedupKey: DEDUP_KEY });

async function readBody(request: IncomingMessage): Promise<string> {
  let body = '';
  for await (const chunk of request) body += String(chunk);
  return body;
}

async function listen(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

describe('sendPagerDutyEvent over loopback', () => {
  const received: { url: string | undefined; body: unknown }[] = [];
  const server = createServer((request, response) => {
    void readBody(request).then((body) => {
      received.push({ url: request.url, body: JSON.parse(body) });
      const parsed = JSON.parse(body) as { dedup_key?: string };
      if (parsed.dedup_key === 'bad') {
        response.writeHead(400, { 'content-type': 'application/json' });
        response.end(JSON.stringify({ status: 'invalid event', errors: ["'dedup_key' is invalid"] }));
        return;
      }
      if (parsed.dedup_key === 'busy') {
        response.writeHead(429, { 'content-type': 'application/json', 'retry-after': '3' });
        response.end('{}');
        return;
      }
      response.writeHead(202, { 'content-type': 'application/json' });
      response.end(
        JSON.stringify({ status: 'success', message: 'Event processed', dedup_key: parsed.dedup_key }),
      );
    });
  });
  let baseUrl = '';
  before(async () => {
    baseUrl = await listen(server);
  });
  after(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('delivers and reads the 202', async () => {
    const result = await sendPagerDutyEvent(event, {
      http: fetchHttpClient,
      kind: 'v2',
      baseUrl: `${baseUrl}/`,
    });
    assert.deepEqual(result, { status: 202, message: 'Event processed', dedupKey: DEDUP_KEY });
    assert.deepEqual(received.at(-1), { url: '/v2/enqueue', body: event });
  });

  it('surfaces a 400 and reads Retry-After on a 429', async () => {
    await assert.rejects(
      sendPagerDutyEvent({ ...event, dedup_key: 'bad' }, { http: fetchHttpClient, kind: 'v2', baseUrl }),
      (error: unknown) =>
        error instanceof PermanentDeliveryError && /'dedup_key' is invalid/.test(error.message),
    );
    await assert.rejects(
      sendPagerDutyEvent({ ...event, dedup_key: 'busy' }, { http: fetchHttpClient, kind: 'v2', baseUrl }),
      (error: unknown) => error instanceof TransientDeliveryError && error.retryAfterMs === 3000,
    );
  });

  it('reports a refused connection as transient, naming the cause', async () => {
    // A port that was just ours and is now closed: nothing listens there.
    const closed = createServer();
    const closedUrl = await listen(closed);
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    await assert.rejects(
      sendPagerDutyEvent(event, { http: fetchHttpClient, kind: 'v2', baseUrl: closedUrl }),
      (error: unknown) => {
        assert.ok(error instanceof TransientDeliveryError);
        assert.match(error.message, /ECONNREFUSED 127\.0\.0\.1:\d+/);
        return true;
      },
    );
  });
});
