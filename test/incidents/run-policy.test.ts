import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { IncidentPolicy } from '../../src/incidents/incident-policy.js';
import { createEngine, MINUTE, repeat, type Step } from './engine-harness.js';

describe('runs against the policy (one run a minute)', () => {
  const cases: { name: string; policy?: Partial<IncidentPolicy>; steps: Step[]; expected: string[] }[] = [
    {
      name: 'an outage triggers once',
      steps: ['success', 'failure', 'failure', 'error', 'abort'],
      expected: ['-', 'trigger', '-', '-', '-'],
    },
    {
      name: 'failure threshold 3: only the 3rd consecutive failing run triggers; a pass restarts the count',
      policy: { failureThreshold: 3 },
      steps: ['failure', 'failure', 'success', 'failure', 'error', 'abort', 'failure'],
      expected: ['-', '-', '-', '-', '-', 'trigger', '-'],
    },
    {
      name: 'success threshold 2: resolves on the 2nd consecutive pass; a failure in between restarts the count',
      policy: { successThreshold: 2 },
      steps: ['failure', 'success', 'failure', 'success', 'success', 'success'],
      expected: ['trigger', '-', '-', '-', 'resolve(recovered)', '-'],
    },
    {
      name: 'thresholds 3 and 2 together: a new outage after recovery opens a new incident',
      policy: { failureThreshold: 3, successThreshold: 2 },
      steps: [...repeat(3, 'failure'), 'success', 'success', ...repeat(3, 'failure')],
      expected: ['-', '-', 'trigger', '-', 'resolve(recovered)', '-', '-', 'trigger'],
    },
    {
      name: 'on recovery acknowledge: acknowledged once, stays open, a new outage only reminds per policy',
      policy: { onRecovery: 'acknowledge' },
      steps: ['failure', 'success', 'success', 'failure', 'success'],
      expected: ['trigger', 'acknowledge', '-', '-', '-'],
    },
    {
      name: 'on recovery nothing: the incident stays open and triggered',
      policy: { onRecovery: 'nothing' },
      steps: ['failure', 'success', 'failure', 'success'],
      expected: ['trigger', '-', '-', '-'],
    },
    {
      name: 'on recovery nothing, reminders every run: a failing run after the recovery reminds',
      policy: { onRecovery: 'nothing', remindEveryMs: 0 },
      steps: ['failure', 'success', 'failure'],
      expected: ['trigger', '-', 'remind'],
    },
    {
      name: 'reminder every 3 minutes while failing, none after recovery',
      policy: { remindEveryMs: 3 * MINUTE },
      steps: [...repeat(7, 'failure'), 'success', 'success'],
      expected: ['trigger', '-', '-', 'remind', '-', '-', 'remind', 'resolve(recovered)', '-'],
    },
    {
      name: 'reminders only while open: failing runs below the threshold do not remind',
      policy: { failureThreshold: 2, remindEveryMs: 0 },
      steps: ['failure', 'failure', 'failure', 'success', 'failure'],
      expected: ['-', 'trigger', 'remind', 'resolve(recovered)', '-'],
    },
  ];
  for (const { name, policy, steps, expected } of cases) {
    test(name, () => {
      assert.deepEqual(createEngine(policy).play(steps), expected);
    });
  }

  test('reminders are timed from the last trigger by the clock, not by counting runs', () => {
    const engine = createEngine({ remindEveryMs: 10 * MINUTE });
    assert.deepEqual(engine.send('failure'), [{ action: 'trigger', reminder: false }]);
    engine.advance(10 * MINUTE - 1);
    assert.deepEqual(engine.send('failure'), []);
    engine.advance(1);
    assert.deepEqual(engine.send('failure'), [{ action: 'trigger', reminder: true }]);
    assert.equal(engine.state.lastTriggeredAt, engine.now.toISOString());
    assert.equal(engine.state.openedAt, new Date(engine.now.getTime() - 10 * MINUTE).toISOString());
  });

  test("a run's summary is passed into the trigger and the reminder, and is absent when not given", () => {
    const engine = createEngine({ remindEveryMs: 0 });
    assert.deepEqual(
      engine.send({ type: 'run', status: 'failure', summary: 'Checkout API: 2 of 5 tests failed' }),
      [{ action: 'trigger', reminder: false, summary: 'Checkout API: 2 of 5 tests failed' }],
    );
    assert.deepEqual(engine.send({ type: 'run', status: 'error', summary: 'Checkout API: ECONNREFUSED' }), [
      { action: 'trigger', reminder: true, summary: 'Checkout API: ECONNREFUSED' },
    ]);
    assert.deepEqual(engine.send({ type: 'run', status: 'success', summary: 'all passed' }), [
      { action: 'resolve', reason: 'recovered' },
    ]);
  });

  test('the state says whether an incident is open and since when', () => {
    const engine = createEngine({ failureThreshold: 2 });
    engine.play(['failure']);
    assert.equal(engine.state.status, 'ok');
    assert.equal(engine.state.consecutiveFailures, 1);
    const openedAt = engine.now.toISOString();
    engine.play(['failure']);
    assert.equal(engine.state.status, 'triggered');
    assert.equal(engine.state.openedAt, openedAt);
    assert.equal(engine.state.verdict, 'down');
    engine.play(['success']);
    assert.equal(engine.state.status, 'ok');
    assert.equal(engine.state.openedAt, null);
    assert.equal(engine.state.lastTriggeredAt, null);
    assert.equal(engine.state.verdict, 'up');
  });
});
