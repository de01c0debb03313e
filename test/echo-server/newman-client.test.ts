import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { after, before, describe, test } from 'node:test';
import { startEchoServer, type EchoServer } from '../fixtures/echo-server/index.js';

/** The bits of newman's run summary this test reads. */
interface NewmanSummary {
  run: {
    stats: { requests: { total: number }; assertions: { total: number; failed: number } };
    failures: { error: { message: string } }[];
  };
}
const newman = createRequire(import.meta.url)('newman') as {
  run(
    options: Record<string, unknown>,
    callback: (error: Error | null, summary: NewmanSummary) => void,
  ): void;
};

function item(
  name: string,
  url: string,
  tests: string[],
  auth?: Record<string, unknown>,
): Record<string, unknown> {
  return {
    name,
    request: { url, method: 'GET', ...(auth ? { auth } : {}) },
    event: [{ listen: 'test', script: { exec: tests } }],
  };
}

const collection = {
  info: {
    name: 'echo server through newman',
    schema: 'https://schema.getpostman.com/json/collection/v2.1.0/',
  },
  item: [
    item('get', 'https://postman-echo.com/get', [
      "pm.test('url as sent', () => pm.expect(pm.response.json().url).to.equal('https://postman-echo.com/get'));",
      "pm.test('status OK', () => pm.response.to.have.status('OK'));",
    ]),
    item('scheme-less is http', 'postman-echo.com/get', [
      "pm.test('http', () => pm.expect(pm.response.json().url).to.equal('http://postman-echo.com/get'));",
    ]),
    item(
      'digest handshake',
      'https://postman-echo.com/digest-auth',
      ["pm.test('digest', () => pm.expect(pm.response.json().authenticated).to.equal(true));"],
      {
        type: 'digest',
        digest: [
          { key: 'username', value: 'postman' },
          { key: 'password', value: 'password' },
        ],
      },
    ),
    item(
      'oauth1',
      'https://postman-echo.com/oauth1?a=omg',
      ["pm.test('oauth1', () => pm.expect(pm.response.json().status).to.equal('pass'));"],
      {
        type: 'oauth1',
        oauth1: [
          { key: 'consumerKey', value: 'RKCGzna7bv9YD57c' },
          { key: 'consumerSecret', value: 'D+EdQ-gs$-%@2Nu7' },
          { key: 'signatureMethod', value: 'HMAC-SHA1' },
          { key: 'addParamsToHeader', value: true },
        ],
      },
    ),
    item(
      'hawk',
      'https://postman-echo.com/auth/hawk',
      ["pm.test('hawk', () => pm.response.to.have.jsonBody('message', 'Hawk Authentication Successful'));"],
      {
        type: 'hawk',
        hawk: [
          { key: 'authId', value: 'dh37fgj492je' },
          { key: 'authKey', value: 'werxhqb98rpaxn39848xrunpaw3489ruxnpa98w4rxn' },
          { key: 'algorithm', value: 'sha256' },
        ],
      },
    ),
    item('gzip', 'https://postman-echo.com/gzip', [
      "pm.test('decoded', () => pm.expect(pm.response.json().gzipped).to.equal(true));",
    ]),
    item('cookies set', 'https://postman-echo.com/cookies/set?foo1=bar1&foo2=bar2', [
      "pm.test('set', () => pm.expect(pm.response.json().cookies).to.eql({ foo1: 'bar1', foo2: 'bar2' }));",
    ]),
    item('cookies delete', 'https://postman-echo.com/cookies/delete?foo1&foo2', [
      "pm.test('deleted', () => pm.expect(pm.response.json().cookies).to.eql({}));",
    ]),
  ],
};

describe('echo server: driven by newman 6.2.1 (postman-runtime 7.39.1) with strict TLS', () => {
  let echo: EchoServer;
  before(async () => {
    echo = await startEchoServer();
  });
  after(() => echo.close());

  test('digest handshake, OAuth 1.0a, Hawk, gzip and the cookie jar all pass, certificate verified', async () => {
    const summary = await new Promise<NewmanSummary>((resolve, reject) =>
      newman.run(
        { collection, requestAgents: echo.agents, insecure: false, reporters: [] },
        (error, result) => (error ? reject(error) : resolve(result)),
      ),
    );
    assert.deepEqual(
      summary.run.failures.map((failure) => failure.error.message),
      [],
    );
    assert.equal(summary.run.stats.assertions.total, 9);
    assert.equal(summary.run.stats.assertions.failed, 0);
    // The digest request is sent twice: the 401 challenge, then the answer.
    assert.equal(summary.run.stats.requests.total, 9);
  });
});
