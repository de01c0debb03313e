import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { describe, test } from 'node:test';
import { PermanentDeliveryError, TransientDeliveryError } from '../../../src/errors/pagewatch-error.js';
import {
  sendWebhook,
  signWebhookBody,
  verifyWebhookSignature,
} from '../../../src/notifiers/webhook/index.js';
import type { Clock } from '../../../src/util/clock.js';
import type { HttpClient, HttpRequest, HttpResponse } from '../../../src/util/http-client.js';

const clock: Clock = { now: () => Date.parse('2026-03-01T12:00:00.000Z'), sleep: async () => undefined };
const URL_WITH_TOKEN = 'https://hooks.example.test/services/T000/B000/XXXXsecrettoken?sig=abc';
const payload = {
  event_action: 'trigger',
  dedup_key: 'pagewatch/mon_1',
  payload: { summary: 'Checkout is down' },
};

/** An HttpClient that answers `response` and remembers the requests. */
function answering(response: Partial<HttpResponse>): { http: HttpClient; requests: HttpRequest[] } {
  const requests: HttpRequest[] = [];
  return {
    requests,
    http: async (request) => {
      requests.push(request);
      return { status: 200, headers: {}, body: '', ...response };
    },
  };
}

describe('sendWebhook', () => {
  test('POSTs the payload as JSON, signed with HMAC-SHA256 of the raw body, with timestamp and delivery id', async () => {
    const { http, requests } = answering({ status: 204 });
    const result = await sendWebhook(
      payload,
      { url: URL_WITH_TOKEN, secret: 's3cret' },
      { http, clock, deliveryId: 'dlv_1', event: 'trigger', timeoutMs: 1_234 },
    );
    assert.deepEqual(result, { status: 204 });
    const [request] = requests;
    assert.equal(request?.method, 'POST');
    assert.equal(request?.url, URL_WITH_TOKEN);
    assert.equal(request?.timeoutMs, 1_234);
    assert.equal(request?.body, JSON.stringify(payload));
    const expected = createHmac('sha256', 's3cret').update(request!.body!).digest('hex');
    assert.equal(request?.headers['x-pagewatch-signature'], `sha256=${expected}`);
    assert.equal(
      request?.headers['x-pagewatch-timestamp'],
      String(Date.parse('2026-03-01T12:00:00.000Z') / 1000),
    );
    assert.equal(request?.headers['x-pagewatch-delivery'], 'dlv_1');
    assert.equal(request?.headers['x-pagewatch-event'], 'trigger');
    assert.equal(request?.headers['content-type'], 'application/json');
  });

  test('without a secret there is no signature header', async () => {
    const { http, requests } = answering({ status: 200 });
    await sendWebhook(payload, { url: 'http://127.0.0.1:9/hook' }, { http, clock });
    assert.equal(requests[0]?.headers['x-pagewatch-signature'], undefined);
    assert.equal(requests[0]?.headers['x-pagewatch-delivery'], undefined);
  });

  const cases: {
    status: number;
    headers?: Record<string, string>;
    expect: 'ok' | 'permanent' | 'transient';
    retryAfterMs?: number;
  }[] = [
    { status: 200, expect: 'ok' },
    { status: 202, expect: 'ok' },
    { status: 299, expect: 'ok' },
    { status: 301, headers: { location: 'https://elsewhere.example.test/' }, expect: 'permanent' },
    { status: 400, expect: 'permanent' },
    { status: 401, expect: 'permanent' },
    { status: 404, expect: 'permanent' },
    { status: 410, expect: 'permanent' },
    { status: 408, expect: 'transient' },
    { status: 429, headers: { 'retry-after': '30' }, expect: 'transient', retryAfterMs: 30_000 },
    {
      status: 429,
      headers: { 'retry-after': 'Sun, 01 Mar 2026 12:01:00 GMT' },
      expect: 'transient',
      retryAfterMs: 60_000,
    },
    { status: 500, expect: 'transient' },
    { status: 503, headers: { 'retry-after': '5' }, expect: 'transient', retryAfterMs: 5_000 },
  ];
  for (const { status, headers = {}, expect, retryAfterMs } of cases) {
    test(`${status}${headers['retry-after'] ? ` with Retry-After ${headers['retry-after']}` : ''} → ${expect}`, async () => {
      const { http } = answering({ status, headers, body: '<html><body>Nope:   go\naway</body></html>' });
      const sending = sendWebhook(payload, { url: URL_WITH_TOKEN }, { http, clock });
      if (expect === 'ok') return assert.deepEqual(await sending, { status });
      await assert.rejects(sending, (error: unknown) => {
        const type = expect === 'permanent' ? PermanentDeliveryError : TransientDeliveryError;
        assert.ok(error instanceof type, `a ${type.name}, got ${String(error)}`);
        assert.equal(error.status, status);
        assert.match(error.message, new RegExp(`^The webhook at https://hooks\\.example\\.test .*${status}`));
        assert.doesNotMatch(
          error.message,
          /secrettoken|sig=/,
          'the URL path and query (often a token) stay out',
        );
        if (status >= 400) assert.match(error.message, /<html><body>Nope: go away<\/body><\/html>/);
        if (error instanceof TransientDeliveryError) assert.equal(error.retryAfterMs, retryAfterMs);
        return true;
      });
    });
  }

  test('a network error is transient and says why', async () => {
    const http: HttpClient = async () => {
      throw new TypeError('fetch failed', { cause: new Error('getaddrinfo ENOTFOUND hooks.example.test') });
    };
    await assert.rejects(sendWebhook(payload, { url: URL_WITH_TOKEN }, { http, clock }), (error: unknown) => {
      assert.ok(error instanceof TransientDeliveryError);
      assert.equal(
        error.message,
        'Could not reach the webhook at https://hooks.example.test: fetch failed: getaddrinfo ENOTFOUND hooks.example.test',
      );
      return true;
    });
  });

  test('a URL that is not http(s) is permanent, and nothing is sent', async () => {
    const { http, requests } = answering({});
    for (const url of ['ftp://example.test/hook', 'not a url']) {
      await assert.rejects(sendWebhook(payload, { url }, { http, clock }), PermanentDeliveryError);
    }
    assert.equal(requests.length, 0);
  });
});

describe('webhook signatures', () => {
  test('verifyWebhookSignature accepts the signature of the exact bytes only', () => {
    const body = JSON.stringify(payload);
    const signature = signWebhookBody(body, 'k');
    assert.match(signature, /^sha256=[0-9a-f]{64}$/);
    assert.equal(verifyWebhookSignature(body, 'k', signature), true);
    assert.equal(verifyWebhookSignature(`${body} `, 'k', signature), false);
    assert.equal(verifyWebhookSignature(body, 'other', signature), false);
    assert.equal(verifyWebhookSignature(body, 'k', signature.slice(0, -1)), false);
    assert.equal(verifyWebhookSignature(body, 'k', undefined), false);
    assert.equal(verifyWebhookSignature(body, 'k', signature.replace('sha256=', 'sha1=')), false);
  });
});
