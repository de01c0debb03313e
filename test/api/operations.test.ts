import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { createMetrics } from '../../src/observability/metrics.js';
import { TEST_ENGINES } from '../helpers/stores.js';
import { bearer, startApi } from './api-harness.js';

const sqlite = TEST_ENGINES.find((engine) => engine.name === 'sqlite')!;

describe('API operations: /healthz, /metrics, docs, headers', () => {
  test('/healthz is open: 200 when ok, 503 when degraded or when the check throws', async () => {
    let report: () => Promise<{ status: 'ok' | 'degraded'; checks: Record<string, string> }> = async () => ({
      status: 'ok',
      checks: { db: 'ok', dispatcher: 'ok' },
    });
    const api = await startApi(sqlite, { health: () => report() });
    try {
      const ok = await api.app.inject({ method: 'GET', url: '/healthz' });
      assert.equal(ok.statusCode, 200);
      assert.deepEqual(ok.json(), { status: 'ok', checks: { db: 'ok', dispatcher: 'ok' } });

      report = async () => ({ status: 'degraded', checks: { db: 'ok', dispatcher: 'stalled' } });
      const degraded = await api.app.inject({ method: 'GET', url: '/healthz' });
      assert.equal(degraded.statusCode, 503);
      assert.deepEqual(degraded.json(), { status: 'degraded', checks: { db: 'ok', dispatcher: 'stalled' } });

      report = async () => {
        throw new Error('SQLITE_CANTOPEN /var/lib/pagewatch/secret.db');
      };
      const failing = await api.app.inject({ method: 'GET', url: '/healthz' });
      assert.equal(failing.statusCode, 503);
      assert.equal(failing.json().status, 'degraded');
      assert.ok(!failing.body.includes('SQLITE'), 'the failure stays in the log');
    } finally {
      await api.close();
    }
  });

  test('/metrics serves Prometheus text with the pagewatch_ series, to any token only', async () => {
    const metrics = createMetrics();
    metrics.observeRun({ status: 'failure', durationMs: 1500 });
    metrics.deliveryFailuresTotal.inc({ reason: 'rate_limited' });
    metrics.setCollectors({
      openIncidents: async () => 2,
      outboxDepth: async () => ({ pending: 3, failed: 1 }),
    });
    const api = await startApi(sqlite, { metrics });
    try {
      const anonymous = await api.app.inject({ method: 'GET', url: '/metrics' });
      assert.equal(anonymous.statusCode, 401);
      assert.equal(anonymous.json().error.code, 'PW_ERR_UNAUTHORIZED');

      const response = await api.app.inject({
        method: 'GET',
        url: '/metrics',
        headers: bearer(api.tokens.viewer),
      });
      assert.equal(response.statusCode, 200);
      assert.match(String(response.headers['content-type']), /^text\/plain; version=0\.0\.4/);
      const text = response.body;
      assert.match(text, /^pagewatch_runs_total\{status="failure"\} 1$/m);
      assert.match(text, /^pagewatch_run_duration_seconds_bucket\{le="2\.5"\} 1$/m);
      assert.match(text, /^pagewatch_run_duration_seconds_count 1$/m);
      assert.match(text, /^pagewatch_open_incidents 2$/m);
      assert.match(text, /^pagewatch_outbox_depth\{status="pending"\} 3$/m);
      assert.match(text, /^pagewatch_outbox_depth\{status="failed"\} 1$/m);
      assert.match(text, /^pagewatch_delivery_failures_total\{reason="rate_limited"\} 1$/m);
      assert.match(text, /^pagewatch_process_cpu_user_seconds_total /m, 'default process metrics');
      for (const line of text.split('\n').filter((l) => l && !l.startsWith('#'))) {
        assert.match(line, /^pagewatch_/, line);
      }
    } finally {
      await api.close();
    }
  });

  test('/metrics can be made public', async () => {
    const api = await startApi(sqlite, { publicMetrics: true });
    try {
      const response = await api.app.inject({ method: 'GET', url: '/metrics' });
      assert.equal(response.statusCode, 200);
      assert.match(response.body, /# TYPE pagewatch_runs_total counter/);
    } finally {
      await api.close();
    }
  });

  test('/api/docs/json is a public OpenAPI 3 document listing the token routes with bearer auth', async () => {
    const api = await startApi(sqlite);
    try {
      const response = await api.app.inject({ method: 'GET', url: '/api/docs/json' });
      assert.equal(response.statusCode, 200);
      const doc = response.json();
      assert.match(doc.openapi, /^3\.\d+\.\d+$/);
      assert.equal(doc.info.title, 'pagewatch API');
      assert.equal(typeof doc.info.version, 'string');
      assert.deepEqual(doc.security, [{ bearerAuth: [] }]);
      assert.equal(doc.components.securitySchemes.bearerAuth.scheme, 'bearer');
      assert.deepEqual(Object.keys(doc.paths['/api/v1/tokens']).sort(), ['get', 'post']);
      assert.deepEqual(Object.keys(doc.paths['/api/v1/tokens/{id}']), ['delete']);
      assert.deepEqual(doc.paths['/healthz'].get.security, [], '/healthz is documented as open');

      const post = doc.paths['/api/v1/tokens'].post;
      const requestSchema = post.requestBody.content['application/json'].schema;
      assert.deepEqual(requestSchema.required.sort(), ['name', 'role']);
      assert.deepEqual(requestSchema.properties.role.enum, ['viewer', 'editor', 'admin']);
      assert.ok(post.responses['201'], 'POST documents 201');
      assert.ok(post.responses['4XX'], 'errors are documented');
      const list = doc.paths['/api/v1/tokens'].get;
      assert.deepEqual(list.parameters.map((p: { name: string; in: string }) => `${p.in}:${p.name}`).sort(), [
        'query:cursor',
        'query:limit',
      ]);
      assert.equal(doc.paths['/api/v1/tokens/{id}'].delete.parameters[0].in, 'path');

      // Every $ref resolves to a component.
      const refs = [...response.body.matchAll(/"\$ref":"#\/components\/schemas\/([^"]+)"/g)].map(
        (m) => m[1]!,
      );
      assert.ok(refs.includes('ApiError'));
      for (const ref of refs) assert.ok(doc.components.schemas[ref], `component ${ref} exists`);
      for (const path of Object.keys(doc.paths))
        assert.ok(!path.startsWith('/api/docs'), 'docs routes are hidden');

      const ui = await api.app.inject({ method: 'GET', url: '/api/docs/' });
      assert.equal(ui.statusCode, 200);
      assert.match(String(ui.headers['content-type']), /text\/html/);
      assert.match(String(ui.headers['content-security-policy']), /script-src 'self'/);
    } finally {
      await api.close();
    }
  });

  test('security headers are on every answer: data, errors, 404s, health', async () => {
    const api = await startApi(sqlite);
    try {
      for (const request of [
        { method: 'GET' as const, url: '/api/v1/tokens', headers: bearer(api.tokens.admin) },
        { method: 'GET' as const, url: '/api/v1/tokens' },
        { method: 'GET' as const, url: '/nowhere' },
        { method: 'GET' as const, url: '/healthz' },
      ]) {
        const response = await api.app.inject(request);
        const label = `${request.url} → ${response.statusCode}`;
        assert.equal(response.headers['x-content-type-options'], 'nosniff', label);
        assert.equal(response.headers['x-frame-options'], 'DENY', label);
        assert.equal(response.headers['referrer-policy'], 'no-referrer', label);
        assert.match(
          String(response.headers['content-security-policy']),
          /^default-src 'none'; frame-ancestors 'none'/,
          label,
        );
        assert.equal(response.headers['cache-control'], 'no-store', label);
        assert.match(String(response.headers['x-request-id']), /^[0-9a-f-]{36}$/, label);
      }
    } finally {
      await api.close();
    }
  });
});
