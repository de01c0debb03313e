import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startEchoServer, type EchoServer } from '../fixtures/echo-server/index.js';
import { ECHO, multipartBody, send } from './helpers.js';

describe('echo server: request echo endpoints', () => {
  let echo: EchoServer;
  before(async () => {
    echo = await startEchoServer();
  });
  after(() => echo.close());

  test('GET /get echoes args, lower-case headers and the full URL the client asked for', async () => {
    const reply = await send(echo, `${ECHO}/get?hi=hello&hi=lolol&a=%7B%7Be%7D%7D&novar={{novar}}&empty`, {
      headers: { 'X-Custom': 'Value As Sent' },
    });
    assert.equal(reply.status, 200);
    assert.equal(reply.statusMessage, 'OK');
    assert.equal(reply.headers['content-type'], 'application/json; charset=utf-8');
    const body = reply.json<{
      args: Record<string, unknown>;
      headers: Record<string, string>;
      url: string;
    }>();
    assert.deepEqual(body.args, { hi: ['hello', 'lolol'], a: '{{e}}', novar: '{{novar}}', empty: '' });
    assert.equal(body.headers.host, 'postman-echo.com');
    assert.equal(body.headers['x-custom'], 'Value As Sent');
    assert.equal(body.url, `${ECHO}/get?hi=hello&hi=lolol&a=%7B%7Be%7D%7D&novar={{novar}}&empty`);
    assert.deepEqual(Object.keys(body), ['args', 'headers', 'url']);
  });

  test('the url of a GET without a query is exactly https://postman-echo.com/get; over http it says http', async () => {
    assert.equal((await send(echo, `${ECHO}/get`)).json().url, 'https://postman-echo.com/get');
    assert.equal((await send(echo, 'http://postman-echo.com/get')).json().url, 'http://postman-echo.com/get');
  });

  test('a GET with a JSON body (disableBodyPruning) is answered normally, the body ignored', async () => {
    const reply = await send(echo, `${ECHO}/get`, {
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ ignored: true }),
    });
    assert.equal(reply.status, 200);
    assert.deepEqual(Object.keys(reply.json()), ['args', 'headers', 'url']);
  });

  test('HEAD /get is 200 with an empty body; OPTIONS /get is 200 and lists the methods', async () => {
    const head = await send(echo, `${ECHO}/get`, { method: 'HEAD' });
    assert.equal(head.status, 200);
    assert.equal(head.text, '');
    const options = await send(echo, `${ECHO}/get`, { method: 'OPTIONS' });
    assert.equal(options.status, 200);
    assert.equal(options.headers.allow, 'GET, HEAD');
  });

  test('POST raw text: data is the exact string (newline included), content-type echoed as sent', async () => {
    const text = `${'a'.repeat(120)}\n${'b'.repeat(135)}`;
    const body = (
      await send(echo, `${ECHO}/post?x=1`, {
        method: 'POST',
        headers: { 'content-type': 'text/plain' },
        body: text,
      })
    ).json<Record<string, unknown>>();
    assert.deepEqual(Object.keys(body), ['args', 'data', 'files', 'form', 'headers', 'json', 'url']);
    assert.equal(body.data, text);
    assert.equal((body.data as string).length, 256);
    assert.equal((body.headers as Record<string, string>)['content-type'], 'text/plain');
    assert.deepEqual(body.args, { x: '1' });
    assert.equal(body.json, null);
    assert.deepEqual(body.form, {});
  });

  test('POST urlencoded: decoded form, backslash kept, repeated key an array, + a space', async () => {
    const body = (
      await send(echo, `${ECHO}/post`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: 'k=hello%5Ckworld&r=1&r=2&s=a+b&raw=hello\\kworld',
      })
    ).json<{ form: Record<string, unknown>; data: unknown }>();
    assert.deepEqual(body.form, { k: 'hello\\kworld', r: ['1', '2'], s: 'a b', raw: 'hello\\kworld' });
    assert.equal(body.data, '');
  });

  test('POST multipart: text fields go to form, files to files as data URLs', async () => {
    const { contentType, body } = multipartBody(
      [
        ['first', 'one'],
        ['envFileKey', 'from env'],
        ['multi', 'x'],
        ['multi', 'y'],
      ],
      [{ field: 'upload', filename: 'hello.txt', contentType: 'text/plain', data: Buffer.from('hi there') }],
    );
    const reply = (
      await send(echo, `${ECHO}/post`, { method: 'POST', headers: { 'content-type': contentType }, body })
    ).json<{ form: Record<string, unknown>; files: Record<string, string> }>();
    assert.deepEqual(reply.form, { first: 'one', envFileKey: 'from env', multi: ['x', 'y'] });
    assert.deepEqual(reply.files, {
      'hello.txt': `data:text/plain;base64,${Buffer.from('hi there').toString('base64')}`,
    });
  });

  test('empty urlencoded and empty multipart bodies still get 200 JSON', async () => {
    for (const contentType of ['application/x-www-form-urlencoded', 'multipart/form-data; boundary=xyz']) {
      const reply = await send(echo, `${ECHO}/post`, {
        method: 'POST',
        headers: { 'content-type': contentType },
      });
      assert.equal(reply.status, 200);
      assert.deepEqual(reply.json().form, {});
    }
  });

  test('a JSON body is parsed into json (and data); invalid JSON stays text', async () => {
    const valid = (
      await send(echo, `${ECHO}/put`, {
        method: 'PUT',
        headers: { 'content-type': 'application/json' },
        body: '{"a":[1,2]}',
      })
    ).json();
    assert.deepEqual(valid.json, { a: [1, 2] });
    assert.deepEqual(valid.data, { a: [1, 2] });
    const invalid = (
      await send(echo, `${ECHO}/patch`, {
        method: 'PATCH',
        headers: { 'content-type': 'application/json' },
        body: '{',
      })
    ).json();
    assert.equal(invalid.json, null);
    assert.equal(invalid.data, '{');
  });

  test('PUT, PATCH and DELETE echo like POST; a method on the wrong path is a JSON 404', async () => {
    for (const method of ['PUT', 'PATCH', 'DELETE']) {
      const reply = await send(echo, `${ECHO}/${method.toLowerCase()}`, { method, body: 'payload' });
      assert.equal(reply.status, 200, method);
      assert.equal(reply.json().data, 'payload');
    }
    const wrong = await send(echo, `${ECHO}/post`);
    assert.equal(wrong.status, 404);
    assert.equal(wrong.headers['content-type'], 'application/json; charset=utf-8');
  });

  test('basic credentials are echoed in headers.authorization', async () => {
    const authorization = `Basic ${Buffer.from('postman:password').toString('base64')}`;
    const body = (await send(echo, `${ECHO}/post`, { method: 'POST', headers: { authorization } })).json<{
      headers: Record<string, string>;
    }>();
    assert.equal(body.headers.authorization, 'Basic cG9zdG1hbjpwYXNzd29yZA==');
  });

  test('GET /headers returns only headers (host included), no url key', async () => {
    const body = (await send(echo, `${ECHO}/headers`)).json();
    assert.deepEqual(Object.keys(body), ['headers']);
    assert.equal((body.headers as Record<string, string>).host, 'postman-echo.com');
  });

  test('GET /response-headers sets each pair as a header and echoes them; Content-Type gets one space', async () => {
    const plain = await send(
      echo,
      `${ECHO}/response-headers?Content-Type=text/html&Server=apibin&X-Two=1&X-Two=2`,
    );
    assert.equal(plain.headers['content-type'], 'text/html');
    assert.equal(plain.headers.server, 'apibin');
    assert.equal(plain.headers['x-two'], '1, 2');
    assert.deepEqual(plain.json(), { 'Content-Type': 'text/html', Server: 'apibin', 'X-Two': ['1', '2'] });

    const spaced = await send(
      echo,
      `${ECHO}/response-headers?Content-Type=application/json;%20%20charset=utf-8`,
    );
    assert.equal(spaced.headers['content-type'], 'application/json; charset=utf-8');
    assert.ok(spaced.text.includes('Content-Type'));
  });

  test('GET /response-headers refuses a header value Node cannot send with a 400', async () => {
    const reply = await send(echo, `${ECHO}/response-headers?X-Bad=a%0Db`);
    assert.equal(reply.status, 400);
    assert.equal(reply.headers['x-bad'], undefined);
  });

  test('an unknown path is a JSON 404', async () => {
    const reply = await send(echo, `${ECHO}/no/such/endpoint`);
    assert.equal(reply.status, 404);
    assert.equal(reply.headers['content-type'], 'application/json; charset=utf-8');
    assert.deepEqual(reply.json(), { error: { name: 'NotFound', message: 'Cannot GET /no/such/endpoint' } });
  });
});
