import assert from 'node:assert/strict';
import { createHash, createHmac } from 'node:crypto';
import { createRequire } from 'node:module';
import { after, before, describe, test } from 'node:test';
import OAuth from 'oauth-1.0a';
import { startEchoServer, type EchoServer } from '../fixtures/echo-server/index.js';
import { ECHO, multipartBody, send } from './helpers.js';

interface HawkClient {
  header(
    uri: string,
    method: string,
    options: { credentials: { id: string; key: string; algorithm: string }; ext?: string; nonce?: string },
  ): { header: string };
}
const hawk = createRequire(import.meta.url)('@hapi/hawk') as { client: HawkClient };

const md5 = (value: string): string => createHash('md5').update(value).digest('hex');
const FIXED_OLD_NONCE = 'ni1LiL0O37PRRhofWdCLmwFsnEtH1lew';

/** A digest Authorization header computed independently of the server's code. */
function digestHeader(options: { password?: string; nonce: string; uri?: string; qop?: boolean }): string {
  const uri = options.uri ?? '/digest-auth';
  const ha1 = md5(`postman:Users:${options.password ?? 'password'}`);
  const ha2 = md5(`GET:${uri}`);
  if (!options.qop) {
    const response = md5(`${ha1}:${options.nonce}:${ha2}`);
    return `Digest username="postman", realm="Users", nonce="${options.nonce}", uri="${uri}", algorithm="", response="${response}"`;
  }
  const response = md5(`${ha1}:${options.nonce}:00000001:0a4f113b:auth:${ha2}`);
  return `Digest username="postman", realm="Users", nonce="${options.nonce}", uri="${uri}", algorithm="MD5", qop=auth, nc=00000001, cnonce="0a4f113b", response="${response}"`;
}

function oauth1Header(url: string, method: string, secret = 'D+EdQ-gs$-%@2Nu7'): string {
  const oauth = new OAuth({
    consumer: { key: 'RKCGzna7bv9YD57c', secret },
    signature_method: 'HMAC-SHA1',
    hash_function: (base, key) => createHmac('sha1', key).update(base).digest('base64'),
  });
  return oauth.toHeader(oauth.authorize({ url, method })).Authorization;
}

const HAWK_CREDENTIALS = {
  id: 'dh37fgj492je',
  key: 'werxhqb98rpaxn39848xrunpaw3489ruxnpa98w4rxn',
  algorithm: 'sha256',
};

describe('echo server: authentication endpoints', () => {
  let echo: EchoServer;
  before(async () => {
    echo = await startEchoServer();
  });
  after(() => echo.close());

  describe('basic auth', () => {
    test('postman:password is 200 {authenticated: true}', async () => {
      const authorization = `Basic ${Buffer.from('postman:password').toString('base64')}`;
      const reply = await send(echo, `${ECHO}/basic-auth`, { headers: { authorization } });
      assert.equal(reply.status, 200);
      assert.deepEqual(reply.json(), { authenticated: true });
    });

    test('no or wrong credentials are 401 without an Authorization header', async () => {
      const none = await send(echo, `${ECHO}/basic-auth`);
      assert.equal(none.status, 401);
      assert.equal(none.headers.authorization, undefined);
      const wrong = `Basic ${Buffer.from('postman:nope').toString('base64')}`;
      assert.equal(
        (await send(echo, `${ECHO}/basic-auth`, { headers: { authorization: wrong } })).status,
        401,
      );
    });
  });

  describe('digest auth', () => {
    test('no credentials: 401 with a quoted realm and a random nonce, fresh each time', async () => {
      const first = await send(echo, `${ECHO}/digest-auth`);
      const second = await send(echo, `${ECHO}/digest-auth`);
      assert.equal(first.status, 401);
      const pattern = /^Digest realm="Users", nonce="([A-Za-z0-9]{32})", qop="auth"$/;
      const nonce1 = pattern.exec(first.headers['www-authenticate']!)?.[1];
      const nonce2 = pattern.exec(second.headers['www-authenticate']!)?.[1];
      assert.ok(nonce1 && nonce2, first.headers['www-authenticate']);
      assert.notEqual(nonce1, nonce2);
    });

    test('the qop=auth answer to a challenge is accepted', async () => {
      const challenge = await send(echo, `${ECHO}/digest-auth`);
      const nonce = /nonce="([^"]*)"/.exec(challenge.headers['www-authenticate']!)![1]!;
      const reply = await send(echo, `${ECHO}/digest-auth`, {
        headers: { authorization: digestHeader({ nonce, qop: true }) },
      });
      assert.equal(reply.status, 200);
      assert.deepEqual(reply.json(), { authenticated: true });
    });

    test('the RFC 2069 form (no qop) with the fixed old nonce is accepted: verification keeps no state', async () => {
      const authorization = digestHeader({ nonce: FIXED_OLD_NONCE });
      const reply = await send(echo, `${ECHO}/digest-auth`, { headers: { authorization } });
      assert.equal(reply.status, 200);
      assert.equal(reply.json().authenticated, true);
    });

    test('a wrong password, or a digest for another uri, is 401 with a fresh challenge', async () => {
      for (const authorization of [
        digestHeader({ nonce: FIXED_OLD_NONCE, password: 'wrong' }),
        digestHeader({ nonce: FIXED_OLD_NONCE, qop: true, password: 'wrong' }),
        digestHeader({ nonce: FIXED_OLD_NONCE, uri: '/digest-auth?other' }),
      ]) {
        const reply = await send(echo, `${ECHO}/digest-auth`, { headers: { authorization } });
        assert.equal(reply.status, 401, authorization);
        assert.match(reply.headers['www-authenticate']!, /^Digest realm="Users", nonce="(?!ni1LiL0O)[^"]+"/);
      }
    });
  });

  describe('OAuth 1.0a', () => {
    test('a valid HMAC-SHA1 signature (with a query, over https and http) passes', async () => {
      for (const url of [
        `${ECHO}/oauth1?a=omg&b=x%20y`,
        'http://postman-echo.com/oauth1',
        `${ECHO}/oauth1`,
      ]) {
        const reply = await send(echo, url, { headers: { authorization: oauth1Header(url, 'GET') } });
        assert.equal(reply.status, 200, url);
        assert.deepEqual(reply.json(), {
          status: 'pass',
          message: 'OAuth-1.0a signature verification was successful',
        });
      }
    });

    test('a signature over an explicit non-default port is checked against that port', async () => {
      const url = 'https://postman-echo.com:8443/oauth1';
      assert.equal(
        (await send(echo, url, { headers: { authorization: oauth1Header(url, 'GET') } })).status,
        200,
      );
    });

    test('a tampered signature, a wrong secret, or one signed for another scheme/host/method/query is 401 fail', async () => {
      const url = `${ECHO}/oauth1?a=omg`;
      const good = oauth1Header(url, 'GET');
      const tampered = good.replace(
        /oauth_signature="([^"]+)"/,
        (_all, sig: string) => `oauth_signature="${sig.startsWith('A') ? 'B' : 'A'}${sig.slice(1)}"`,
      );
      const cases: [string, string][] = [
        [url, tampered],
        [url, oauth1Header(url, 'GET', 'not-the-secret')],
        [url, oauth1Header('http://postman-echo.com/oauth1?a=omg', 'GET')],
        [url, oauth1Header('https://other.example/oauth1?a=omg', 'GET')],
        [url, oauth1Header(url, 'POST')],
        [`${ECHO}/oauth1?a=changed`, good],
      ];
      for (const [target, authorization] of cases) {
        const reply = await send(echo, target, { headers: { authorization } });
        assert.equal(reply.status, 401, authorization);
        const body = reply.json<{ status: string; base_string: string }>();
        assert.equal(body.status, 'fail');
        assert.match(body.base_string, /^GET&https%3A%2F%2Fpostman-echo\.com%2Foauth1&/);
      }
      assert.equal((await send(echo, `${ECHO}/oauth1`)).json().status, 'fail');
    });
  });

  describe('Hawk', () => {
    test('a sha256 Hawk header for postman-echo.com:443 passes', async () => {
      for (const url of [`${ECHO}/auth/hawk`, 'http://postman-echo.com/auth/hawk?x=1']) {
        const { header } = hawk.client.header(url, 'GET', {
          credentials: HAWK_CREDENTIALS,
          ext: 'skjdfklsjhdflkjhsdf',
        });
        const reply = await send(echo, url, { headers: { authorization: header } });
        assert.equal(reply.status, 200, url);
        assert.deepEqual(reply.json(), { message: 'Hawk Authentication Successful' });
      }
    });

    test('a wrong key, another port or a stale header is 401 with a Hawk challenge', async () => {
      const url = `${ECHO}/auth/hawk`;
      const wrongKey = hawk.client.header(url, 'GET', {
        credentials: { ...HAWK_CREDENTIALS, key: 'not-the-key' },
      });
      const otherPort = hawk.client.header('https://postman-echo.com:444/auth/hawk', 'GET', {
        credentials: HAWK_CREDENTIALS,
      });
      const stale =
        'Hawk id="dh37fgj492je", ts="1448888081", nonce="HoH6Ay", ext="skjdfklsjhdflkjhsdf", mac="moWleO5f/8QbvIiy7oo2zj1bmezhrYwrCkz4BsXg0M4="';
      for (const authorization of [wrongKey.header, otherPort.header, stale]) {
        const reply = await send(echo, url, { headers: { authorization } });
        assert.equal(reply.status, 401, authorization);
        assert.match(reply.headers['www-authenticate']!, /^Hawk/);
        assert.equal(reply.json().error, 'Unauthorized');
      }
      assert.equal((await send(echo, url)).status, 401);
    });
  });

  describe('OAuth 2.0', () => {
    const fields: [string, string][] = [
      ['code', 'xWnkliVQJURqB2x1'],
      ['grant_type', 'authorization_code'],
      ['redirect_uri', 'https://www.getpostman.com/oauth2/callback'],
      ['client_id', 'abc123'],
      ['client_secret', 'ssh-secret'],
    ];

    test('the token endpoint issues the access token that user/info accepts', async () => {
      const { contentType, body } = multipartBody(fields);
      const token = await send(echo, `${ECHO}/oauth2/token`, {
        method: 'POST',
        headers: { 'content-type': contentType },
        body,
      });
      assert.equal(token.status, 200);
      const { access_token: accessToken, token_type: tokenType } = token.json<{
        access_token: string;
        token_type: string;
      }>();
      assert.equal(tokenType, 'Bearer');
      const info = await send(echo, `${ECHO}/oauth2/user/info`, {
        headers: { authorization: `Bearer ${accessToken}` },
      });
      assert.equal(info.status, 200);
      assert.deepEqual(Object.keys(info.json()), ['user_id', 'name']);
    });

    test('a wrong client secret, code or grant type is refused; user/info without a valid token is 401', async () => {
      const post = (pairs: [string, string][]) =>
        send(echo, `${ECHO}/oauth2/token`, {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          body: new URLSearchParams(pairs).toString(),
        });
      const replace = (name: string, value: string): [string, string][] =>
        fields.map(([key, old]) => [key, key === name ? value : old]);
      assert.equal((await post(replace('client_secret', 'nope'))).json().error, 'invalid_client');
      assert.equal((await post(replace('code', 'nope'))).json().error, 'invalid_grant');
      assert.equal((await post(replace('grant_type', 'password'))).status, 400);
      assert.equal((await post(fields)).status, 200);
      const info = await send(echo, `${ECHO}/oauth2/user/info`, {
        headers: { authorization: 'Bearer nope' },
      });
      assert.equal(info.status, 401);
      assert.equal((await send(echo, `${ECHO}/oauth2/user/info`)).status, 401);
    });
  });
});
