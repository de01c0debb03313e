import assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import { get as httpsGet, type Agent as HttpsAgent } from 'node:https';
import { connect } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { startEchoServer, type EchoServer } from '../fixtures/echo-server/index.js';
import { RoutingHttpsAgent } from '../fixtures/echo-server/routing-agents.js';
import { generateEchoCertificate } from '../fixtures/echo-server/tls-certificate.js';
import { ECHO, send } from './helpers.js';

/** GET through `agent`; resolves with the status and whether the socket was reused, or rejects with the TLS error. */
function getVia(
  agent: HttpsAgent,
  url: string,
  rejectUnauthorized = true,
): Promise<{ status: number; reused: boolean }> {
  return new Promise((resolve, reject) => {
    const request = httpsGet(url, { agent, rejectUnauthorized }, (response) => {
      response.resume();
      response.on('end', () => resolve({ status: response.statusCode ?? 0, reused: request.reusedSocket }));
    });
    request.on('error', reject);
  });
}

describe('echo server: routing agents, TLS and lifecycle', () => {
  let echo: EchoServer;
  before(async () => {
    echo = await startEchoServer();
  });
  after(() => echo.close());

  test('listens on two distinct ephemeral ports', () => {
    assert.ok(echo.httpPort > 0 && echo.httpsPort > 0);
    assert.notEqual(echo.httpPort, echo.httpsPort);
  });

  test('any host and port reach the server; the Host header and echoed url stay the ones of the URL', async () => {
    const body = (await send(echo, 'https://api.example.org:8443/get?x=1')).json<{
      headers: Record<string, string>;
      url: string;
    }>();
    assert.equal(body.headers.host, 'api.example.org:8443');
    assert.equal(body.url, 'https://api.example.org:8443/get?x=1');
    const plain = (await send(echo, 'http://postman-echo.com:8080/headers')).json<{
      headers: Record<string, string>;
    }>();
    assert.equal(plain.headers.host, 'postman-echo.com:8080');
  });

  test('the certificate is for postman-echo.com and the https agent verifies it (strict TLS stays on)', async () => {
    const certificate = new X509Certificate(echo.certificatePem);
    assert.match(certificate.subject, /CN=postman-echo\.com/);
    assert.equal(certificate.subjectAltName, 'DNS:postman-echo.com');
    assert.equal(certificate.checkHost('postman-echo.com'), 'postman-echo.com');
    assert.equal((await getVia(echo.agents.https, `${ECHO}/get`)).status, 200);
  });

  test('an agent that trusts another certificate is refused, unless verification is off', async () => {
    const stranger = await generateEchoCertificate();
    const agent = new RoutingHttpsAgent(echo.httpsPort, stranger.certificatePem);
    try {
      await assert.rejects(getVia(agent, `${ECHO}/get`), { code: 'DEPTH_ZERO_SELF_SIGNED_CERT' });
      assert.equal((await getVia(agent, `${ECHO}/get`, false)).status, 200);
    } finally {
      agent.destroy();
    }
  });

  test('keep-alive: a second request reuses the connection', async () => {
    await getVia(echo.agents.https, `${ECHO}/get`);
    assert.equal((await getVia(echo.agents.https, `${ECHO}/get`)).reused, true);
  });

  test('close() ends in-flight requests and both listeners', async () => {
    const own = await startEchoServer();
    const pending = send(own, `${ECHO}/delay/10`).catch((error: Error) => error);
    await new Promise((resolve) => setTimeout(resolve, 100));
    const started = Date.now();
    await own.close();
    assert.ok(Date.now() - started < 2_000);
    assert.ok((await pending) instanceof Error);
    for (const port of [own.httpPort, own.httpsPort]) {
      await assert.rejects(
        new Promise((resolve, reject) =>
          connect(port, '127.0.0.1').on('connect', resolve).on('error', reject),
        ),
        { code: 'ECONNREFUSED' },
      );
    }
  });
});
