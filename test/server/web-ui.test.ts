import assert from 'node:assert/strict';
import { mkdtemp, mkdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { startTestServer } from '../helpers/server-harness.js';

test('the dashboard bundle is served at / with client-side routes falling back to index.html; the API is unchanged', async () => {
  const webRoot = await mkdtemp(join(tmpdir(), 'pagewatch-web-'));
  await mkdir(join(webRoot, 'assets'));
  await writeFile(
    join(webRoot, 'index.html'),
    '<!doctype html><title>pagewatch</title><script src="/assets/app.js"></script>',
  );
  await writeFile(join(webRoot, 'assets', 'app.js'), 'console.log("app")');
  const server = await startTestServer('sqlite', { webRoot });
  try {
    const home = await fetch(`${server.url}/`);
    assert.equal(home.status, 200);
    assert.match(await home.text(), /<title>pagewatch<\/title>/);
    assert.match(home.headers.get('content-security-policy') ?? '', /script-src 'self'/);
    const deepLink = await fetch(`${server.url}/monitors/mon_123`);
    assert.equal(deepLink.status, 200);
    assert.match(await deepLink.text(), /<title>pagewatch<\/title>/);
    const asset = await fetch(`${server.url}/assets/app.js`);
    assert.equal(asset.status, 200);
    assert.match(asset.headers.get('content-type') ?? '', /javascript/);
    const api = await fetch(`${server.url}/api/v1/monitors`);
    assert.equal(api.status, 401, 'the API still needs a token');
    assert.match(api.headers.get('content-security-policy') ?? '', /default-src 'none'/);
    assert.equal(
      (await fetch(`${server.url}/api/v1/nope`, { headers: { authorization: 'Bearer x' } })).status,
      401,
    );
  } finally {
    await server.close();
  }
});
