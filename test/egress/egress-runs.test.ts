import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { EgressAgents } from '../../src/runner/egress/egress-agents.js';
import type { EgressOptions } from '../../src/runner/egress/egress-options.js';
import { ProcessRunnerPool } from '../../src/runner/isolation/index.js';
import { runCollection, type RunOptions, type RunResult } from '../../src/runner/index.js';
import { collectionOf } from '../helpers/collections.js';
import { startEgressTarget, type EgressTarget } from './egress-target.js';

const OK_TEST = ['pm.test("status 200", () => pm.response.to.have.status(200));'];

/** Runs one GET in-process with agents enforcing `egress` (the same agents a runner process uses). */
async function runWith(egress: EgressOptions, url: string, options: RunOptions = {}): Promise<RunResult> {
  const agents = new EgressAgents(egress);
  try {
    return await runCollection(
      { collection: collectionOf('Egress', [{ name: 'Get', url, tests: OK_TEST }]) },
      {
        requestTimeoutMs: 5_000,
        ...options,
        agents: agents.forRun(true),
      },
    );
  } finally {
    agents.destroy();
  }
}

function requestError(result: RunResult): string {
  return result.executions.map((execution) => execution.error ?? '').join(' | ');
}

describe('egress policy enforced on monitor requests', () => {
  let target: EgressTarget;
  before(async () => {
    target = await startEgressTarget();
  });
  after(() => target.close());

  test('default: everything allowed', async () => {
    const result = await runWith({}, `${target.url}/ok`);
    assert.equal(result.status, 'success', JSON.stringify(result));
  });

  test('an IP literal in a denied network fails the request before connecting; the run is an error', async () => {
    const before = target.requests();
    const result = await runWith({ policy: { deny: ['127.0.0.0/8'] } }, `${target.url}/ok`);
    assert.equal(result.status, 'error');
    assert.match(requestError(result), /egress policy: 127\.0\.0\.1 is not allowed/);
    assert.equal(target.requests(), before, 'nothing reached the server');
  });

  test('an IPv4-mapped IPv6 literal of a denied address is denied', async () => {
    const result = await runWith(
      { policy: { deny: ['127.0.0.0/8'] } },
      `http://[::ffff:127.0.0.1]:${target.port}/ok`,
    );
    assert.equal(result.status, 'error');
    assert.match(requestError(result), /egress policy: 127\.0\.0\.1 is not allowed/);
  });

  test('a host name is checked on the address it resolves to (localhost, *.localhost)', async () => {
    const policy = { deny: ['127.0.0.0/8', '::1'] };
    for (const host of ['localhost', 'api.localhost']) {
      const result = await runWith({ policy }, `http://${host}:${target.port}/ok`);
      assert.equal(result.status, 'error', host);
      assert.match(
        requestError(result),
        new RegExp(`egress policy: (127\\.0\\.0\\.1|::1) is not allowed \\(${host}\\)`),
      );
    }
  });

  test('allow list: a host name resolving inside it works; an IP outside it fails', async () => {
    const policy = { allow: ['127.0.0.1/32', '::1/128'] };
    const inside = await runWith({ policy }, `http://api.localhost:${target.port}/ok`);
    assert.equal(inside.status, 'success', JSON.stringify(inside));
    const outside = await runWith({ policy }, `http://10.9.8.7:${target.port}/ok`);
    assert.equal(outside.status, 'error');
    assert.match(requestError(outside), /egress policy: 10\.9\.8\.7 is not allowed/);
  });

  test('a redirect into a denied network fails at the hop (IPv4 and IPv6 literals)', async () => {
    const policy = { allow: ['127.0.0.1/32'] };
    // 127.0.0.2 and ::1 are refused before any connection is made: no packet leaves for them.
    const literal = await runWith(
      { policy },
      `${target.url}/redirect?to=${encodeURIComponent(`http://127.0.0.2:${target.port}/ok`)}`,
    );
    assert.equal(literal.status, 'error');
    assert.match(requestError(literal), /egress policy: 127\.0\.0\.2 is not allowed/);
    const v6 = await runWith(
      { policy },
      `${target.url}/redirect?to=${encodeURIComponent(`http://[::1]:${target.port}/ok`)}`,
    );
    assert.equal(v6.status, 'error');
    assert.match(requestError(v6), /egress policy: ::1 is not allowed/);
    const allowed = await runWith({ policy }, `${target.url}/redirect?to=%2Fok`);
    assert.equal(allowed.status, 'success', JSON.stringify(allowed));
  });

  test('response size cap: a larger response fails the request; a smaller one passes; kept-alive sockets recount', async () => {
    const egress = { maxResponseBytes: 10_000 };
    const big = await runWith(egress, `${target.url}/bytes/50000`);
    assert.equal(big.status, 'error');
    assert.match(requestError(big), /response larger than 10000 bytes \(egress response cap\)/);
    const agents = new EgressAgents(egress);
    try {
      const small = collectionOf(
        'Small',
        [1, 2, 3].map((n) => ({ name: `small ${n}`, url: `${target.url}/bytes/6000`, tests: OK_TEST })),
      );
      const result = await runCollection({ collection: small }, { agents: agents.forRun(true) });
      assert.equal(result.status, 'success', JSON.stringify(result));
    } finally {
      agents.destroy();
    }
  });

  test("header cap: postman-runtime's 128 KiB per response", async () => {
    const result = await runWith({}, `${target.url}/headers/200000`);
    assert.equal(result.status, 'error');
    assert.match(requestError(result), /header/i);
  });

  test('through the runner processes: the pool applies its egress options to every run', async () => {
    const pool = new ProcessRunnerPool({
      processes: 1,
      sandbox: { size: 1 },
      egress: { policy: { deny: ['127.0.0.2'] }, maxResponseBytes: 10_000 },
    });
    try {
      const collection = collectionOf('Pool egress', [
        { name: 'allowed', url: `${target.url}/ok`, tests: OK_TEST },
        { name: 'denied', url: `http://127.0.0.2:${target.port}/ok`, tests: OK_TEST },
        { name: 'too big', url: `${target.url}/bytes/20000`, tests: OK_TEST },
      ]);
      const result = await pool.run({ collection });
      assert.equal(result.status, 'error');
      const errors = result.executions.map((execution) => [
        execution.name,
        execution.status ?? null,
        execution.error ?? null,
      ]);
      assert.deepEqual(errors[0], ['allowed', 200, null]);
      assert.match(String(errors[1]?.[2]), /egress policy: 127\.0\.0\.2 is not allowed/);
      assert.match(String(errors[2]?.[2]), /response larger than 10000 bytes/);
    } finally {
      await pool.close();
    }
  });
});
