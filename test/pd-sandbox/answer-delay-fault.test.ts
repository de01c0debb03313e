/**
 * The `answerDelayMs` fault: PagerDuty takes the event at once and answers late. A sender whose timeout is
 * shorter gives up and sends the event again; the sandbox must show the first one as taken (no second alert for
 * the retry), whether or not anyone is still listening when the answer is due.
 */
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import { PagewatchError } from '../../src/errors/pagewatch-error.js';
import { startPdSandbox, type PdSandbox } from '../../src/pd-sandbox/index.js';
import { EVENTS_V2_PATH, post, triggerEvent } from './helpers.js';

describe('pd-sandbox: answer-delay fault', () => {
  let sandbox: PdSandbox;
  before(async () => {
    sandbox = await startPdSandbox(); // system clock: the tests measure real time
  });
  after(() => sandbox.close());
  beforeEach(() => sandbox.reset());

  const sendTrigger = (signal?: AbortSignal) =>
    fetch(sandbox.url + EVENTS_V2_PATH, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(triggerEvent()),
      ...(signal ? { signal } : {}),
    });

  test('the event is taken at once and answered late, normally', async () => {
    const queued = await post(sandbox.url, '/sandbox/faults', { answerDelayMs: 300 });
    assert.equal(queued.status, 201);
    assert.deepEqual(queued.body, { faults: [{ answerDelayMs: 300, remaining: 1 }] });
    const started = performance.now();
    const pending = sendTrigger();
    // Taken before the answer: the alert is open while the sender still waits.
    await new Promise((resolve) => setTimeout(resolve, 150));
    assert.equal(sandbox.alerts().length, 1);
    const reply = await pending;
    const elapsed = performance.now() - started;
    assert.equal(reply.status, 202);
    assert.equal(((await reply.json()) as { status: string }).status, 'success');
    assert.ok(elapsed >= 290, `answered after ${elapsed.toFixed(0)} ms`);
    const [logged] = sandbox.events();
    assert.equal(logged?.outcome, 'accepted');
    assert.equal(logged?.httpStatus, 202);
    assert.match(logged?.note ?? '', /answer held 300 ms/);
    assert.deepEqual(logged?.fault, { answerDelayMs: 300 });
  });

  test('a sender that times out and retries: taken twice, one alert (the retry is deduplicated)', async () => {
    sandbox.injectFault({ answerDelayMs: 2_000 });
    await assert.rejects(sendTrigger(AbortSignal.timeout(200)), { name: 'TimeoutError' });
    const retry = await sendTrigger();
    assert.equal(retry.status, 202);
    assert.deepEqual(
      sandbox.events().map((event) => event.outcome),
      ['accepted', 'accepted'],
    );
    const alerts = sandbox.alerts();
    assert.equal(alerts.length, 1, 'the retry went to the alert the first attempt opened');
    assert.deepEqual(
      alerts[0]?.log.map((entry) => entry.outcome),
      ['opened', 'deduplicated'],
    );
  });

  test('answerDelayMs excludes status and reset, and is bounded', () => {
    const refused = (fault: Parameters<PdSandbox['injectFault']>[0]) =>
      assert.throws(
        () => sandbox.injectFault(fault),
        (error: unknown) => error instanceof PagewatchError && error.code === 'PW_ERR_VALIDATION',
      );
    refused({ answerDelayMs: 100, status: 503 });
    refused({ answerDelayMs: 100, reset: true });
    refused({ answerDelayMs: -1 });
    refused({ answerDelayMs: 600_001 });
    assert.deepEqual(sandbox.pendingFaults(), []);
    // With a delay before processing too: both apply.
    assert.deepEqual(sandbox.injectFault({ delayMs: 10, answerDelayMs: 10, count: 2 }), [
      { delayMs: 10, answerDelayMs: 10, remaining: 2 },
    ]);
  });
});
