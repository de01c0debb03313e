import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startEchoServer, type EchoServer } from '../fixtures/echo-server/index.js';
import { ECHO, send } from './helpers.js';

describe('echo server: cookies', () => {
  let echo: EchoServer;
  before(async () => {
    echo = await startEchoServer();
  });
  after(() => echo.close());

  const session = 'sails.sid=abc';

  test('GET /cookies/set sets each pair with Path=/ (not Secure) and redirects 302 to /cookies', async () => {
    const reply = await send(echo, `${ECHO}/cookies/set?foo1=bar1&foo2=bar%20two`, {
      headers: { cookie: session },
    });
    assert.equal(reply.status, 302);
    assert.equal(reply.headers.location, '/cookies');
    assert.deepEqual(reply.headers['set-cookie'], ['foo1=bar1; Path=/', 'foo2=bar%20two; Path=/']);
  });

  test('GET /cookies returns exactly the request cookies (decoded), without the session cookie', async () => {
    const reply = await send(echo, `${ECHO}/cookies`, {
      headers: { cookie: `foo1=bar1; ${session}; foo2=bar%20two` },
    });
    assert.equal(reply.status, 200);
    assert.deepEqual(reply.json(), { cookies: { foo1: 'bar1', foo2: 'bar two' } });
    assert.deepEqual((await send(echo, `${ECHO}/cookies`, { headers: { cookie: session } })).json(), {
      cookies: {},
    });
  });

  test('GET /cookies/delete expires the named cookies and redirects to /cookies', async () => {
    const reply = await send(echo, `${ECHO}/cookies/delete?foo1&foo2`, { headers: { cookie: session } });
    assert.equal(reply.status, 302);
    assert.equal(reply.headers.location, '/cookies');
    const cookies = reply.headers['set-cookie']!;
    assert.equal(cookies.length, 2);
    for (const [index, name] of ['foo1', 'foo2'].entries()) {
      assert.match(cookies[index]!, new RegExp(`^${name}=; Path=/; Expires=Thu, 01 Jan 1970 00:00:00 GMT`));
    }
  });

  test('a client without a session gets a sails.sid cookie (HttpOnly, Path=/), one that has it does not', async () => {
    const fresh = await send(echo, `${ECHO}/get`);
    assert.match(fresh.headers['set-cookie']![0]!, /^sails\.sid=[\w-]+; Path=\/; HttpOnly$/);
    const known = await send(echo, `${ECHO}/get`, { headers: { cookie: session } });
    assert.equal(known.headers['set-cookie'], undefined);
    const set = await send(echo, `${ECHO}/cookies/set?foo=bar`);
    assert.equal(
      set.headers['set-cookie']!.length,
      2,
      'the session cookie and foo, neither replacing the other',
    );
  });
});
