import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  PagewatchError,
  PermanentDeliveryError,
  TransientDeliveryError,
} from '../../../src/errors/pagewatch-error.js';
import {
  buildResolveEvent,
  buildV1Event,
  sendPagerDutyEvent,
  type PagerDutyEventKind,
} from '../../../src/notifiers/pagerduty/index.js';
import type { HttpResponse } from '../../../src/util/http-client.js';
import { ACCEPTED, DEDUP_KEY, fakeClock, jsonResponse, ROUTING_KEY, scriptedHttpClient } from './fakes.js';

const resolveEvent = buildResolveEvent({ routingKey: ROUTING_KEY, dedupKey: DEDUP_KEY });
const v1Event = buildV1Event({ serviceKey: ROUTING_KEY, eventType: 'resolve', incidentKey: DEDUP_KEY });

type Expected =
  | { ok: { status: number; message: string; dedupKey?: string } }
  | { permanent: RegExp; status: number }
  | { transient: RegExp; status?: number; retryAfterMs?: number };

const clock = fakeClock(Date.parse('2025-03-01T10:00:00.000Z'));

const cases: { name: string; kind: PagerDutyEventKind; answer: HttpResponse | Error; expected: Expected }[] =
  [
    {
      name: '202 → success with the dedup key',
      kind: 'v2',
      answer: ACCEPTED,
      expected: { ok: { status: 202, message: 'Event processed', dedupKey: DEDUP_KEY } },
    },
    {
      name: 'change 202 → success without dedup key',
      kind: 'change',
      answer: jsonResponse(202, { status: 'success', message: 'Change event processed' }),
      expected: { ok: { status: 202, message: 'Change event processed' } },
    },
    {
      name: 'v1 200 → success with the incident key',
      kind: 'v1',
      answer: jsonResponse(200, { status: 'success', message: 'Event processed', incident_key: DEDUP_KEY }),
      expected: { ok: { status: 200, message: 'Event processed', dedupKey: DEDUP_KEY } },
    },
    {
      name: '400 → permanent, surfacing PagerDuty errors text',
      kind: 'v2',
      answer: jsonResponse(400, {
        status: 'invalid event',
        message: 'Event object is invalid',
        errors: ["'payload.summary' is missing or blank"],
      }),
      expected: {
        permanent: /^PagerDuty rejected the event \(400\): 'payload\.summary' is missing or blank$/,
        status: 400,
      },
    },
    {
      name: '400 without errors → permanent with the message',
      kind: 'v2',
      answer: jsonResponse(400, { status: 'invalid event', message: 'Event object is invalid' }),
      expected: { permanent: /\(400\): Event object is invalid/, status: 400 },
    },
    {
      name: '429 with Retry-After seconds → transient with retryAfterMs',
      kind: 'v2',
      answer: jsonResponse(429, { status: 'throttle event' }, { 'retry-after': '30' }),
      expected: { transient: /429 \(rate limited\).*30 s/, status: 429, retryAfterMs: 30_000 },
    },
    {
      name: '429 with Retry-After HTTP-date → transient with the time until then',
      kind: 'v2',
      answer: jsonResponse(429, '', { 'retry-after': 'Sat, 01 Mar 2025 10:00:45 GMT' }),
      expected: { transient: /429/, status: 429, retryAfterMs: 45_000 },
    },
    {
      name: '429 without Retry-After → transient, no retryAfterMs',
      kind: 'v2',
      answer: jsonResponse(429, ''),
      expected: { transient: /429/, status: 429 },
    },
    {
      name: 'v1 403 is its rate limit → transient',
      kind: 'v1',
      answer: jsonResponse(403, { status: 'throttled' }, { 'retry-after': '5' }),
      expected: { transient: /403 \(rate limited\)/, status: 403, retryAfterMs: 5000 },
    },
    {
      name: 'v2 403 → permanent with the body message',
      kind: 'v2',
      answer: jsonResponse(403, { message: 'Forbidden' }),
      expected: { permanent: /\(403\): Forbidden/, status: 403 },
    },
    {
      name: '401 → permanent',
      kind: 'v2',
      answer: jsonResponse(401, { message: 'Unauthorized' }),
      expected: { permanent: /\(401\): Unauthorized/, status: 401 },
    },
    {
      name: '404 with an HTML body → permanent quoting it',
      kind: 'v2',
      answer: { status: 404, headers: {}, body: '<html>\n Not Found </html>' },
      expected: { permanent: /\(404\): <html> Not Found <\/html>/, status: 404 },
    },
    {
      name: '413 → permanent',
      kind: 'v2',
      answer: jsonResponse(413, { message: 'Request Entity Too Large' }),
      expected: { permanent: /\(413\): Request Entity Too Large/, status: 413 },
    },
    {
      name: '500 → transient with status and body',
      kind: 'v2',
      answer: { status: 500, headers: {}, body: 'internal error' },
      expected: { transient: /^PagerDuty answered 500: internal error$/, status: 500 },
    },
    {
      name: '502 → transient',
      kind: 'v2',
      answer: jsonResponse(502, ''),
      expected: { transient: /502/, status: 502 },
    },
    {
      name: '503 → transient, long body cut',
      kind: 'change',
      answer: { status: 503, headers: {}, body: 'x'.repeat(5000) },
      expected: { transient: /^PagerDuty answered 503: x+…$/, status: 503 },
    },
    {
      name: 'network error → transient with the cause message',
      kind: 'v2',
      answer: new TypeError('fetch failed', { cause: new Error('connect ECONNREFUSED 127.0.0.1:1') }),
      expected: { transient: /connect ECONNREFUSED 127\.0\.0\.1:1/ },
    },
    {
      name: 'timeout → transient',
      kind: 'v2',
      answer: new DOMException('The operation was aborted due to timeout', 'TimeoutError'),
      expected: { transient: /aborted due to timeout/ },
    },
    {
      name: 'redirect → permanent (check the events URL)',
      kind: 'v2',
      answer: { status: 301, headers: { location: 'https://elsewhere.example.test/' }, body: '' },
      expected: { permanent: /301.*elsewhere\.example\.test.*events URL/, status: 301 },
    },
  ];

describe('sendPagerDutyEvent classifies PagerDuty answers', () => {
  for (const { name, kind, answer, expected } of cases) {
    it(name, async () => {
      const http = scriptedHttpClient([answer]);
      const sending = sendPagerDutyEvent(kind === 'v1' ? v1Event : resolveEvent, { http, kind, clock });
      if ('ok' in expected) {
        assert.deepEqual(await sending, expected.ok);
      } else if ('permanent' in expected) {
        await assert.rejects(sending, (error: unknown) => {
          assert.ok(error instanceof PermanentDeliveryError, String(error));
          assert.match(error.message, expected.permanent);
          assert.equal(error.status, expected.status);
          return true;
        });
      } else {
        await assert.rejects(sending, (error: unknown) => {
          assert.ok(error instanceof TransientDeliveryError, String(error));
          assert.match(error.message, expected.transient);
          assert.equal(error.status, expected.status);
          assert.equal(error.retryAfterMs, expected.retryAfterMs);
          return true;
        });
      }
      assert.equal(http.requests.length, 1, 'a single attempt');
    });
  }

  it('puts the field PagerDuty names in the error details', async () => {
    const http = scriptedHttpClient([
      jsonResponse(400, { errors: ["'payload.summary' is missing or blank"] }),
    ]);
    await assert.rejects(sendPagerDutyEvent(resolveEvent, { http, kind: 'v2' }), (error: unknown) => {
      assert.ok(error instanceof PermanentDeliveryError);
      assert.deepEqual(error.details, [
        { path: 'payload.summary', message: "'payload.summary' is missing or blank" },
      ]);
      return true;
    });
  });
});

describe('sendPagerDutyEvent requests', () => {
  const endpoints: { kind: PagerDutyEventKind; baseUrl: string | undefined; url: string }[] = [
    { kind: 'v2', baseUrl: undefined, url: 'https://events.pagerduty.com/v2/enqueue' },
    { kind: 'change', baseUrl: undefined, url: 'https://events.pagerduty.com/v2/change/enqueue' },
    {
      kind: 'v1',
      baseUrl: 'https://events.eu.pagerduty.com/',
      url: 'https://events.eu.pagerduty.com/generic/2010-04-15/create_event.json',
    },
    { kind: 'v2', baseUrl: 'http://127.0.0.1:8080/pd//', url: 'http://127.0.0.1:8080/pd/v2/enqueue' },
  ];
  for (const { kind, baseUrl, url } of endpoints) {
    it(`${kind} with base ${baseUrl ?? '(default)'} → POST ${url}`, async () => {
      const http = scriptedHttpClient([kind === 'v1' ? jsonResponse(200, {}) : ACCEPTED]);
      const event = kind === 'v1' ? v1Event : resolveEvent;
      await sendPagerDutyEvent(event, { http, kind, ...(baseUrl ? { baseUrl } : {}), timeoutMs: 2500 });
      const [request] = http.requests;
      assert.ok(request);
      assert.equal(request.method, 'POST');
      assert.equal(request.url, url);
      assert.equal(request.headers['content-type'], 'application/json');
      assert.equal(request.timeoutMs, 2500);
      assert.deepEqual(JSON.parse(request.body ?? ''), event);
    });
  }

  for (const baseUrl of ['ftp://events.pagerduty.com', 'events.pagerduty.com', '']) {
    it(`rejects base URL ${JSON.stringify(baseUrl)} before sending`, async () => {
      const http = scriptedHttpClient([ACCEPTED]);
      await assert.rejects(
        sendPagerDutyEvent(resolveEvent, { http, kind: 'v2', baseUrl }),
        (error: unknown) => {
          assert.ok(error instanceof PagewatchError);
          assert.equal(error.code, 'PW_ERR_VALIDATION');
          assert.equal(error.details[0]?.path, 'baseUrl');
          return true;
        },
      );
      assert.equal(http.requests.length, 0);
    });
  }

  it('refuses to send a hand-built event over 512 KB', async () => {
    const http = scriptedHttpClient([ACCEPTED]);
    const huge = { ...resolveEvent, padding: 'p'.repeat(600_000) };
    await assert.rejects(
      sendPagerDutyEvent(huge, { http, kind: 'v2' }),
      (error: unknown) => error instanceof PagewatchError && error.code === 'PW_ERR_PAYLOAD_TOO_LARGE',
    );
    assert.equal(http.requests.length, 0);
  });
});
