import type { IncidentEffect, IncidentEvent } from '../../src/incidents/incident-events.js';
import { DEFAULT_INCIDENT_POLICY, type IncidentPolicy } from '../../src/incidents/incident-policy.js';
import { INITIAL_INCIDENT_STATE, type IncidentState } from '../../src/incidents/incident-state.js';
import { transition } from '../../src/incidents/transition.js';
import type { RunStatus } from '../../src/runner/run-result.js';

/** 2026-01-01T00:00:00Z: where every scenario's fake clock starts. */
export const T0 = Date.UTC(2026, 0, 1);
export const MINUTE = 60_000;

type PayloadFreeEvent = Exclude<IncidentEvent, { type: 'run' } | { type: 'reconcile' }>['type'];

/** A scenario step: a run by its status, an event without fields by its type, or any event. */
export type Step = RunStatus | PayloadFreeEvent | IncidentEvent;

/**
 * What an effect looks like in a scenario table: `trigger` (opens an incident), `remind` (re-sent trigger),
 * `acknowledge`, `resolve(<reason>)`; `-` when a step sent nothing.
 */
export function label(effects: IncidentEffect[]): string {
  if (effects.length === 0) return '-';
  return effects
    .map((effect) => {
      switch (effect.action) {
        case 'trigger':
          return effect.reminder ? 'remind' : 'trigger';
        case 'acknowledge':
          return 'acknowledge';
        case 'resolve':
          return `resolve(${effect.reason})`;
      }
    })
    .join(' + ');
}

function toEvent(step: Step): IncidentEvent {
  if (typeof step !== 'string') return step;
  if (step === 'success' || step === 'failure' || step === 'error' || step === 'abort') {
    return { type: 'run', status: step };
  }
  return { type: step };
}

/**
 * The engine with a fake clock: `send` applies one step at the current time and keeps the state, `advance`
 * moves the clock by hand, `play` applies steps `stepMs` apart and returns their labels.
 */
export function createEngine(
  policy: Partial<IncidentPolicy> = {},
  start: { state?: IncidentState; at?: number } = {},
) {
  const fullPolicy: IncidentPolicy = { ...DEFAULT_INCIDENT_POLICY, ...policy };
  let state = start.state ?? INITIAL_INCIDENT_STATE;
  let now = start.at ?? T0;
  return {
    policy: fullPolicy,
    get state() {
      return state;
    },
    get now() {
      return new Date(now);
    },
    advance(ms: number) {
      now += ms;
    },
    send(step: Step): IncidentEffect[] {
      const next = transition(state, toEvent(step), fullPolicy, new Date(now));
      state = next.state;
      return next.effects;
    },
    play(steps: Step[], stepMs = MINUTE): string[] {
      return steps.map((step) => {
        const effects = this.send(step);
        this.advance(stepMs);
        return label(effects);
      });
    },
  };
}

/** `repeat(3, 'failure')` → three failing runs (or three expected labels): keeps long scenario tables readable. */
export function repeat<const T>(times: number, item: T): T[] {
  return Array.from({ length: times }, () => item);
}
