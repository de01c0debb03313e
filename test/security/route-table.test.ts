/**
 * Every route the real app registers (read from its router, so a route added later is covered without touching
 * this file) is checked without a token, with a bad token and with each role's token: only the routes listed in
 * OPEN answer without a token, a viewer may not change anything, and only ADMIN_ONLY routes refuse an editor.
 * Every answer carries the security headers.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { LightMyRequestResponse } from 'fastify';
import { TEST_ENGINES } from '../helpers/stores.js';
import { bearer, startApi } from '../api/api-harness.js';
import { assertSecurityHeaders } from './security-headers-assertions.js';
import {
  listRoutes,
  startSecurityServer,
  urlFor,
  type RouteEntry,
  type SecurityServer,
} from './security-server.js';

/**
 * What answers without a token, and why (docs/security.md repeats this). A route matches an entry when its path
 * equals `path`, or starts with it when `prefix` is set.
 */
const OPEN: { path: string; prefix?: true; methods: string[]; why: string }[] = [
  {
    path: '/healthz',
    methods: ['GET', 'HEAD'],
    why: 'liveness for load balancers and orchestrators (API.md)',
  },
  {
    path: '/api/docs',
    prefix: true,
    methods: ['GET', 'HEAD'],
    why: 'the OpenAPI document and Swagger UI: the API shape, no data (API.md serves it at /api/docs)',
  },
  {
    path: '/api/v1/auth/exchange',
    methods: ['POST'],
    why: 'how a browser without a token gets one from a one-time login code; rate limited, 16 KB bodies',
  },
  {
    path: '/',
    methods: ['GET', 'HEAD'],
    why: "the dashboard's shell (static HTML; it calls the API with a token)",
  },
  { path: '/index.html', methods: ['GET', 'HEAD'], why: "the dashboard's shell" },
  {
    path: '/assets/',
    prefix: true,
    methods: ['GET', 'HEAD'],
    why: "the dashboard's bundled scripts and styles",
  },
];

/** What an editor may not do, and why. */
const ADMIN_ONLY: { path: string; prefix?: true; why: string }[] = [
  { path: '/api/v1/tokens', prefix: true, why: 'creating, listing and revoking API tokens (names included)' },
];

function matches(entry: { path: string; prefix?: true }, path: string): boolean {
  return entry.prefix ? path.startsWith(entry.path) : path === entry.path;
}
const isOpen = (route: RouteEntry) =>
  OPEN.some((entry) => matches(entry, route.path) && entry.methods.includes(route.method));
const isAdminOnly = (route: RouteEntry) => ADMIN_ONLY.some((entry) => matches(entry, route.path));
const isRead = (route: RouteEntry) => route.method === 'GET' || route.method === 'HEAD';

/** Checks the error code of an answer (a HEAD answer has no body: nothing to check). */
function assertCode(route: RouteEntry, response: LightMyRequestResponse, expected: string): void {
  if (route.method === 'HEAD') return;
  const body = response.json() as { error?: { code?: string } };
  assert.equal(body.error?.code, expected, `${route.method} ${route.path}`);
}

let server: SecurityServer;
let routes: RouteEntry[];

before(async () => {
  // Bad tokens on every route would trip the failed-auth limit (tested on its own): off here.
  server = await startSecurityServer({ authFailureLimit: { max: 0, windowMs: 60_000 } });
  routes = listRoutes(server.server.app.printRoutes({ commonPrefix: false }));
});
after(() => server.close());

async function call(route: RouteEntry, headers: Record<string, string>): Promise<LightMyRequestResponse> {
  const response = await server.server.app.inject({
    method: route.method as 'GET',
    url: urlFor(route.path),
    headers,
    ...(isRead(route) ? {} : { payload: {} }),
  });
  assertSecurityHeaders(response, `${route.method} ${route.path}`);
  return response;
}

test('the route table is read from the router and holds every kind of route', () => {
  const seen = new Set(routes.map((route) => `${route.method} ${route.path}`));
  for (const expected of [
    'GET /healthz',
    'GET /metrics',
    'GET /api/docs/json',
    'POST /api/v1/auth/exchange',
    'DELETE /api/v1/tokens/:id',
    'POST /api/v1/monitors/:id/run',
    'GET /api/v1/monitors/:id/runs',
    'PATCH /api/v1/monitors/:id',
    'POST /api/v1/incidents/:id/acknowledge',
    'GET /api/v1/deliveries/:id',
    'POST /api/v1/maintenance-windows',
    'POST /api/v1/demo/break',
    'GET /assets/app.js',
    'GET /',
  ]) {
    assert.ok(seen.has(expected), `${expected} is in the table:\n${[...seen].join('\n')}`);
  }
  assert.ok(routes.length > 50, `${routes.length} method × path entries`);
  // Every exception still names a route (a stale entry would silently open nothing, or hide a rename).
  for (const entry of OPEN) {
    assert.ok(
      routes.some((route) => matches(entry, route.path)),
      `OPEN entry ${entry.path} names a route`,
    );
  }
});

test('without a token or with a bad one: 401 everywhere but the documented open routes', async () => {
  const open: string[] = [];
  for (const route of routes) {
    const label = `${route.method} ${route.path}`;
    for (const headers of [{}, bearer('pw_notARealTokenAtAll000000000000000')]) {
      const response = await call(route, headers);
      if (isOpen(route)) {
        assert.ok(![401, 403].includes(response.statusCode), `${label} is open: ${response.statusCode}`);
      } else {
        assert.equal(response.statusCode, 401, `${label} needs a token`);
        assertCode(route, response, 'PW_ERR_UNAUTHORIZED');
        assert.equal(response.headers['www-authenticate'], 'Bearer', label);
      }
    }
    if (isOpen(route)) open.push(label);
  }
  // What is open, spelled out: a new open route must be added to OPEN (with its reason) on purpose.
  assert.deepEqual(open.filter((label) => !label.includes('/api/docs')).sort(), [
    'GET /',
    'GET /assets/app.js',
    'GET /healthz',
    'GET /index.html',
    'HEAD /',
    'HEAD /assets/app.js',
    'HEAD /healthz',
    'HEAD /index.html',
    'POST /api/v1/auth/exchange',
  ]);
});

test('a viewer reads but changes nothing (403 on every other method); tokens are admin-only', async () => {
  for (const route of routes.filter((candidate) => !isOpen(candidate))) {
    const label = `${route.method} ${route.path}`;
    const response = await call(route, bearer(server.tokens.viewer));
    if (isRead(route) && !isAdminOnly(route)) {
      assert.ok(
        ![401, 403].includes(response.statusCode),
        `viewer may read ${label}: ${response.statusCode}`,
      );
    } else {
      assert.equal(response.statusCode, 403, `viewer may not ${label}`);
      assertCode(route, response, 'PW_ERR_FORBIDDEN');
    }
  }
});

test('an editor changes everything but admin-only routes; an admin reaches every route', async () => {
  for (const route of routes.filter((candidate) => !isOpen(candidate))) {
    const label = `${route.method} ${route.path}`;
    const asEditor = await call(route, bearer(server.tokens.editor));
    if (isAdminOnly(route)) {
      assert.equal(asEditor.statusCode, 403, `editor may not ${label}`);
      assertCode(route, asEditor, 'PW_ERR_FORBIDDEN');
    } else {
      assert.ok(![401, 403].includes(asEditor.statusCode), `editor may ${label}: ${asEditor.statusCode}`);
    }
    const asAdmin = await call(route, bearer(server.tokens.admin));
    assert.ok(![401, 403].includes(asAdmin.statusCode), `admin may ${label}: ${asAdmin.statusCode}`);
  }
});

test('/metrics needs a viewer token unless served public (--public-metrics)', async () => {
  const metrics = { method: 'GET', path: '/metrics' };
  assert.equal((await call(metrics, {})).statusCode, 401);
  assert.equal((await call(metrics, bearer(server.tokens.viewer))).statusCode, 200);
  const sqlite = TEST_ENGINES[0]!;
  const api = await startApi(sqlite, { publicMetrics: true });
  try {
    const open = await api.app.inject({ method: 'GET', url: '/metrics' });
    assert.equal(open.statusCode, 200);
    assertSecurityHeaders(open, 'public /metrics');
    assert.equal((await api.app.inject({ method: 'GET', url: '/api/v1/tokens' })).statusCode, 401);
  } finally {
    await api.close();
  }
});

test('paths that are not routes: the dashboard shell for app paths, 401 under /api/, 404 elsewhere', async () => {
  const app = server.server.app;
  const deepLink = await app.inject({ method: 'GET', url: '/monitors/mon_123?tab=runs' });
  assert.equal(deepLink.statusCode, 200);
  assertSecurityHeaders(deepLink, 'SPA deep link');
  assert.match(String(deepLink.headers['content-security-policy']), /script-src 'self'/);
  const unknownApi = await app.inject({ method: 'GET', url: '/api/v2/anything' });
  assert.equal(unknownApi.statusCode, 401, 'the API shape is not probed anonymously');
  assertSecurityHeaders(unknownApi, 'unknown /api path');
  const encoded = await app.inject({
    method: 'GET',
    url: '/api/v1/%74okens',
    headers: bearer(server.tokens.editor),
  });
  assert.equal(encoded.statusCode, 403, 'an encoded path is judged by the route it matches');
  const missingFile = await app.inject({ method: 'GET', url: '/nothing.txt' });
  assert.equal(missingFile.statusCode, 404);
  assert.equal(missingFile.json().error.code, 'PW_ERR_NOT_FOUND');
  assertSecurityHeaders(missingFile, '404');
});
