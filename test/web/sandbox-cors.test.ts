import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startPdSandbox, type PdSandbox } from '../../src/pd-sandbox/index.js';

/**
 * The dashboard's sandbox console reads the sandbox from another origin (the pagewatch server's): reads are open to
 * any origin, writes (reset, faults, events) are not.
 */
let sandbox: PdSandbox;
before(async () => {
  sandbox = await startPdSandbox();
});
after(async () => {
  await sandbox?.close();
});

test('GET /sandbox/* answers with Access-Control-Allow-Origin: *', async () => {
  for (const path of ['/sandbox/alerts', '/sandbox/events', '/sandbox/alerts?status=triggered']) {
    const response = await fetch(`${sandbox.url}${path}`, { headers: { origin: 'http://127.0.0.1:8080' } });
    assert.equal(response.status, 200, path);
    assert.equal(response.headers.get('access-control-allow-origin'), '*', path);
  }
});

test('a preflight on /sandbox/* allows GET only', async () => {
  const response = await fetch(`${sandbox.url}/sandbox/alerts`, {
    method: 'OPTIONS',
    headers: {
      origin: 'http://127.0.0.1:8080',
      'access-control-request-method': 'GET',
      'access-control-request-headers': 'accept',
    },
  });
  assert.equal(response.status, 204);
  assert.equal(response.headers.get('access-control-allow-origin'), '*');
  assert.equal(response.headers.get('access-control-allow-methods'), 'GET');
});

test('writes and the Events API carry no CORS header', async () => {
  const reset = await fetch(`${sandbox.url}/sandbox/reset`, { method: 'POST' });
  assert.equal(reset.status, 200);
  assert.equal(reset.headers.get('access-control-allow-origin'), null);
  const enqueue = await fetch(`${sandbox.url}/v2/enqueue`, { method: 'POST', body: '{}' });
  assert.equal(enqueue.headers.get('access-control-allow-origin'), null);
  const preflight = await fetch(`${sandbox.url}/v2/enqueue`, { method: 'OPTIONS' });
  assert.equal(preflight.headers.get('access-control-allow-origin'), null);
});
