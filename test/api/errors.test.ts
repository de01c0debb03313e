import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { z } from 'zod';
import type { ApiRoutePlugin } from '../../src/api/api-types.js';
import { toApiError } from '../../src/api/error-response.js';
import { PagewatchError } from '../../src/errors/pagewatch-error.js';
import { TEST_ENGINES } from '../helpers/stores.js';
import { bearer, startApi, type ApiHarness } from './api-harness.js';

const sqlite = TEST_ENGINES.find((engine) => engine.name === 'sqlite')!;

/** Test-only routes: a schema with nested fields and arrays, and handlers that fail in each way. */
const testRoutes: ApiRoutePlugin = async (api) => {
  api.post(
    '/test/monitors',
    {
      schema: {
        body: z.strictObject({
          name: z.string().min(1),
          schedule: z.object({
            cron: z.string().regex(/^\S+ \S+ \S+ \S+ \S+$/, 'must be a 5-field cron expression'),
          }),
          steps: z.array(z.object({ url: z.url() })).optional(),
        }),
      },
    },
    async (request, reply) => reply.code(201).send(request.body),
  );
  api.get('/test/boom', async () => {
    throw new Error('connect ECONNREFUSED postgres://admin:hunter2@db.internal/pagewatch');
  });
  api.get('/test/conflict', async () => {
    throw new PagewatchError('PW_ERR_CONFLICT', 'A monitor named "Checkout" already exists.', [
      { path: 'name', message: 'already taken' },
    ]);
  });
  api.get(
    '/test/bad-response',
    { schema: { response: { 200: z.object({ count: z.number() }) } } },
    // The handler breaks its own response contract: a server bug, not the client's.
    async () => ({ count: 'many' }) as unknown as { count: number },
  );
};

describe('API errors', () => {
  let api: ApiHarness;
  before(async () => {
    api = await startApi(sqlite, { routes: [testRoutes], bodyLimit: 64 * 1024 });
  });
  after(() => api.close());
  const editor = () => bearer(api.tokens.editor);

  test('a zod validation error is 400 PW_ERR_VALIDATION naming every field path', async () => {
    const response = await api.app.inject({
      method: 'POST',
      url: '/api/v1/test/monitors',
      headers: editor(),
      payload: {
        name: '',
        schedule: { cron: 'every minute' },
        steps: [{ url: 'https://ok.example' }, { url: 'nope' }],
        extra: 1,
      },
    });
    assert.equal(response.statusCode, 400);
    const { error } = response.json();
    assert.equal(error.code, 'PW_ERR_VALIDATION');
    assert.match(error.message, /^The request body is not valid: /);
    const byPath = new Map(
      error.details.map((detail: { path: string; message: string }) => [detail.path, detail.message]),
    );
    assert.equal(byPath.get('schedule.cron'), 'must be a 5-field cron expression');
    assert.ok(byPath.has('name'));
    assert.ok(byPath.has('steps[1].url'), `array index in brackets: ${[...byPath.keys()].join(', ')}`);
    assert.ok(byPath.has('$'), 'the unknown key is reported at the root');
    assert.deepEqual(Object.keys(response.json()), ['error']);
  });

  test('query string validation names the parameter', async () => {
    const response = await api.app.inject({
      method: 'GET',
      url: '/api/v1/tokens?limit=500',
      headers: bearer(api.tokens.admin),
    });
    assert.equal(response.statusCode, 400);
    assert.equal(response.json().error.details[0].path, 'limit');
    assert.match(response.json().error.message, /query string/);
    const badCursor = await api.app.inject({
      method: 'GET',
      url: '/api/v1/tokens?cursor=xyz',
      headers: bearer(api.tokens.admin),
    });
    assert.equal(badCursor.statusCode, 400);
    assert.equal(badCursor.json().error.details[0].path, 'cursor');
  });

  test('malformed JSON is 400 and a non-JSON body is 415, in the API error shape', async () => {
    const malformed = await api.app.inject({
      method: 'POST',
      url: '/api/v1/test/monitors',
      headers: { ...editor(), 'content-type': 'application/json' },
      payload: '{"name": ',
    });
    assert.equal(malformed.statusCode, 400);
    assert.equal(malformed.json().error.code, 'PW_ERR_VALIDATION');
    const xml = await api.app.inject({
      method: 'POST',
      url: '/api/v1/test/monitors',
      headers: { ...editor(), 'content-type': 'application/xml' },
      payload: '<monitor/>',
    });
    assert.equal(xml.statusCode, 415);
    assert.equal(xml.json().error.code, 'PW_ERR_UNSUPPORTED_MEDIA_TYPE');
  });

  test('a body over the limit is 413 PW_ERR_PAYLOAD_TOO_LARGE', async () => {
    const response = await api.app.inject({
      method: 'POST',
      url: '/api/v1/test/monitors',
      headers: { ...editor(), 'content-type': 'application/json' },
      payload: JSON.stringify({ name: 'x'.repeat(70 * 1024), schedule: { cron: '* * * * *' } }),
    });
    assert.equal(response.statusCode, 413);
    assert.equal(response.json().error.code, 'PW_ERR_PAYLOAD_TOO_LARGE');
    assert.match(response.json().error.message, /65536 bytes/);
  });

  test('the default body limit is 5 MB', async () => {
    const big = await startApi(sqlite, { routes: [testRoutes] });
    try {
      const request = (size: number) =>
        big.app.inject({
          method: 'POST',
          url: '/api/v1/test/monitors',
          headers: { ...bearer(big.tokens.editor), 'content-type': 'application/json' },
          payload: JSON.stringify({ name: 'x'.repeat(size), schedule: { cron: '* * * * *' } }),
        });
      assert.equal((await request(4 * 1024 * 1024)).statusCode, 201);
      assert.equal((await request(5 * 1024 * 1024)).statusCode, 413);
    } finally {
      await big.close();
    }
  });

  test('an unknown route is 404 PW_ERR_NOT_FOUND', async () => {
    const response = await api.app.inject({
      method: 'GET',
      url: '/api/v1/monitors/mon_x/nothing?x=1',
      headers: editor(),
    });
    assert.equal(response.statusCode, 404);
    assert.deepEqual(response.json(), {
      error: { code: 'PW_ERR_NOT_FOUND', message: 'No route GET /api/v1/monitors/mon_x/nothing.' },
    });
    const outside = await api.app.inject({ method: 'GET', url: '/nothing' });
    assert.equal(outside.statusCode, 404);
    assert.equal(outside.json().error.code, 'PW_ERR_NOT_FOUND');
  });

  test('a PagewatchError answers with its catalog status, message and details', async () => {
    const response = await api.app.inject({ method: 'GET', url: '/api/v1/test/conflict', headers: editor() });
    assert.equal(response.statusCode, 409);
    assert.deepEqual(response.json(), {
      error: {
        code: 'PW_ERR_CONFLICT',
        message: 'A monitor named "Checkout" already exists.',
        details: [{ path: 'name', message: 'already taken' }],
      },
    });
  });

  test('an unexpected error is 500 PW_ERR_INTERNAL: no message, stack or secret in the body; logged with the request id', async () => {
    const response = await api.app.inject({ method: 'GET', url: '/api/v1/test/boom', headers: editor() });
    assert.equal(response.statusCode, 500);
    const requestId = response.headers['x-request-id'];
    assert.equal(typeof requestId, 'string');
    assert.deepEqual(response.json(), {
      error: {
        code: 'PW_ERR_INTERNAL',
        message: `Internal error; it was logged with request id ${requestId}.`,
      },
    });
    for (const leak of ['hunter2', 'ECONNREFUSED', 'at ', 'stack', '.ts'])
      assert.ok(!response.body.includes(leak), leak);
    const logged = api.logs().find((line) => line.reqId === requestId && line.level === 50);
    assert.ok(logged, 'an error line with the request id');
    assert.match(String((logged.err as { message: string }).message), /ECONNREFUSED/);
    assert.ok((logged.err as { stack?: string }).stack, 'the log keeps the stack');
  });

  test('a response that breaks its own schema is 500, not sent half-valid', async () => {
    const response = await api.app.inject({
      method: 'GET',
      url: '/api/v1/test/bad-response',
      headers: editor(),
    });
    assert.equal(response.statusCode, 500);
    assert.equal(response.json().error.code, 'PW_ERR_INTERNAL');
  });

  test('a malformed URL is 400 in the API error shape', async () => {
    const response = await api.app.inject({
      method: 'GET',
      url: '/api/v1/tokens/%E0%A4%A',
      headers: bearer(api.tokens.admin),
    });
    assert.equal(response.statusCode, 400);
    assert.equal(response.json().error.code, 'PW_ERR_VALIDATION');
  });
});

describe('toApiError', () => {
  const context = { requestId: 'req-1', bodyLimit: 1024 };

  test('JSON Schema validation errors (routes without zod) keep their paths too', () => {
    const reply = toApiError(
      {
        statusCode: 400,
        validationContext: 'body',
        validation: [
          { instancePath: '/steps/1/url', message: 'must match format "uri"' },
          { instancePath: '', message: "must have required property 'name'" },
        ],
      },
      context,
    );
    assert.equal(reply.status, 400);
    assert.deepEqual(reply.body.error.details, [
      { path: 'steps[1].url', message: 'must match format "uri"' },
      { path: '$', message: "must have required property 'name'" },
    ]);
    assert.equal(
      reply.body.error.message,
      'The request body is not valid: steps[1].url: must match format "uri" (and 1 more)',
    );
  });

  test("only Fastify's own 4xx messages are shown; other thrown things are internal", () => {
    const own = toApiError(
      { statusCode: 400, code: 'FST_ERR_CTP_EMPTY_JSON_BODY', message: 'Body cannot be empty' },
      context,
    );
    assert.equal(own.body.error.message, 'Body cannot be empty');
    const foreign = toApiError({ statusCode: 400, code: 'ECONNRESET', message: 'secret detail' }, context);
    assert.equal(foreign.body.error.message, 'The request is not valid.');
    for (const thrown of [new Error('x'), 'a string', null, undefined, { statusCode: 502 }]) {
      const reply = toApiError(thrown, context);
      assert.equal(reply.status, 500);
      assert.equal(reply.internal, true);
      assert.equal(reply.body.error.code, 'PW_ERR_INTERNAL');
    }
    const upstream = toApiError(
      new PagewatchError('PW_ERR_PAGERDUTY_UNREACHABLE', 'PagerDuty timed out.'),
      context,
    );
    assert.deepEqual([upstream.status, upstream.internal], [502, true]);
  });
});
