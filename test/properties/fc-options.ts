import fc from 'fast-check';

/**
 * fast-check parameters shared by the bad-input properties. `FC_SEED` replays a failure (fast-check prints the
 * seed and the path of every counterexample it reports); without it each run draws a new seed. `FC_RUNS` scales
 * every property's number of runs (default 1), e.g. `FC_RUNS=10 npm test -- test/properties` for a long soak.
 */
export function fcParameters<T>(numRuns: number): fc.Parameters<T> {
  const seed = process.env.FC_SEED === undefined ? undefined : Number(process.env.FC_SEED);
  const scale = Number(process.env.FC_RUNS ?? '1');
  return {
    numRuns: Math.max(1, Math.round(numRuns * (Number.isFinite(scale) && scale > 0 ? scale : 1))),
    ...(seed !== undefined && Number.isFinite(seed) ? { seed } : {}),
  };
}

/** A suite's timeout, scaled like its runs by `FC_RUNS`. */
export function suiteTimeout(baseMs: number): number {
  const scale = Number(process.env.FC_RUNS ?? '1');
  return Math.round(baseMs * (Number.isFinite(scale) && scale > 1 ? scale : 1));
}

/** Any JSON value (the shapes a client or a file can send), with strings that include odd code points. */
export const anyJson = (maxDepth = 3): fc.Arbitrary<unknown> =>
  fc.jsonValue({ maxDepth, stringUnit: 'binary' }) as fc.Arbitrary<unknown>;

/** A value of the wrong kind for most fields: each JSON type, plus edge cases. */
export const wrongValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.constant(null),
  fc.boolean(),
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.constantFrom(0, -1, 1e308, -0, 2 ** 53, 1.5),
  fc.string({ maxLength: 20, unit: 'binary' }),
  fc.constantFrom('', ' ', '\u0000', '\ud800', '﻿', '${X}', '{{x}}', '__proto__', 'constructor'),
  fc.constant([]),
  fc.constant({}),
  fc.array(fc.string({ maxLength: 5 }), { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 5 }), fc.string({ maxLength: 5 }), { maxKeys: 3 }),
);
