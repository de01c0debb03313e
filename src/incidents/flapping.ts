import type { FlappingPolicy } from './incident-policy.js';
import type { IncidentState, Verdict } from './incident-state.js';

/**
 * Records a newly confirmed verdict. A change (up→down or down→up, never from "unknown") is remembered for the
 * flapping rule when the policy detects flapping and `countChange` is set (it is not during maintenance). Only
 * the last `changes` times are kept: the window rule needs no more, and the stored state stays small.
 */
export function withConfirmedVerdict(
  state: IncidentState,
  verdict: Verdict,
  flapping: FlappingPolicy | null,
  now: Date,
  countChange: boolean,
): IncidentState {
  if (!flapping) return { ...state, verdict, verdictChangedAt: [] };
  const changed = state.verdict !== null && state.verdict !== verdict;
  const history =
    changed && countChange ? [...state.verdictChangedAt, now.toISOString()] : state.verdictChangedAt;
  return { ...state, verdict, verdictChangedAt: history.slice(-flapping.changes) };
}

/**
 * The window rule: flapping while at least `changes` verdict changes happened within the last `windowMs`, i.e.
 * the `changes`-th most recent change is later than `now - windowMs` (a change exactly `windowMs` ago has left
 * the window). Without a flapping policy nothing flaps.
 */
export function isFlapping(state: IncidentState, flapping: FlappingPolicy | null, now: Date): boolean {
  if (!flapping || state.verdictChangedAt.length < flapping.changes) return false;
  const oldestCounted = state.verdictChangedAt[state.verdictChangedAt.length - flapping.changes];
  return oldestCounted !== undefined && Date.parse(oldestCounted) > now.getTime() - flapping.windowMs;
}
