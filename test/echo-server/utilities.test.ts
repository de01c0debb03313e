import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { gunzipSync, inflateSync } from 'node:zlib';
import { startEchoServer, type EchoServer } from '../fixtures/echo-server/index.js';
import { ECHO, send } from './helpers.js';

describe('echo server: status codes, timing, encodings and content types', () => {
  let echo: EchoServer;
  before(async () => {
    echo = await startEchoServer();
  });
  after(() => echo.close());

  test('GET /status/:code answers that status with {status: code}', async () => {
    const ok = await send(echo, `${ECHO}/status/200`);
    assert.equal(ok.status, 200);
    assert.equal(ok.statusMessage, 'OK');
    assert.deepEqual(ok.json(), { status: 200 });
    const teapot = await send(echo, `${ECHO}/status/418`);
    assert.equal(teapot.status, 418);
    assert.deepEqual(teapot.json(), { status: 418 });
  });

  test('GET /status/204 has no body; a code outside 200-599 is a 400; a non-number is a 404', async () => {
    const empty = await send(echo, `${ECHO}/status/204`);
    assert.equal(empty.status, 204);
    assert.equal(empty.text, '');
    assert.equal((await send(echo, `${ECHO}/status/100`)).status, 400);
    assert.equal((await send(echo, `${ECHO}/status/999`)).status, 400);
    assert.equal((await send(echo, `${ECHO}/status/abc`)).status, 404);
  });

  test('GET /delay/:n answers after n seconds with {delay}', async () => {
    const started = Date.now();
    const reply = await send(echo, `${ECHO}/delay/1`);
    const elapsed = Date.now() - started;
    assert.equal(reply.status, 200);
    assert.deepEqual(reply.json(), { delay: '1' });
    assert.ok(elapsed >= 990 && elapsed < 3000, `took ${elapsed} ms`);
  });

  test('GET /stream/:n sends n JSON lines, chunked', async () => {
    const reply = await send(echo, `${ECHO}/stream/3?q=1`);
    assert.equal(reply.status, 200);
    assert.equal(reply.headers['transfer-encoding'], 'chunked');
    const lines = reply.text.trimEnd().split('\n');
    assert.equal(lines.length, 3);
    assert.deepEqual(
      lines
        .map((line) => JSON.parse(line) as { id: number; args: unknown })
        .map(({ id, args }) => ({ id, args })),
      [0, 1, 2].map((id) => ({ id, args: { q: '1' } })),
    );
  });

  test('GET /encoding/utf8 is UTF-8 HTML', async () => {
    const reply = await send(echo, `${ECHO}/encoding/utf8`);
    assert.equal(reply.status, 200);
    assert.equal(reply.headers['content-type'], 'text/html; charset=utf-8');
    assert.ok(reply.text.includes('日本語'));
  });

  test('GET /gzip is gzip-encoded; decoded it is JSON with gzipped, headers and method', async () => {
    const reply = await send(echo, `${ECHO}/gzip`, { headers: { 'accept-encoding': 'gzip' } });
    assert.equal(reply.headers['content-encoding'], 'gzip');
    const body = JSON.parse(gunzipSync(reply.body).toString('utf8')) as Record<string, unknown>;
    assert.equal(body.gzipped, true);
    assert.equal(body.method, 'GET');
    assert.equal((body.headers as Record<string, string>)['accept-encoding'], 'gzip');
    assert.throws(() => JSON.parse(reply.text), SyntaxError, 'the raw body must not be plain JSON');
  });

  test('GET /deflate is zlib-deflate-encoded JSON with deflated: true', async () => {
    const reply = await send(echo, `${ECHO}/deflate`);
    assert.equal(reply.headers['content-encoding'], 'deflate');
    const body = JSON.parse(inflateSync(reply.body).toString('utf8')) as Record<string, unknown>;
    assert.equal(body.deflated, true);
    assert.equal(body.method, 'GET');
  });

  test('GET /type/html and /type/xml answer those documents', async () => {
    const html = await send(echo, `${ECHO}/type/html`);
    assert.equal(html.headers['content-type'], 'text/html; charset=utf-8');
    assert.match(html.text, /^<!DOCTYPE html>/);
    const xml = await send(echo, `${ECHO}/type/xml`);
    assert.equal(xml.headers['content-type'], 'application/xml; charset=utf-8');
    assert.match(xml.text, /^<\?xml version="1.0" encoding="utf-8"\?>\n<food>/);
  });

  test('GET /redirect-to answers 302 (or status_code) to url; without url it is a 400', async () => {
    const target = 'https://example.com/somewhere?x=1';
    const reply = await send(echo, `${ECHO}/redirect-to?url=${encodeURIComponent(target)}`);
    assert.equal(reply.status, 302);
    assert.equal(reply.headers.location, target);
    const permanent = await send(echo, `${ECHO}/redirect-to?url=/get&status_code=308`);
    assert.equal(permanent.status, 308);
    assert.equal((await send(echo, `${ECHO}/redirect-to`)).status, 400);
    assert.equal((await send(echo, `${ECHO}/redirect-to?url=/get&status_code=200`)).status, 400);
  });
});
