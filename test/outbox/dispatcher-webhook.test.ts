/** The dispatcher delivering to a generic webhook: a real HTTP receiver on 127.0.0.1 checks the signature. */
import assert from 'node:assert/strict';
import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, beforeEach, describe, test } from 'node:test';
import { enqueueDeliveries, getDelivery } from '../../src/outbox/delivery-repository.js';
import { createDispatcher } from '../../src/outbox/dispatcher.js';
import { fetchHttpClient } from '../../src/util/http-client.js';
import { TEST_ENGINES } from '../helpers/stores.js';
import { FakeClock, INTEGRATION_A, newDelivery, targetsOf, withStore } from './helpers.js';

interface Received {
  headers: IncomingHttpHeaders;
  rawBody: Buffer;
}

const SECRET = 'whsec_5f2b1c';

for (const engine of TEST_ENGINES) {
  describe(`dispatcher → webhook on ${engine.name}`, () => {
    let server: Server;
    let url: string;
    let received: Received[];
    let answers: number[];
    before(async () => {
      server = createServer((request, response) => {
        const chunks: Buffer[] = [];
        request.on('data', (chunk: Buffer) => chunks.push(chunk));
        request.on('end', () => {
          received.push({ headers: request.headers, rawBody: Buffer.concat(chunks) });
          const status = answers.shift() ?? 200;
          response.writeHead(status, { 'content-type': 'application/json' });
          response.end(status === 200 ? '{"ok":true}' : '{"error":"busy"}');
        });
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks/pagewatch`;
    });
    after(() => new Promise<void>((resolve) => server.close(() => resolve())));
    beforeEach(() => {
      received = [];
      answers = [];
    });

    test('signed JSON POST: the receiver can verify the HMAC; retries carry the same delivery id', (t) =>
      withStore(engine, t, async (store) => {
        const clock = new FakeClock();
        answers = [503];
        const [row] = await enqueueDeliveries(
          store.db,
          [newDelivery('pagewatch/mon_1')],
          new Date(clock.now()),
        );
        const dispatcher = createDispatcher({
          db: store.db,
          engine: store.engine,
          resolveTarget: targetsOf({ [INTEGRATION_A]: { type: 'webhook', url, secret: SECRET } }),
          http: fetchHttpClient,
          clock,
          options: { random: () => 0 },
        });
        const [first] = await dispatcher.drainOnce();
        assert.equal(first?.outcome.kind, 'retry');
        assert.match(
          (await getDelivery(store.db, row!.id))?.lastError ?? '',
          /^The webhook at http:\/\/127\.0\.0\.1:\d+ answered 503/,
        );
        clock.advance(1_000);
        const [second] = await dispatcher.drainOnce();
        assert.equal(second?.outcome.kind, 'sent');

        assert.equal(received.length, 2);
        for (const { headers, rawBody } of received) {
          // What a receiver does: HMAC the raw bytes as received, compare in constant time, then parse.
          const expected = Buffer.from(
            `sha256=${createHmac('sha256', SECRET).update(rawBody).digest('hex')}`,
          );
          const given = Buffer.from(String(headers['x-pagewatch-signature']));
          assert.ok(
            given.length === expected.length && timingSafeEqual(given, expected),
            'signature verifies',
          );
          assert.deepEqual(JSON.parse(rawBody.toString('utf8')), newDelivery('pagewatch/mon_1').payload);
          assert.equal(headers['content-type'], 'application/json');
          assert.equal(headers['x-pagewatch-delivery'], row!.id);
          assert.equal(headers['x-pagewatch-event'], 'trigger');
        }
        assert.equal(received[1]?.headers['x-pagewatch-timestamp'], String(Math.floor(clock.now() / 1000)));
      }));

    test('a 404 from the receiver fails the row for good', (t) =>
      withStore(engine, t, async (store) => {
        answers = [404];
        const clock = new FakeClock();
        const [row] = await enqueueDeliveries(
          store.db,
          [newDelivery('pagewatch/mon_1')],
          new Date(clock.now()),
        );
        const dispatcher = createDispatcher({
          db: store.db,
          engine: store.engine,
          resolveTarget: targetsOf({ [INTEGRATION_A]: { type: 'webhook', url } }),
          http: fetchHttpClient,
          clock,
        });
        await dispatcher.drainOnce();
        const failed = await getDelivery(store.db, row!.id);
        assert.equal(failed?.status, 'failed');
        assert.match(failed?.lastError ?? '', /refused the event \(404\): \{"error":"busy"\}/);
        assert.equal(received[0]?.headers['x-pagewatch-signature'], undefined, 'no secret, no signature');
      }));
  });
}
