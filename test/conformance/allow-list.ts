import type { Difference } from './compare-runs.js';

/**
 * A known, justified difference between Newman and pagewatch on one corpus collection. An entry matches one
 * difference exactly: same collection, same `key`, and both sides matching (text or pattern). Entries that match
 * nothing fail the suite, so the list cannot go stale.
 */
export interface AllowListEntry {
  /** The corpus case key (`<folder>/<name>` or `<name>`). */
  collection: string;
  /** The difference's key, e.g. `requests[3].assertions[0].passed`. */
  key: string;
  newman: string | RegExp;
  pagewatch: string | RegExp;
  /** Why the difference is acceptable: what each side does and why pagewatch is right or the gap is harmless. */
  justification: string;
}

/** The documented differences (see docs/conformance.md). Empty means pagewatch matches Newman everywhere. */
export const ALLOW_LIST: readonly AllowListEntry[] = [];

export interface AllowListOutcome {
  /** Differences no entry covers: each one fails the collection's subtest. */
  unexplained: Difference[];
  /** Differences covered, with their entry. */
  allowed: { difference: Difference; entry: AllowListEntry }[];
  /** Entries for this collection that matched no difference. */
  unused: AllowListEntry[];
}

const matches = (pattern: string | RegExp, text: string): boolean =>
  typeof pattern === 'string' ? pattern === text : pattern.test(text);

/** Splits a collection's differences into allowed and unexplained, and finds its unused entries. Pure. */
export function applyAllowList(
  collection: string,
  differences: readonly Difference[],
  allowList: readonly AllowListEntry[] = ALLOW_LIST,
): AllowListOutcome {
  const entries = allowList.filter((entry) => entry.collection === collection);
  const used = new Set<AllowListEntry>();
  const outcome: AllowListOutcome = { unexplained: [], allowed: [], unused: [] };
  for (const difference of differences) {
    const entry = entries.find(
      (candidate) =>
        candidate.key === difference.key &&
        matches(candidate.newman, difference.newman) &&
        matches(candidate.pagewatch, difference.pagewatch),
    );
    if (entry) {
      used.add(entry);
      outcome.allowed.push({ difference, entry });
    } else {
      outcome.unexplained.push(difference);
    }
  }
  outcome.unused = entries.filter((entry) => !used.has(entry));
  return outcome;
}
