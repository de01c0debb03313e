import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { isFlapping } from '../../src/incidents/flapping.js';
import { INITIAL_INCIDENT_STATE } from '../../src/incidents/incident-state.js';
import { createEngine, MINUTE, repeat, T0 } from './engine-harness.js';

const at = (minutes: number) => new Date(T0 + minutes * MINUTE).toISOString();

describe('flapping: K verdict changes within W hold one incident open until stable', () => {
  test('3 changes in 10 minutes: the incident open at the 3rd change is held, then resolved once stable', () => {
    const engine = createEngine({ flapping: { changes: 3, windowMs: 10 * MINUTE } });
    // minute:          0          1                      2          3    4    5    6..12          13
    const sent = engine.play([
      'failure',
      'success',
      'failure',
      'success',
      'failure',
      'success',
      ...repeat(8, 'success'),
    ]);
    assert.deepEqual(sent, [
      'trigger', // first verdict: down (not a change)
      'resolve(recovered)', // change 1: not flapping yet, recovers as usual
      'trigger', // change 2: a new incident
      '-', // change 3 (minute 3): flapping → held open instead of resolved
      '-', // change 4: the same incident, no second trigger
      '-', // change 5: still held
      ...repeat(7, '-'), // minutes 6–12: passing, but changes of minutes 3–5 are within the last 10 minutes
      'resolve(recovered)', // minute 13: the 3rd most recent change (minute 3) left the window
    ]);
  });

  test('the same runs without flapping detection: an incident per outage', () => {
    const engine = createEngine();
    assert.deepEqual(engine.play(['failure', 'success', 'failure', 'success', 'failure', 'success']), [
      'trigger',
      'resolve(recovered)',
      'trigger',
      'resolve(recovered)',
      'trigger',
      'resolve(recovered)',
    ]);
  });

  test('with success threshold 2 the changes are of the confirmed verdict, and recovery waits for the window', () => {
    const engine = createEngine({ successThreshold: 2, flapping: { changes: 2, windowMs: 5 * MINUTE } });
    assert.deepEqual(engine.play(['failure', 'success', 'success', 'failure', ...repeat(5, 'success')]), [
      'trigger', // minute 0: down
      '-', // one pass is not a verdict
      'resolve(recovered)', // minute 2: up (change 1)
      'trigger', // minute 3: down (change 2)
      '-',
      '-', // minute 5: up (change 3): stable for 2 runs, but changes at 3 and 5 are within 5 minutes
      '-',
      '-',
      'resolve(recovered)', // minute 8: the change of minute 3 is 5 minutes old, out of the window
    ]);
  });

  test('when flapping ends while the monitor is down, it still needs successThreshold passes to recover', () => {
    const engine = createEngine({ successThreshold: 2, flapping: { changes: 2, windowMs: 3 * MINUTE } });
    // minute 0 down, 2 up (change), 3 down (change): flapping until minute 5; failing until minute 7
    assert.deepEqual(engine.play(['failure', 'success', 'success', 'failure', ...repeat(4, 'failure')]), [
      'trigger',
      '-',
      'resolve(recovered)',
      'trigger',
      '-',
      '-',
      '-',
      '-',
    ]);
    assert.equal(isFlapping(engine.state, engine.policy.flapping, engine.now), false);
    assert.deepEqual(engine.play(['success', 'success']), ['-', 'resolve(recovered)']);
  });

  test('a held incident still reminds while failing', () => {
    const engine = createEngine({ remindEveryMs: 0, flapping: { changes: 2, windowMs: 10 * MINUTE } });
    assert.deepEqual(engine.play(['failure', 'success', 'failure', 'success', 'failure']), [
      'trigger',
      'resolve(recovered)',
      'trigger',
      '-',
      'remind',
    ]);
  });

  test('the state keeps at most K change times, and none without a flapping policy', () => {
    const flapping = createEngine({ flapping: { changes: 3, windowMs: 10 * MINUTE } });
    flapping.play(['failure', 'success', 'failure', 'success', 'failure', 'success']);
    assert.deepEqual(flapping.state.verdictChangedAt, [at(3), at(4), at(5)]);
    const plain = createEngine();
    plain.play(['failure', 'success', 'failure', 'success']);
    assert.deepEqual(plain.state.verdictChangedAt, []);
  });

  test('verdict changes during maintenance are not counted', () => {
    const engine = createEngine({ flapping: { changes: 2, windowMs: 60 * MINUTE } });
    engine.play(['maintenance-start', 'failure', 'success', 'failure', 'success', 'maintenance-end']);
    assert.deepEqual(engine.state.verdictChangedAt, []);
    assert.equal(engine.state.verdict, 'up');
  });

  const windowRule: { name: string; changes: string[]; now: number; expected: boolean }[] = [
    { name: 'fewer than K changes', changes: [at(0), at(1)], now: 2, expected: false },
    { name: 'K changes inside the window', changes: [at(0), at(1), at(2)], now: 9, expected: true },
    {
      name: 'the oldest of K changes exactly W ago has left',
      changes: [at(0), at(1), at(2)],
      now: 10,
      expected: false,
    },
    {
      name: 'only the K most recent matter',
      changes: [at(-50), at(5), at(6), at(7)],
      now: 12,
      expected: true,
    },
  ];
  for (const { name, changes, now, expected } of windowRule) {
    test(`window rule (K=3, W=10 min): ${name}`, () => {
      const state = { ...INITIAL_INCIDENT_STATE, verdictChangedAt: changes };
      assert.equal(
        isFlapping(state, { changes: 3, windowMs: 10 * MINUTE }, new Date(T0 + now * MINUTE)),
        expected,
      );
    });
  }

  test('no flapping policy: never flapping', () => {
    const state = { ...INITIAL_INCIDENT_STATE, verdictChangedAt: [at(0), at(1), at(2)] };
    assert.equal(isFlapping(state, null, new Date(T0 + 3 * MINUTE)), false);
  });
});
