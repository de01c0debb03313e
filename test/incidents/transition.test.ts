import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { DEFAULT_INCIDENT_POLICY, type IncidentPolicy } from '../../src/incidents/incident-policy.js';
import { INITIAL_INCIDENT_STATE, transition, type IncidentState } from '../../src/incidents/transition.js';
import type { RunStatus } from '../../src/runner/run-result.js';

/** Feeds a series of run statuses through the engine; returns the actions sent after each run. */
function drive(statuses: RunStatus[], policy: IncidentPolicy = DEFAULT_INCIDENT_POLICY, stepMs = 60_000) {
  let state: IncidentState = INITIAL_INCIDENT_STATE;
  const sent: string[][] = [];
  statuses.forEach((status, index) => {
    const next = transition(
      state,
      { type: 'run', status },
      policy,
      new Date(Date.UTC(2026, 0, 1) + index * stepMs),
    );
    state = next.state;
    sent.push(
      next.effects.map((effect) =>
        effect.action === 'trigger' && effect.reminder ? 'remind' : effect.action,
      ),
    );
  });
  return { sent, state };
}

describe('incident transition', () => {
  const cases: { name: string; runs: RunStatus[]; policy?: Partial<IncidentPolicy>; expected: string[][] }[] =
    [
      { name: 'passing runs send nothing', runs: ['success', 'success'], expected: [[], []] },
      {
        name: 'an outage triggers once',
        runs: ['failure', 'failure', 'error'],
        expected: [['trigger'], [], []],
      },
      {
        name: 'recovery resolves',
        runs: ['failure', 'success', 'success'],
        expected: [['trigger'], ['resolve'], []],
      },
      {
        name: 'error and abort count as failed runs',
        runs: ['error', 'success', 'abort'],
        expected: [['trigger'], ['resolve'], ['trigger']],
      },
      {
        name: 'failure threshold 3 triggers on the 3rd consecutive failure only',
        runs: ['failure', 'failure', 'success', 'failure', 'failure', 'failure'],
        policy: { failureThreshold: 3 },
        expected: [[], [], [], [], [], ['trigger']],
      },
      {
        name: 'success threshold 2 resolves on the 2nd consecutive pass',
        runs: ['failure', 'success', 'failure', 'success', 'success'],
        policy: { successThreshold: 2 },
        expected: [['trigger'], [], [], [], ['resolve']],
      },
      {
        name: 'reminders every run (the CLI policy) re-send the trigger while failing',
        runs: ['failure', 'failure', 'failure', 'success'],
        policy: { remindEveryMs: 0 },
        expected: [['trigger'], ['remind'], ['remind'], ['resolve']],
      },
      {
        name: 'reminders every 2 minutes with runs each minute',
        runs: ['failure', 'failure', 'failure', 'failure', 'failure'],
        policy: { remindEveryMs: 120_000 },
        expected: [['trigger'], [], ['remind'], [], ['remind']],
      },
      {
        name: 'on recovery: acknowledge (once), not resolve',
        runs: ['failure', 'success', 'success', 'failure'],
        policy: { onRecovery: 'acknowledge' },
        expected: [['trigger'], ['acknowledge'], [], []],
      },
      {
        name: 'on recovery: nothing',
        runs: ['failure', 'success'],
        policy: { onRecovery: 'nothing' },
        expected: [['trigger'], []],
      },
    ];
  for (const { name, runs, policy, expected } of cases) {
    test(name, () => {
      assert.deepEqual(drive(runs, { ...DEFAULT_INCIDENT_POLICY, ...policy }).sent, expected);
    });
  }

  test('state records when the incident opened and clears it on resolve', () => {
    const opened = drive(['success', 'failure']).state;
    assert.equal(opened.status, 'triggered');
    assert.equal(opened.openedAt, new Date(Date.UTC(2026, 0, 1) + 60_000).toISOString());
    const resolved = drive(['failure', 'success']).state;
    // The confirmed verdict (used by flapping detection) is the only other field a recovery leaves set.
    assert.deepEqual(resolved, { ...INITIAL_INCIDENT_STATE, consecutiveSuccesses: 1, verdict: 'up' });
  });
});
