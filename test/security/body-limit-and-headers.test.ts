/**
 * Over real HTTP (the server listening on 127.0.0.1): request body limits answer 413 in the API's error shape and
 * the server keeps serving; security headers are on a sample of every kind of answer.
 */
import assert from 'node:assert/strict';
import { request } from 'node:http';
import { after, before, test } from 'node:test';
import { DEFAULT_BODY_LIMIT, OPEN_ROUTE_BODY_LIMIT } from '../../src/api/build-app.js';
import { assertFetchSecurityHeaders } from './security-headers-assertions.js';
import { startSecurityServer, type SecurityServer } from './security-server.js';

let server: SecurityServer;
let url: string;

before(async () => {
  server = await startSecurityServer({ authFailureLimit: { max: 3, windowMs: 60_000 } });
  url = server.server.url;
});
after(() => server.close());

const auth = (token: string) => ({ authorization: `Bearer ${token}` });

/** A body `bytes` long that is valid JSON (a monitor whose name is huge). */
function bigJson(bytes: number): string {
  return JSON.stringify({ name: 'x'.repeat(bytes), schedule: { every: '1m' } });
}

/** Sends `body` chunked (no Content-Length), so the limit can only be enforced while reading. */
function postChunked(path: string, headers: Record<string, string>, body: string) {
  return new Promise<{ status: number; headers: Record<string, unknown>; text: string }>(
    (resolve, reject) => {
      const outgoing = request(`${url}${path}`, {
        method: 'POST',
        headers: { ...headers, 'content-type': 'application/json', 'transfer-encoding': 'chunked' },
      });
      outgoing.on('response', (response) => {
        let text = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => (text += chunk));
        response.on('end', () =>
          resolve({ status: response.statusCode ?? 0, headers: response.headers, text }),
        );
      });
      // The server may answer and close before every chunk is written: that is the point.
      outgoing.on('error', (error: NodeJS.ErrnoException) => {
        if (error.code !== 'EPIPE' && error.code !== 'ECONNRESET') reject(error);
      });
      for (let offset = 0; offset < body.length; offset += 64 * 1024) {
        outgoing.write(body.slice(offset, offset + 64 * 1024));
      }
      outgoing.end();
    },
  );
}

async function stillServing(): Promise<void> {
  const health = await fetch(`${url}/healthz`);
  assert.equal(health.status, 200);
  const list = await fetch(`${url}/api/v1/monitors`, { headers: auth(server.tokens.viewer) });
  assert.equal(list.status, 200, 'an authenticated request still works');
}

test('a body over the limit is 413 PW_ERR_PAYLOAD_TOO_LARGE (Content-Length or chunked); the server keeps serving', async () => {
  const body = bigJson(DEFAULT_BODY_LIMIT + 1024);
  const declared = await fetch(`${url}/api/v1/monitors`, {
    method: 'POST',
    headers: { ...auth(server.tokens.editor), 'content-type': 'application/json' },
    body,
  });
  assert.equal(declared.status, 413);
  const error = ((await declared.json()) as { error: { code: string; message: string } }).error;
  assert.equal(error.code, 'PW_ERR_PAYLOAD_TOO_LARGE');
  assert.match(error.message, new RegExp(`limit of ${DEFAULT_BODY_LIMIT} bytes`));
  assertFetchSecurityHeaders(declared, '413');
  await stillServing();

  const chunked = await postChunked('/api/v1/monitors', auth(server.tokens.editor), body);
  assert.equal(chunked.status, 413);
  assert.equal(
    (JSON.parse(chunked.text) as { error: { code: string } }).error.code,
    'PW_ERR_PAYLOAD_TOO_LARGE',
  );
  await stillServing();

  // Without a valid token the body is never read: 401 at once.
  const anonymous = await fetch(`${url}/api/v1/monitors`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body,
  });
  assert.equal(anonymous.status, 401);
  await stillServing();
});

test('the login exchange, open to anyone, takes small bodies only; a body just under the limit is fine', async () => {
  const big = await fetch(`${url}/api/v1/auth/exchange`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ code: 'c'.repeat(OPEN_ROUTE_BODY_LIMIT) }),
  });
  assert.equal(big.status, 413);
  const error = ((await big.json()) as { error: { code: string; message: string } }).error;
  assert.equal(error.code, 'PW_ERR_PAYLOAD_TOO_LARGE');
  assert.match(error.message, new RegExp(`limit of ${OPEN_ROUTE_BODY_LIMIT} bytes`));
  const nearLimit = await fetch(`${url}/api/v1/monitors`, {
    method: 'POST',
    headers: { ...auth(server.tokens.editor), 'content-type': 'application/json' },
    body: bigJson(DEFAULT_BODY_LIMIT - 64 * 1024),
  });
  assert.equal(nearLimit.status, 400, 'read and validated (an invalid monitor), not refused for its size');
  await stillServing();
});

test('security headers on a sample of every kind of answer', async () => {
  const samples: [string, RequestInit, number, RegExp?][] = [
    ['/healthz', {}, 200],
    ['/metrics', {}, 401],
    ['/metrics', { headers: auth(server.tokens.viewer) }, 200],
    ['/api/v1/monitors', { headers: auth(server.tokens.viewer) }, 200, /default-src 'none'/],
    ['/api/v1/monitors/mon_nothing', { headers: auth(server.tokens.viewer) }, 404],
    ['/api/v1/tokens', { headers: auth(server.tokens.viewer) }, 403],
    ['/api/v1/monitors', { method: 'POST', headers: auth(server.tokens.editor) }, 400],
    ['/api/v1/nothing', {}, 401],
    ['/api/v1/monitors/%E0%A4%A', { headers: auth(server.tokens.viewer) }, 400],
    ['/api/docs', {}, 200, /script-src 'self'/],
    ['/api/docs/json', {}, 200],
    ['/', {}, 200, /connect-src/],
    ['/incidents', {}, 200, /connect-src/],
    ['/assets/app.js', {}, 200],
    ['/favicon.ico', {}, 404],
  ];
  for (const [path, init, status, csp] of samples) {
    const response = await fetch(`${url}${path}`, { redirect: 'manual', ...init });
    const label = `${init.method ?? 'GET'} ${path}`;
    assert.equal(response.status, status, label);
    assertFetchSecurityHeaders(response, label);
    if (csp) assert.match(response.headers.get('content-security-policy') ?? '', csp, label);
    await response.arrayBuffer();
  }
  // And on a 429 from the failed-auth limit (3 here).
  for (let i = 0; i < 3; i += 1) {
    const failed = await fetch(`${url}/api/v1/monitors`, {
      headers: auth('pw_wrongwrongwrongwrongwrongwrong00'),
    });
    assert.equal(failed.status, 401);
    assertFetchSecurityHeaders(failed, 'bad token');
  }
  const limited = await fetch(`${url}/api/v1/monitors`, { headers: auth(server.tokens.viewer) });
  assert.equal(limited.status, 429);
  assert.ok(Number(limited.headers.get('retry-after')) > 0);
  assertFetchSecurityHeaders(limited, '429');
});
