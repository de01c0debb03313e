import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import fc from 'fast-check';
import { ERROR_CATALOG } from '../../src/errors/catalog.js';
import {
  startApiPropertyServer,
  validIntegrationBody,
  validMonitorBody,
  validWebhookBody,
  validWindowBodies,
  type ApiPropertyServer,
} from './api-property-harness.js';
import { anyJson, fcParameters, suiteTimeout } from './fc-options.js';
import { describeValue, formatPath, mutationsOf, type Mutation } from './json-mutations.js';

/**
 * Issue 5, point 5, for the REST API: whatever a client sends to a write endpoint (a mutated valid body, any JSON,
 * not JSON at all, odd path params and query strings), the answer is a 4xx in the catalog's error shape naming the
 * field (or a 2xx when the body happens to be valid), never a 5xx, and a refused request writes nothing.
 */

interface ApiError {
  error: { code: string; message: string; details?: { path?: string; message: string }[] };
}

let api: ApiPropertyServer;
let created = 0;

before(async () => {
  api = await startApiPropertyServer();
});
after(async () => {
  await api?.close();
});

/** The answer to one request, checked against the properties every answer must have. */
async function check(
  request: { method: string; url: string; payload?: string; headers?: Record<string, string> },
  mutations: Mutation[] = [],
): Promise<{ status: number; error?: ApiError }> {
  const before = await api.snapshot();
  const response = await api.inject(request);
  const where = `${request.method} ${request.url} ${describeValue(request.payload)}`;
  assert.ok(response.status < 500, `${where} → ${response.status} ${response.body}`);
  if (response.status < 400) return { status: response.status };
  const body = JSON.parse(response.body) as ApiError;
  const code = body.error?.code as keyof typeof ERROR_CATALOG;
  assert.ok(code in ERROR_CATALOG, `${where}: unknown error code in ${response.body}`);
  assert.equal(ERROR_CATALOG[code].httpStatus, response.status, `${where}: status of ${code}`);
  assert.ok(typeof body.error.message === 'string' && body.error.message.length > 0, `${where}: no message`);
  assert.doesNotMatch(response.body, /\bat [\w.<>]+ \(|node_modules|SQLITE_|TypeError|RangeError/, where);
  if (code === 'PW_ERR_VALIDATION' && request.payload !== undefined && mutations.length) {
    assertNamesAField(body, mutations, where);
  }
  assert.deepEqual(await api.snapshot(), before, `${where}: a refused request changed the store`);
  return { status: response.status, error: body };
}

/**
 * A validation error names where the problem is: a detail whose path is (inside or around) a mutated path, or for a
 * problem at the top level (`$`), a message that names the offending key.
 */
function assertNamesAField(body: ApiError, mutations: Mutation[], where: string): void {
  const details = body.error.details ?? [];
  assert.ok(details.length > 0, `${where}: a validation error without details: ${JSON.stringify(body)}`);
  for (const detail of details) {
    assert.ok(typeof detail.path === 'string' && detail.path.length > 0, `${where}: detail without a path`);
  }
  const related = details.some((detail) =>
    mutations.some((mutation) => {
      const mutated = formatPath(mutation.path);
      const path = detail.path ?? '';
      if (path === '$') return true; // the document itself: e.g. a body that is not an object, or an unknown key
      return mutated === '$' || startsWithPath(mutated, path) || startsWithPath(path, mutated);
    }),
  );
  assert.ok(
    related,
    `${where}: no detail names a mutated field (${mutations.map((m) => formatPath(m.path)).join(', ')}): ${JSON.stringify(body.error)}`,
  );
}

function startsWithPath(path: string, prefix: string): boolean {
  return path === prefix || path.startsWith(`${prefix}.`) || path.startsWith(`${prefix}[`);
}

const json = (value: unknown): string | undefined =>
  value === undefined ? undefined : JSON.stringify(value);

/** A path param: a seeded id, an unknown id, or something odd (percent-encoded so it stays one segment). */
const pathParam = (seeded: readonly string[]): fc.Arbitrary<string> =>
  fc.oneof(
    fc.constantFrom('mon_nope', ...seeded),
    fc.constantFrom(
      'mon_nope',
      'x',
      '0',
      '-1',
      'null',
      '%00',
      '%zz',
      '..',
      '%2e%2e',
      'a'.repeat(101),
      '%F0%9F%92%A9',
    ),
    fc.string({ maxLength: 120, unit: 'binary' }).map(encodeURIComponent),
  );

/** A query string: a valid-looking one, random keys and values, or raw bytes (bad percent-encoding included). */
const queryString: fc.Arbitrary<string> = fc.oneof(
  fc
    .record(
      {
        limit: fc.oneof(
          fc.constantFrom(
            '1',
            '50',
            '200',
            '0',
            '201',
            '-1',
            '1.5',
            'abc',
            '',
            '1e3',
            'NaN',
            '9'.repeat(400),
          ),
        ),
        cursor: fc.oneof(
          fc.string({ maxLength: 40 }),
          fc.base64String({ maxLength: 40 }),
          fc.constant('a'.repeat(1100)),
        ),
        status: fc.constantFrom('open', 'triggered', 'resolved', 'success', 'bogus', ''),
        include: fc.constantFrom('collection', 'stats', 'collection,stats', 'all', ',', ''),
        monitorId: fc.string({ maxLength: 20 }),
      },
      { requiredKeys: [] },
    )
    .map((query) => new URLSearchParams(query).toString()),
  fc
    .dictionary(fc.string({ maxLength: 8 }), fc.string({ maxLength: 8 }), { maxKeys: 4 })
    .map((query) => new URLSearchParams(query).toString()),
  fc.constantFrom(
    '%',
    '%zz',
    'limit=%',
    'limit=1&limit=2',
    'cursor[]=a',
    'limit[a]=1',
    '&&&',
    '=x',
    'cursor=%00',
  ),
);

/** A body: a mutated valid body (most runs), any JSON, or not JSON at all. */
function bodyOf(valid: unknown): fc.Arbitrary<{ payload: string | undefined; mutations: Mutation[] }> {
  return fc.oneof(
    {
      weight: 6,
      arbitrary: mutationsOf(valid).map(({ value, mutations }) => ({ payload: json(value), mutations })),
    },
    { weight: 1, arbitrary: anyJson().map((value) => ({ payload: json(value), mutations: [] })) },
    {
      weight: 1,
      arbitrary: fc
        .oneof(
          fc.string({ maxLength: 30, unit: 'binary' }),
          fc.constantFrom('', '{', '[1,]', '{"a":1}x', 'null', '\ufeff{}', '{"__proto__":{"x":1}}'),
        )
        .map((payload) => ({ payload, mutations: [] })),
    },
  );
}

/** Content types a client may send instead of JSON. */
const contentType: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(
    'text/plain',
    'application/x-www-form-urlencoded',
    'multipart/form-data; boundary=x',
    'application/json; charset=utf-16',
    'application/jsonx',
    '',
    'application/json',
  ),
  fc.string({ maxLength: 20 }),
);

const writes = (runs: number) => fcParameters<unknown>(runs);

describe(
  'API payload properties: 4xx naming the field, never 5xx, no partial write',
  { timeout: suiteTimeout(120_000) },
  () => {
    test('POST /monitors and PUT /monitors/{id}', async () => {
      await fc.assert(
        fc.asyncProperty(
          bodyOf(validMonitorBody()),
          fc.boolean(),
          pathParam([]),
          async ({ payload: mutated, mutations }, put, id) => {
            // A fresh name, so that a valid body is created (and stored) instead of stopping at "name already used".
            const payload = mutated?.replace('"name":"Checkout API"', `"name":"Checkout API ${++created}"`);
            const url = put ? `/api/v1/monitors/${api.ids.monitor}` : '/api/v1/monitors';
            await check({ method: put ? 'PUT' : 'POST', url, payload }, mutations);
            if (put) await check({ method: 'PUT', url: `/api/v1/monitors/${id}`, payload });
          },
        ),
        writes(120),
      );
    });

    test('PATCH /monitors/{id}', async () => {
      const partial = fc
        .subarray(Object.entries(validMonitorBody()), { minLength: 1 })
        .map(Object.fromEntries);
      await fc.assert(
        fc.asyncProperty(
          partial.chain((valid) => bodyOf(valid)),
          async ({ payload, mutations }) => {
            await check({ method: 'PATCH', url: `/api/v1/monitors/${api.ids.monitor}`, payload }, mutations);
          },
        ),
        writes(80),
      );
    });

    test('POST /integrations and PUT /integrations/{id} (PagerDuty and webhook)', async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.oneof(
            fc.tuple(bodyOf(validIntegrationBody(api.ids.monitor)), fc.boolean()),
            // The seeded integration is a PagerDuty one, and a type never changes: webhooks are only created.
            fc.tuple(bodyOf(validWebhookBody(api.ids.monitor)), fc.constant(false)),
          ),
          async ([{ payload, mutations }, put]) => {
            const url = put ? `/api/v1/integrations/${api.ids.integration}` : '/api/v1/integrations';
            await check({ method: put ? 'PUT' : 'POST', url, payload }, mutations);
          },
        ),
        writes(120),
      );
    });

    test('POST /maintenance-windows', async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.oneof(...validWindowBodies.map((valid) => bodyOf({ ...valid, monitorId: api.ids.monitor }))),
          async ({ payload, mutations }) => {
            await check({ method: 'POST', url: '/api/v1/maintenance-windows', payload }, mutations);
          },
        ),
        writes(100),
      );
    });

    test('POST /tokens and POST /auth/exchange', async () => {
      await fc.assert(
        fc.asyncProperty(
          bodyOf({ name: 'ci', role: 'editor' }),
          bodyOf({ code: 'abc' }),
          async (token, exchange) => {
            await check({ method: 'POST', url: '/api/v1/tokens', payload: token.payload }, token.mutations);
            const { status } = await check(
              {
                method: 'POST',
                url: '/api/v1/auth/exchange',
                payload: exchange.payload,
                headers: { authorization: '' },
              },
              exchange.mutations,
            );
            assert.ok([400, 401, 413, 415].includes(status), `exchange → ${status}`);
          },
        ),
        writes(80),
      );
    });

    test('actions and deletes: odd path params and any body', async () => {
      const ids = api.ids;
      const actions = fc.constantFrom(
        { method: 'POST', path: (id: string) => `/api/v1/monitors/${id}/pause`, seeded: [ids.monitor] },
        { method: 'POST', path: (id: string) => `/api/v1/monitors/${id}/resume`, seeded: [ids.monitor] },
        { method: 'POST', path: (id: string) => `/api/v1/monitors/${id}/run`, seeded: [] },
        { method: 'DELETE', path: (id: string) => `/api/v1/monitors/${id}`, seeded: [] },
        {
          method: 'POST',
          path: (id: string) => `/api/v1/integrations/${id}/test`,
          seeded: [ids.integration],
        },
        { method: 'DELETE', path: (id: string) => `/api/v1/integrations/${id}`, seeded: [] },
        {
          method: 'POST',
          path: (id: string) => `/api/v1/incidents/${id}/acknowledge`,
          seeded: [ids.incident],
        },
        { method: 'POST', path: (id: string) => `/api/v1/incidents/${id}/resolve`, seeded: [] },
        { method: 'DELETE', path: (id: string) => `/api/v1/maintenance-windows/${id}`, seeded: [] },
        { method: 'DELETE', path: (id: string) => `/api/v1/tokens/${id}`, seeded: [] },
      );
      await fc.assert(
        fc.asyncProperty(
          actions.chain((action) => fc.tuple(fc.constant(action), pathParam(action.seeded))),
          fc.option(anyJson(2).map(json), { nil: undefined }),
          fc.option(contentType, { nil: undefined }),
          async ([action, id], payload, contentType) => {
            await check({
              method: action.method,
              url: action.path(id),
              payload,
              ...(contentType !== undefined ? { headers: { 'content-type': contentType } } : {}),
            });
          },
        ),
        writes(150),
      );
    });

    test('lists: any query string', async () => {
      const lists = fc.constantFrom(
        '/api/v1/monitors',
        `/api/v1/monitors/${api.ids.monitor}/runs`,
        '/api/v1/incidents',
        '/api/v1/deliveries',
        '/api/v1/tokens',
        '/api/v1/integrations',
        '/api/v1/maintenance-windows',
      );
      await fc.assert(
        fc.asyncProperty(lists, queryString, async (path, query) => {
          await check({ method: 'GET', url: `${path}?${query}` });
        }),
        writes(150),
      );
    });

    test('regression: an empty maintenance window timezone is reported at "timezone"', async () => {
      const { status, error } = await check({
        method: 'POST',
        url: '/api/v1/maintenance-windows',
        payload: JSON.stringify({ name: 'Nightly', cron: '0 3 * * *', timezone: '', durationMinutes: 30 }),
      });
      assert.equal(status, 400);
      assert.deepEqual(
        error?.error.details?.map((detail) => detail.path),
        ['timezone'],
      );
    });

    test('regression: a JSON body with a "__proto__" key is refused with a message that says why', async () => {
      // Found by the monitor property: Fastify's parser refuses it (prototype poisoning) as "Body is not valid JSON",
      // which is wrong for valid JSON, with no detail.
      const { status, error } = await check({
        method: 'POST',
        url: '/api/v1/tokens',
        payload: '{"name":"ci","role":"editor","__proto__":0}',
      });
      assert.equal(status, 400);
      assert.equal(error?.error.code, 'PW_ERR_VALIDATION');
      assert.match(error?.error.message ?? '', /"__proto__"/);
      assert.equal(error?.error.details?.[0]?.path, '$');
    });

    test('regression: JSON nested 6,000 levels deep is a 400 naming where, not a 500 from JSON.stringify', async () => {
      // Found by hand after the property's nesting (≤ 2,500 levels) passed: a monitor with a value nested 6,000
      // levels deep passed validation and overflowed the stack when stored.
      const deep = `${'['.repeat(6000)}${']'.repeat(6000)}`;
      const body = JSON.stringify(validMonitorBody('Deep')).replace(
        '"value":"http://127.0.0.1:9"',
        `"value":${deep}`,
      );
      const { status, error } = await check({ method: 'POST', url: '/api/v1/monitors', payload: body });
      assert.equal(status, 400);
      assert.match(error?.error.details?.[0]?.path ?? '', /^environment\.values\[0\]\.value(\[0\])+$/);
      assert.match(error?.error.details?.[0]?.message ?? '', /nested more than 256 levels deep/);
    });

    test('regression: folders nested 1,000 levels deep are a 400 naming the item, not a 500', async () => {
      let item: unknown = { name: 'leaf', request: 'http://127.0.0.1:9/' };
      for (let level = 0; level < 1000; level++) item = { name: 'folder', item: [item] };
      const body = { ...validMonitorBody('Deep folders'), collection: { info: { name: 'x' }, item: [item] } };
      const { status, error } = await check({
        method: 'POST',
        url: '/api/v1/monitors',
        payload: JSON.stringify(body),
      });
      assert.equal(status, 400);
      assert.match(error?.error.details?.[0]?.path ?? '', /^collection\.item\[0\](\.item\[0\])+/);
    });
  },
);
