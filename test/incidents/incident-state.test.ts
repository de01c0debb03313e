import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { IncidentEvent } from '../../src/incidents/incident-events.js';
import { DEFAULT_INCIDENT_POLICY, type IncidentPolicy } from '../../src/incidents/incident-policy.js';
import {
  INITIAL_INCIDENT_STATE,
  isIncidentOpen,
  normalizeIncidentState,
  type IncidentState,
} from '../../src/incidents/incident-state.js';
import { transition } from '../../src/incidents/transition.js';
import { createEngine, MINUTE, T0, type Step } from './engine-harness.js';

/** A state as `pagewatch run` and the first server builds stored it, before flapping/maintenance/lifecycle. */
const LEGACY_OPEN_STATE = {
  status: 'triggered',
  consecutiveFailures: 2,
  consecutiveSuccesses: 0,
  openedAt: '2026-01-01T00:00:00.000Z',
  lastTriggeredAt: '2026-01-01T00:01:00.000Z',
};

describe('normalizeIncidentState', () => {
  test('nothing stored (or not an object) is the initial state', () => {
    for (const stored of [undefined, null, 'ok', 42, [], {}]) {
      assert.deepEqual(normalizeIncidentState(stored), INITIAL_INCIDENT_STATE, JSON.stringify(stored));
    }
  });

  test('a state stored before the new fields existed loads with them at their initial values', () => {
    assert.deepEqual(normalizeIncidentState(LEGACY_OPEN_STATE), {
      ...LEGACY_OPEN_STATE,
      verdict: null,
      verdictChangedAt: [],
      maintenanceSince: null,
      monitor: 'active',
    });
  });

  test('a legacy open incident is still resolved by the next passing run, and still reminds', () => {
    const now = new Date(T0 + 10 * MINUTE);
    const state = normalizeIncidentState(LEGACY_OPEN_STATE);
    assert.deepEqual(
      transition(state, { type: 'run', status: 'success' }, DEFAULT_INCIDENT_POLICY, now).effects,
      [{ action: 'resolve', reason: 'recovered' }],
    );
    const reminding: IncidentPolicy = { ...DEFAULT_INCIDENT_POLICY, remindEveryMs: 5 * MINUTE };
    assert.deepEqual(transition(state, { type: 'run', status: 'failure' }, reminding, now).effects, [
      { action: 'trigger', reminder: true },
    ]);
  });

  test('unknown fields are dropped, fields of the wrong type fall back', () => {
    const state = normalizeIncidentState({
      status: 'acknowledged',
      consecutiveFailures: -1,
      consecutiveSuccesses: 1.5,
      openedAt: 'not a time',
      lastTriggeredAt: 7,
      verdict: 'sideways',
      verdictChangedAt: ['2026-01-01T00:00:00.000Z', 3, 'nope'],
      maintenanceSince: '2026-01-01T00:05:00.000Z',
      monitor: 'archived',
      incidentId: 'inc_1',
    });
    assert.deepEqual(state, {
      ...INITIAL_INCIDENT_STATE,
      status: 'acknowledged',
      verdictChangedAt: ['2026-01-01T00:00:00.000Z'],
      maintenanceSince: '2026-01-01T00:05:00.000Z',
    });
  });

  test('a missing status with an opening time is an open incident, so it is never forgotten', () => {
    const state = normalizeIncidentState({ openedAt: '2026-01-01T00:00:00.000Z' });
    assert.equal(state.status, 'triggered');
    assert.equal(isIncidentOpen(state), true);
    assert.equal(isIncidentOpen(normalizeIncidentState({ status: 'garbage' })), false);
  });
});

describe('the state survives JSON', () => {
  const policy: IncidentPolicy = {
    failureThreshold: 2,
    successThreshold: 2,
    onRecovery: 'resolve',
    remindEveryMs: 3 * MINUTE,
    flapping: { changes: 3, windowMs: 30 * MINUTE },
  };
  const history: Step[] = [
    'failure',
    'failure',
    'manual-acknowledge',
    'success',
    'success',
    'failure',
    'failure',
    'maintenance-start',
    'success',
    'success',
    'maintenance-end',
    'failure',
    'failure',
    'success',
    'monitor-edited',
    'failure',
    'monitor-paused',
    'monitor-resumed',
  ];
  const nextEvents: IncidentEvent[] = [
    { type: 'run', status: 'success' },
    { type: 'run', status: 'failure', summary: 'down' },
    { type: 'manual-acknowledge' },
    { type: 'manual-resolve' },
    { type: 'maintenance-start' },
    { type: 'maintenance-end' },
    { type: 'monitor-deleted' },
    { type: 'reconcile', monitorHealthy: true, monitorExists: true, monitorEnabled: true },
  ];

  test('after every step, a JSON round-trip (and normalizing it) gives the same state and next transitions', () => {
    const engine = createEngine(policy);
    const seen: IncidentState[] = [];
    for (const step of history) {
      engine.play([step]);
      const stored: unknown = JSON.parse(JSON.stringify(engine.state));
      assert.deepEqual(stored, engine.state);
      assert.deepEqual(normalizeIncidentState(stored), engine.state);
      for (const event of nextEvents) {
        assert.deepEqual(
          transition(stored as IncidentState, event, policy, engine.now),
          transition(engine.state, event, policy, engine.now),
          `${String(step)} then ${event.type}`,
        );
      }
      seen.push(engine.state);
    }
    // The history visits the states that matter, so the round-trip above covered them.
    assert.ok(seen.some((state) => state.status === 'acknowledged'));
    assert.ok(seen.some((state) => state.maintenanceSince !== null && state.status !== 'ok'));
    assert.ok(seen.some((state) => state.verdictChangedAt.length > 0));
    assert.ok(seen.some((state) => state.monitor === 'paused'));
  });
});
