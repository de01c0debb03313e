import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, beforeEach, describe, test } from 'node:test';
import { startPdSandbox, type PdSandbox } from '../../src/pd-sandbox/index.js';
import { healthCollection } from '../helpers/collections.js';
import { closedPort, runCli, tempDir } from '../helpers/cli-harness.js';
import { startTargetServer, type TargetServer } from '../helpers/target-server.js';

const KEY = 'a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6';

describe('pagewatch run with --pagerduty-key drives one PagerDuty alert through its lifecycle', () => {
  let target: TargetServer;
  let sandbox: PdSandbox;
  let collection: string;
  let stateFile: string;
  const run = (...extra: string[]) =>
    runCli([
      'run',
      collection,
      '--pagerduty-key',
      KEY,
      '--pagerduty-url',
      sandbox.url,
      '--state-file',
      stateFile,
      ...extra,
    ]);

  before(async () => {
    [target, sandbox] = await Promise.all([startTargetServer(), startPdSandbox()]);
    const files = await tempDir('lifecycle');
    collection = await files.writeJson('health.postman_collection.json', healthCollection(target.url));
    stateFile = join(files.dir, 'state.json');
  });
  after(async () => {
    await Promise.all([target.close(), sandbox.close()]);
  });
  beforeEach(() => target.setHealthy(true));

  test('fail → one alert; fail again → still one alert, log grows; pass → resolved; pass again → nothing sent', async () => {
    target.setHealthy(false);
    const first = await run();
    assert.equal(first.code, 1, first.stderr);
    assert.match(
      first.stdout,
      /PagerDuty: trigger sent \(dedup key pagewatch\/collection\/test-health-api\)/,
    );
    let alerts = sandbox.alerts();
    assert.equal(alerts.length, 1);
    assert.equal(alerts[0]?.status, 'triggered');
    assert.match(alerts[0]?.summary ?? '', /Health API/);
    assert.match(alerts[0]?.summary ?? '', /Get health/);
    assert.equal(alerts[0]?.log.length, 1);

    const second = await run();
    assert.equal(second.code, 1);
    alerts = sandbox.alerts();
    assert.equal(alerts.length, 1, 'a repeated failure must not open a second alert');
    assert.equal(alerts[0]?.status, 'triggered');
    assert.equal(alerts[0]?.log.length, 2);

    target.setHealthy(true);
    const third = await run();
    assert.equal(third.code, 0, third.stderr);
    assert.match(third.stdout, /PagerDuty: resolve sent/);
    alerts = sandbox.alerts();
    assert.equal(alerts.length, 1);
    assert.equal(alerts[0]?.status, 'resolved');

    const eventsBefore = sandbox.events().length;
    const fourth = await run();
    assert.equal(fourth.code, 0);
    assert.match(fourth.stdout, /PagerDuty: nothing to send/);
    assert.equal(sandbox.events().length, eventsBefore, 'a passing run with nothing open sends nothing');
  });

  test('the trigger carries the failing request and assertion in its details', async () => {
    sandbox.reset();
    target.setHealthy(false);
    await run('--dedup-key', 'custom/details-check', '--severity', 'warning');
    const [event] = sandbox.events();
    const body = event?.body as {
      payload: { severity: string; custom_details: { failingRequests: unknown[] } };
      client?: string;
    };
    assert.equal(body.payload.severity, 'warning');
    assert.equal(body.client, 'pagewatch');
    assert.equal(body.payload.custom_details.failingRequests.length, 1);
    assert.match(JSON.stringify(body.payload.custom_details), /status is 200.*503/s);
    target.setHealthy(true);
    await run('--dedup-key', 'custom/details-check');
    assert.equal(sandbox.alerts({ dedupKey: 'custom/details-check' })[0]?.status, 'resolved');
  });

  test('PagerDuty answers 503 twice then accepts → the trigger arrives once, retries are shown', async () => {
    sandbox.reset();
    target.setHealthy(false);
    sandbox.injectFault({ status: 503, count: 2 });
    const result = await run('--dedup-key', 'retry/503');
    assert.equal(result.code, 1, result.stderr);
    assert.match(result.stderr, /attempt 1\/5 failed .*503/);
    assert.match(result.stderr, /attempt 2\/5 failed .*503/);
    assert.equal(sandbox.alerts({ dedupKey: 'retry/503' }).length, 1);
    assert.equal(
      sandbox.alerts({ dedupKey: 'retry/503' })[0]?.log.length,
      1,
      'the event was taken exactly once',
    );
  });

  test('429 with Retry-After → the next attempt waits at least that long', async () => {
    sandbox.reset();
    target.setHealthy(false);
    sandbox.injectFault({ status: 429, count: 1, retryAfterSeconds: 2 });
    const result = await run('--dedup-key', 'retry/429');
    assert.equal(result.code, 1, result.stderr);
    const [throttled, accepted] = sandbox.events();
    assert.equal(throttled?.httpStatus, 429);
    assert.equal(accepted?.httpStatus, 202);
    const waited = Date.parse(accepted?.at ?? '') - Date.parse(throttled?.at ?? '');
    assert.ok(waited >= 2000, `waited ${waited} ms after a Retry-After of 2 s`);
  });

  test('PagerDuty rejects the event (400) → its error text is shown, exit 3, state unchanged', async () => {
    sandbox.reset();
    target.setHealthy(false);
    sandbox.injectFault({ status: 400, count: 1 });
    const result = await run('--dedup-key', 'reject/400');
    assert.equal(result.code, 3);
    assert.match(result.stderr, /error PW_ERR_PAGERDUTY_REJECTED: PagerDuty rejected the event \(400\)/);
    assert.equal(sandbox.events().length, 1, 'a 400 is never retried');
    // Nothing was recorded as open: the next failing run triggers again.
    const again = await run('--dedup-key', 'reject/400');
    assert.match(again.stdout, /PagerDuty: trigger sent/);
  });

  test('PagerDuty unreachable → retries shown, then exit 3 with the reason', async () => {
    target.setHealthy(false);
    const result = await runCli([
      'run',
      collection,
      '--pagerduty-key',
      KEY,
      '--pagerduty-url',
      `http://127.0.0.1:${await closedPort()}`,
      '--state-file',
      stateFile,
      '--pagerduty-attempts',
      '2',
    ]);
    assert.equal(result.code, 3);
    assert.match(result.stderr, /attempt 1\/2 failed .*ECONNREFUSED/);
    assert.match(result.stderr, /error PW_ERR_PAGERDUTY_UNREACHABLE: .*2 attempts.*ECONNREFUSED/);
  });

  test('an integration key that is not 32 characters is rejected before any request (exit 2)', async () => {
    sandbox.reset();
    const requestsBefore = target.requestCount();
    const result = await runCli([
      'run',
      collection,
      '--pagerduty-key',
      'short-key',
      '--pagerduty-url',
      sandbox.url,
    ]);
    assert.equal(result.code, 2);
    assert.match(result.stderr, /--pagerduty-key: .*32 characters/);
    assert.equal(target.requestCount(), requestsBefore, 'the collection must not run');
    assert.equal(sandbox.events().length, 0);
  });
});
