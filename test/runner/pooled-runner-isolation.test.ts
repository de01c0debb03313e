import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createPooledRunner, type PooledRunner, type RunResult } from '../../src/runner/index.js';
import { collectionOf } from '../helpers/collections.js';
import { startTargetServer, type TargetServer } from '../helpers/target-server.js';

/**
 * Monitor A pollutes the sandbox every way a script can; monitor B then runs in the same pool (one context, so the
 * very same worker unless it was replaced) and asserts it sees none of it. Each probe is its own pm.test so a
 * failure names the leak.
 */
const POLLUTE = [
  'pm.globals.set("leakGlobal", "A");',
  'pm.environment.set("leakEnv", "A");',
  'pm.collectionVariables.set("leakCollection", "A");',
  'pm.variables.set("leakVariable", "A");',
  'var leakVar = "A";',
  'leakImplicit = "A";',
  'Array.prototype.leakArray = "A";',
  'Object.prototype.leakObject = "A";',
  'String.prototype.leakString = function () { return "A"; };',
  'JSON.parse = function () { return "A"; };',
  'Math.random = function () { return 4; };',
  '(function () { return this; })().leakThis = "A";',
  '({}).constructor.constructor("return this")().leakCtor = "A";',
  '_.leakLodash = "A";',
  'require("postman-collection").Url.prototype.leakSdk = "A";',
  'Object.getPrototypeOf(pm.expect(1)).leakChai = "A";',
  'setTimeout(function () { Array.prototype.leakLate = "A"; }, 150);',
  'setInterval(function () { Object.prototype.leakInterval = "A"; }, 20);',
  'pm.test("A ran", function () {});',
];

const PROBE = [
  'pm.test("no pm.globals", () => pm.expect(pm.globals.get("leakGlobal")).to.equal(undefined));',
  'pm.test("no pm.environment", () => pm.expect(pm.environment.get("leakEnv")).to.equal(undefined));',
  'pm.test("no pm.collectionVariables", () => pm.expect(pm.collectionVariables.get("leakCollection")).to.equal(undefined));',
  'pm.test("no pm.variables", () => pm.expect(pm.variables.get("leakVariable")).to.equal(undefined));',
  'pm.test("no top-level var", () => pm.expect(typeof leakVar).to.equal("undefined"));',
  'pm.test("no implicit global", () => pm.expect(typeof leakImplicit).to.equal("undefined"));',
  'pm.test("no Array.prototype change", () => pm.expect([].leakArray).to.equal(undefined));',
  'pm.test("no Object.prototype change", () => pm.expect(({}).leakObject).to.equal(undefined));',
  'pm.test("no String.prototype change", () => pm.expect("".leakString).to.equal(undefined));',
  'pm.test("JSON.parse is the real one", () => pm.expect(JSON.parse("[1]")).to.eql([1]));',
  'pm.test("Math.random is the real one", () => pm.expect(Math.random()).to.be.below(1));',
  'pm.test("no global via this", () => pm.expect((function () { return this; })().leakThis).to.equal(undefined));',
  'pm.test("no global via constructor", () => pm.expect(({}).constructor.constructor("return this")().leakCtor).to.equal(undefined));',
  'pm.test("no lodash change", () => pm.expect(_.leakLodash).to.equal(undefined));',
  'pm.test("no postman-collection change", () => pm.expect(require("postman-collection").Url.prototype.leakSdk).to.equal(undefined));',
  'pm.test("no chai change", () => pm.expect(Object.getPrototypeOf(pm.expect(1)).leakChai).to.equal(undefined));',
  'pm.test("no late timer", () => pm.expect([].leakLate).to.equal(undefined));',
  'pm.test("no interval", () => pm.expect(({}).leakInterval).to.equal(undefined));',
];

/** A's interval keeps each of its scripts busy until the script timeout, as in Postman: keep that short. */
const A_OPTIONS = { scriptTimeoutMs: 400 };

function assertPolluterRan(result: RunResult): void {
  assert.deepEqual(
    result.executions.map((execution) => execution.assertions.map((a) => [a.name, a.passed])),
    [[['A ran', true]], [['A ran', true]]],
    JSON.stringify(result.executions),
  );
  for (const execution of result.executions) {
    assert.match(execution.error ?? '', /asynchronous script execution timeout/);
  }
}

describe('pooled runner: nothing leaks between runs', () => {
  let target: TargetServer;
  let runner: PooledRunner;
  before(async () => {
    target = await startTargetServer();
    // One context: B can only run where A ran, or in its replacement.
    runner = createPooledRunner({ sandbox: { size: 1 } });
  });
  after(async () => {
    await runner.close();
    await target.close();
  });

  const monitorA = (): Record<string, unknown> =>
    collectionOf('Monitor A', [
      { name: 'Pollute (pre-request)', url: `${target.url}/health`, prerequest: POLLUTE },
      { name: 'Pollute (test)', url: `${target.url}/health`, tests: POLLUTE },
    ]);
  const monitorB = (): Record<string, unknown> =>
    collectionOf('Monitor B', [{ name: 'Probe', url: `${target.url}/health`, tests: PROBE }]);

  test('a clean pool passes the probe (the probe itself is sound)', async () => {
    const result = await runner.run({ collection: monitorB() });
    assert.equal(result.status, 'success', JSON.stringify(result.executions[0]?.assertions));
    assert.equal(result.stats.assertions.total, PROBE.length);
  });

  test("monitor A's pollution is invisible to monitor B's next run in the same pool", async () => {
    const polluted = await runner.run({ collection: monitorA() }, A_OPTIONS);
    assertPolluterRan(polluted);
    // A's own later script in the same run still sees A's variables: per-run state stays per run.
    const seenByA = await runner.run({
      collection: collectionOf('Monitor A2', [
        {
          name: 'Own vars',
          url: `${target.url}/health`,
          prerequest: ['pm.variables.set("mine", "A2");'],
          tests: ['pm.test("own variable kept", () => pm.expect(pm.variables.get("mine")).to.equal("A2"));'],
        },
      ]),
    });
    assert.equal(seenByA.status, 'success', JSON.stringify(seenByA.executions[0]?.assertions));
    // Let A's timers fire if anything had kept them alive.
    await new Promise((resolve) => setTimeout(resolve, 300));
    for (let round = 0; round < 2; round++) {
      const probed = await runner.run({ collection: monitorB() });
      const leaks = probed.executions[0]?.assertions.filter((a) => !a.passed).map((a) => a.name);
      assert.deepEqual(leaks, [], `leaked into monitor B: ${leaks?.join(', ')}`);
      assert.equal(probed.status, 'success');
    }
    assert.ok(runner.stats().replacedContexts >= 1, 'the tainted context was replaced');
  });

  test('A and B interleaved concurrently in one context: B never sees A', async () => {
    const runs = Array.from({ length: 4 }, (_, i) =>
      i % 2 === 0
        ? runner.run({ collection: monitorA() }, A_OPTIONS)
        : runner.run({ collection: monitorB() }),
    );
    const results = await Promise.all(runs);
    results.forEach((result, i) => {
      if (i % 2 === 0) return assertPolluterRan(result);
      const leaks = result.executions[0]?.assertions.filter((a) => !a.passed).map((a) => a.name);
      assert.deepEqual(leaks, [], `run ${i} saw: ${leaks?.join(', ')}`);
      assert.equal(result.status, 'success', `run ${i}: ${JSON.stringify(result.executions)}`);
    });
  });
});
