import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { IncidentPolicy } from '../../src/incidents/incident-policy.js';
import { createEngine, MINUTE, repeat, T0, type Step } from './engine-harness.js';

describe('maintenance windows (one step a minute)', () => {
  const cases: { name: string; policy?: Partial<IncidentPolicy>; steps: Step[]; expected: string[] }[] = [
    {
      name: 'down before the window, still down after: the same incident, nothing new at the end',
      steps: ['failure', 'maintenance-start', 'failure', 'failure', 'maintenance-end', 'failure', 'success'],
      expected: ['trigger', '-', '-', '-', '-', '-', 'resolve(recovered)'],
    },
    {
      name: 'down before the window: reminders are suppressed during it and resume after',
      policy: { remindEveryMs: 0 },
      steps: ['failure', 'failure', 'maintenance-start', 'failure', 'failure', 'maintenance-end', 'failure'],
      expected: ['trigger', 'remind', '-', '-', '-', '-', 'remind'],
    },
    {
      name: 'down before the window, recovers during it: resolved at the end with reason maintenance',
      steps: ['failure', 'maintenance-start', 'success', 'success', 'maintenance-end', 'success'],
      expected: ['trigger', '-', '-', '-', 'resolve(maintenance)', '-'],
    },
    {
      name: 'recovers during the window and goes down again before its end: nothing at the end',
      steps: ['failure', 'maintenance-start', 'success', 'failure', 'maintenance-end', 'failure'],
      expected: ['trigger', '-', '-', '-', '-', '-'],
    },
    {
      name: 'half-way to successThreshold at the end: recovers (reason recovered) after the remaining passes',
      policy: { successThreshold: 2 },
      steps: ['failure', 'maintenance-start', 'failure', 'success', 'maintenance-end', 'success'],
      expected: ['trigger', '-', '-', '-', '-', 'resolve(recovered)'],
    },
    {
      name: 'goes down during the window, still down after: confirmed anew after the end (threshold 1)',
      steps: ['success', 'maintenance-start', 'failure', 'failure', 'maintenance-end', 'failure'],
      expected: ['-', '-', '-', '-', '-', 'trigger'],
    },
    {
      name: 'goes down during the window, still down after: threshold 3 counts only runs after the end',
      policy: { failureThreshold: 3 },
      steps: ['maintenance-start', ...repeat(4, 'failure'), 'maintenance-end', ...repeat(3, 'failure')],
      expected: ['-', '-', '-', '-', '-', '-', '-', '-', 'trigger'],
    },
    {
      name: 'goes down during the window and recovers in it: nothing at all',
      steps: ['maintenance-start', 'failure', 'success', 'maintenance-end', 'success'],
      expected: ['-', '-', '-', '-', '-'],
    },
    {
      name: 'resolved by hand during the window while still down: a new incident after the end, newly confirmed',
      policy: { failureThreshold: 2 },
      steps: [
        'failure',
        'failure',
        'maintenance-start',
        'manual-resolve',
        'failure',
        'failure',
        'maintenance-end',
        'failure',
        'failure',
      ],
      expected: ['-', 'trigger', '-', 'resolve(manual)', '-', '-', '-', '-', 'trigger'],
    },
    {
      name: 'acknowledged by hand during the window: acknowledge is sent (a person acted, not an alert)',
      steps: ['failure', 'maintenance-start', 'manual-acknowledge', 'success', 'maintenance-end'],
      expected: ['trigger', '-', 'acknowledge', '-', 'resolve(maintenance)'],
    },
    {
      name: 'paused during the window while down: resolved at once with reason paused',
      steps: ['failure', 'maintenance-start', 'monitor-paused', 'maintenance-end'],
      expected: ['trigger', '-', 'resolve(paused)', '-'],
    },
    {
      name: 'overlapping windows: a second start and a stray end change nothing',
      steps: [
        'maintenance-end',
        'maintenance-start',
        'maintenance-start',
        'failure',
        'maintenance-end',
        'failure',
      ],
      expected: ['-', '-', '-', '-', '-', 'trigger'],
    },
    {
      name: 'healthy at the end with onRecovery acknowledge: acknowledged, not resolved',
      policy: { onRecovery: 'acknowledge' },
      steps: ['failure', 'maintenance-start', 'success', 'maintenance-end'],
      expected: ['trigger', '-', '-', 'acknowledge'],
    },
    {
      name: 'healthy at the end while still flapping (changes before the window): held open',
      policy: { flapping: { changes: 2, windowMs: 10 * MINUTE } },
      steps: [
        'failure',
        'success',
        'failure',
        'maintenance-start',
        'success',
        'maintenance-end',
        ...repeat(6, 'success'),
      ],
      expected: [
        'trigger',
        'resolve(recovered)',
        'trigger',
        '-',
        '-',
        '-',
        '-',
        '-',
        '-',
        '-',
        '-',
        'resolve(recovered)',
      ],
    },
  ];
  for (const { name, policy, steps, expected } of cases) {
    test(name, () => {
      assert.deepEqual(createEngine(policy).play(steps), expected);
    });
  }

  test('the state records the window start, and the failure streak restarts at its end', () => {
    const engine = createEngine({ failureThreshold: 5 });
    engine.send('maintenance-start');
    assert.equal(engine.state.maintenanceSince, new Date(T0).toISOString());
    engine.play(repeat(3, 'failure'));
    assert.equal(engine.state.consecutiveFailures, 3);
    engine.send('maintenance-end');
    assert.equal(engine.state.maintenanceSince, null);
    assert.equal(engine.state.consecutiveFailures, 0);
  });
});
