import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { IncidentEvent } from '../../src/incidents/incident-events.js';
import type { IncidentPolicy } from '../../src/incidents/incident-policy.js';
import { createEngine, MINUTE, type Step } from './engine-harness.js';

type Facts = Omit<Extract<IncidentEvent, { type: 'reconcile' }>, 'type'>;
const reconcile = (facts: Partial<Facts>): IncidentEvent => ({
  type: 'reconcile',
  monitorHealthy: null,
  monitorExists: true,
  monitorEnabled: true,
  ...facts,
});

describe('reconcile (boot / resume)', () => {
  const cases: {
    name: string;
    policy?: Partial<IncidentPolicy>;
    before: Step[];
    facts: Partial<Facts>;
    expected: string;
  }[] = [
    {
      name: 'open, monitor healthy → resolve (reconciled)',
      before: ['failure'],
      facts: { monitorHealthy: true },
      expected: 'resolve(reconciled)',
    },
    {
      name: 'open, monitor still down → left open',
      before: ['failure'],
      facts: { monitorHealthy: false },
      expected: '-',
    },
    {
      name: 'open, health unknown → left open',
      before: ['failure'],
      facts: { monitorHealthy: null },
      expected: '-',
    },
    {
      name: 'open, monitor paused → resolve (paused)',
      before: ['failure'],
      facts: { monitorEnabled: false },
      expected: 'resolve(paused)',
    },
    {
      name: 'open, monitor gone → resolve (deleted)',
      before: ['failure'],
      facts: { monitorExists: false, monitorEnabled: false },
      expected: 'resolve(deleted)',
    },
    {
      name: 'open, gone and health unknown → resolve (deleted)',
      before: ['failure'],
      facts: { monitorExists: false, monitorHealthy: null },
      expected: 'resolve(deleted)',
    },
    {
      name: 'open, acknowledged, healthy → resolve (reconciled)',
      before: ['failure', 'manual-acknowledge'],
      facts: { monitorHealthy: true },
      expected: 'resolve(reconciled)',
    },
    {
      name: 'nothing open, monitor down → no trigger (runs trigger, reconciles do not)',
      before: ['success'],
      facts: { monitorHealthy: false },
      expected: '-',
    },
    {
      name: 'nothing open, monitor gone → nothing',
      before: ['success'],
      facts: { monitorExists: false },
      expected: '-',
    },
    {
      name: 'open in maintenance, healthy → left for the window end',
      before: ['failure', 'maintenance-start'],
      facts: { monitorHealthy: true },
      expected: '-',
    },
    {
      name: 'open in maintenance, paused → resolve (paused)',
      before: ['failure', 'maintenance-start'],
      facts: { monitorEnabled: false },
      expected: 'resolve(paused)',
    },
    {
      name: 'open, healthy, onRecovery acknowledge → acknowledge',
      policy: { onRecovery: 'acknowledge' },
      before: ['failure'],
      facts: { monitorHealthy: true },
      expected: 'acknowledge',
    },
    {
      name: 'open, healthy, onRecovery nothing → left open',
      policy: { onRecovery: 'nothing' },
      before: ['failure'],
      facts: { monitorHealthy: true },
      expected: '-',
    },
    {
      name: 'open, healthy but flapping → held open',
      policy: { flapping: { changes: 2, windowMs: 10 * MINUTE } },
      before: ['failure', 'success', 'failure'],
      facts: { monitorHealthy: true },
      expected: '-',
    },
  ];
  for (const { name, policy, before, facts, expected } of cases) {
    test(name, () => {
      const engine = createEngine(policy);
      engine.play(before);
      assert.deepEqual(engine.play([reconcile(facts)]), [expected]);
    });
  }

  test('a paused monitor that the store says is enabled again starts afresh', () => {
    const engine = createEngine({ failureThreshold: 2 });
    assert.deepEqual(engine.play(['failure', 'monitor-paused', reconcile({}), 'failure', 'failure']), [
      '-',
      '-',
      '-',
      '-',
      'trigger',
    ]);
  });

  test('reconcile records what the store said: a disabled monitor ignores later runs', () => {
    const engine = createEngine();
    engine.play([reconcile({ monitorEnabled: false })]);
    assert.equal(engine.state.monitor, 'paused');
    assert.deepEqual(engine.play(['failure']), ['-']);
  });

  test('reconcile twice: the second one sends nothing', () => {
    const engine = createEngine();
    assert.deepEqual(
      engine.play(['failure', reconcile({ monitorHealthy: true }), reconcile({ monitorHealthy: true })]),
      ['trigger', 'resolve(reconciled)', '-'],
    );
  });
});
