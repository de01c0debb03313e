import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { IncidentPolicy } from '../../src/incidents/incident-policy.js';
import { createEngine, repeat, type Step } from './engine-harness.js';

interface Scenario {
  name: string;
  policy?: Partial<IncidentPolicy>;
  steps: Step[];
  expected: string[];
}

function scenarios(title: string, cases: Scenario[]): void {
  describe(title, () => {
    for (const { name, policy, steps, expected } of cases) {
      test(name, () => {
        assert.deepEqual(createEngine(policy).play(steps), expected);
      });
    }
  });
}

scenarios('manual acknowledge and resolve', [
  {
    name: 'acknowledge an open incident: acknowledge once',
    steps: ['failure', 'manual-acknowledge', 'manual-acknowledge', 'failure'],
    expected: ['trigger', 'acknowledge', '-', '-'],
  },
  {
    name: 'acknowledge with nothing open: nothing',
    steps: ['success', 'manual-acknowledge'],
    expected: ['-', '-'],
  },
  {
    name: 'an acknowledged incident still resolves on recovery',
    steps: ['failure', 'manual-acknowledge', 'success'],
    expected: ['trigger', 'acknowledge', 'resolve(recovered)'],
  },
  {
    name: 'acknowledge after onRecovery acknowledge already did: nothing',
    policy: { onRecovery: 'acknowledge' },
    steps: ['failure', 'success', 'manual-acknowledge'],
    expected: ['trigger', 'acknowledge', '-'],
  },
  {
    name: 'resolve, then failing again: a new incident on the next failing run',
    steps: ['failure', 'failure', 'manual-resolve', 'failure', 'failure'],
    expected: ['trigger', '-', 'resolve(manual)', 'trigger', '-'],
  },
  {
    name: 'resolve with threshold 3: the failures before it do not count, 3 new ones are needed',
    policy: { failureThreshold: 3 },
    steps: [...repeat(4, 'failure'), 'manual-resolve', ...repeat(3, 'failure')],
    expected: ['-', '-', 'trigger', '-', 'resolve(manual)', '-', '-', 'trigger'],
  },
  {
    name: 'resolve an acknowledged incident',
    steps: ['failure', 'manual-acknowledge', 'manual-resolve', 'success'],
    expected: ['trigger', 'acknowledge', 'resolve(manual)', '-'],
  },
  {
    name: 'resolve with nothing open: nothing',
    steps: ['failure', 'success', 'manual-resolve'],
    expected: ['trigger', 'resolve(recovered)', '-'],
  },
  {
    name: 'resolve an incident held by onRecovery nothing',
    policy: { onRecovery: 'nothing' },
    steps: ['failure', 'success', 'manual-resolve', 'success', 'failure'],
    expected: ['trigger', '-', 'resolve(manual)', '-', 'trigger'],
  },
]);

scenarios('monitor paused, resumed, deleted', [
  {
    name: 'paused while down: resolve (paused)',
    steps: ['failure', 'monitor-paused'],
    expected: ['trigger', 'resolve(paused)'],
  },
  {
    name: 'paused while up: nothing',
    steps: ['success', 'monitor-paused'],
    expected: ['-', '-'],
  },
  {
    name: 'paused twice: one resolve',
    steps: ['failure', 'monitor-paused', 'monitor-paused'],
    expected: ['trigger', 'resolve(paused)', '-'],
  },
  {
    name: 'a run still in flight when paused is ignored',
    steps: ['failure', 'monitor-paused', 'failure', 'failure'],
    expected: ['trigger', 'resolve(paused)', '-', '-'],
  },
  {
    name: 'resumed: a fresh start, the failures before the pause do not count',
    policy: { failureThreshold: 2 },
    steps: ['failure', 'monitor-paused', 'monitor-resumed', 'failure', 'failure'],
    expected: ['-', '-', '-', '-', 'trigger'],
  },
  {
    name: 'resumed while down: a new incident',
    steps: ['failure', 'monitor-paused', 'monitor-resumed', 'failure'],
    expected: ['trigger', 'resolve(paused)', '-', 'trigger'],
  },
  {
    name: 'deleted while down: resolve (deleted)',
    steps: ['failure', 'failure', 'monitor-deleted'],
    expected: ['trigger', '-', 'resolve(deleted)'],
  },
  {
    name: 'deleted while up: nothing',
    steps: ['failure', 'success', 'monitor-deleted'],
    expected: ['trigger', 'resolve(recovered)', '-'],
  },
  {
    name: 'deleted is final: later runs, resumes and pauses do nothing',
    steps: ['monitor-deleted', 'failure', 'monitor-resumed', 'failure', 'monitor-paused'],
    expected: ['-', '-', '-', '-', '-'],
  },
  {
    name: 'deleted after paused while down: one resolve (paused)',
    steps: ['failure', 'monitor-paused', 'monitor-deleted'],
    expected: ['trigger', 'resolve(paused)', '-'],
  },
]);

scenarios('monitor edited', [
  {
    name: 'edited resets the failure streak: threshold 3 counts from the edit',
    policy: { failureThreshold: 3 },
    steps: ['failure', 'failure', 'monitor-edited', 'failure', 'failure', 'failure'],
    expected: ['-', '-', '-', '-', '-', 'trigger'],
  },
  {
    name: 'edited resets the success streak: an open incident stays open until the next confirmed verdict',
    policy: { successThreshold: 2 },
    steps: ['failure', 'success', 'monitor-edited', 'success', 'success'],
    expected: ['trigger', '-', '-', '-', 'resolve(recovered)'],
  },
  {
    name: 'edited while down: the incident stays open, failing runs do not re-open it',
    steps: ['failure', 'monitor-edited', 'failure', 'success'],
    expected: ['trigger', '-', '-', 'resolve(recovered)'],
  },
  {
    name: 'edited clears the flapping history: a held incident resolves on the next confirmed recovery',
    policy: { flapping: { changes: 2, windowMs: 60 * 60_000 } },
    steps: ['failure', 'success', 'failure', 'success', 'monitor-edited', 'success'],
    expected: ['trigger', 'resolve(recovered)', 'trigger', '-', '-', 'resolve(recovered)'],
  },
]);

test('paused and deleted are recorded in the state, resumed clears the streaks and verdict', () => {
  const engine = createEngine();
  engine.play(['failure', 'monitor-paused']);
  assert.equal(engine.state.monitor, 'paused');
  assert.equal(engine.state.status, 'ok');
  assert.equal(engine.state.consecutiveFailures, 0);
  engine.play(['monitor-resumed']);
  assert.equal(engine.state.monitor, 'active');
  assert.equal(engine.state.verdict, null);
  engine.play(['monitor-deleted']);
  assert.equal(engine.state.monitor, 'deleted');
});
