import fc from 'fast-check';
import { wrongValue } from './fc-options.js';

/** A path into a JSON value: object keys and array indexes. */
export type JsonPath = (string | number)[];

/** What was done to a valid value, so a property can say which field it expects to be named. */
export interface Mutation {
  kind: 'replace' | 'delete' | 'unknown-key' | 'huge-string' | 'deep-nesting' | 'wrap-in-array';
  path: JsonPath;
  value: unknown;
}

/**
 * Every path in a JSON value, the root (`[]`) included, in document order, down to `maxDepth` levels (a value
 * nested thousands of levels deep is one mutation already; its inside is not worth mutating again).
 */
export function pathsOf(value: unknown, maxDepth = 12): JsonPath[] {
  const paths: JsonPath[] = [];
  const visit = (current: unknown, prefix: JsonPath): void => {
    paths.push(prefix);
    if (prefix.length >= maxDepth || typeof current !== 'object' || current === null) return;
    for (const [key, item] of Object.entries(current)) {
      visit(item, [...prefix, Array.isArray(current) ? Number(key) : key]);
    }
  };
  visit(value, []);
  return paths;
}

/** `['item', 0, 'request']` → `item[0].request` (the format of error details). */
export function formatPath(path: JsonPath): string {
  if (path.length === 0) return '$';
  return path
    .map((key, index) => (typeof key === 'number' ? `[${key}]` : `${index ? '.' : ''}${key}`))
    .join('');
}

/** A value nested `depth` levels deep in arrays or objects. */
export function deeplyNested(depth: number, kind: 'array' | 'object'): unknown {
  let value: unknown = 1;
  for (let level = 0; level < depth; level++) value = kind === 'array' ? [value] : { a: value };
  return value;
}

const replacement: fc.Arbitrary<{ kind: Mutation['kind']; value: unknown }> = fc.oneof(
  { weight: 6, arbitrary: wrongValue.map((value) => ({ kind: 'replace' as const, value })) },
  { weight: 3, arbitrary: fc.constant({ kind: 'delete' as const, value: undefined }) },
  { weight: 2, arbitrary: fc.constant({ kind: 'wrap-in-array' as const, value: undefined }) },
  {
    weight: 2,
    arbitrary: fc
      .tuple(fc.constantFrom('nmae', 'extra', '__proto__', 'constructor', ''), wrongValue)
      .map(([key, value]) => ({ kind: 'unknown-key' as const, value: { [key]: value } })),
  },
  {
    weight: 1,
    arbitrary: fc
      .integer({ min: 100_000, max: 300_000 })
      .map((length) => ({ kind: 'huge-string' as const, value: 'x'.repeat(length) })),
  },
  {
    weight: 1,
    arbitrary: fc
      .tuple(fc.integer({ min: 200, max: 2_500 }), fc.constantFrom('array' as const, 'object' as const))
      .map(([depth, kind]) => ({ kind: 'deep-nesting' as const, value: deeplyNested(depth, kind) })),
  },
);

/** A shallow copy of an object or array, own `__proto__` keys included. */
function shallowCopy(value: unknown): Record<string | number, unknown> {
  if (Array.isArray(value)) return [...value] as unknown as Record<number, unknown>;
  const copy: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value as Record<string, unknown>)) {
    Object.defineProperty(copy, key, { value: item, enumerable: true, writable: true, configurable: true });
  }
  return copy;
}

/**
 * Applies a mutation without touching `value`: the containers along the path are copied, the rest is shared
 * (structuredClone cannot copy a value nested a few thousand levels deep).
 */
export function applyMutation(value: unknown, mutation: Mutation): unknown {
  const { path, kind } = mutation;
  const change = (current: unknown): unknown => {
    switch (kind) {
      case 'wrap-in-array':
        return [current];
      case 'unknown-key':
        if (typeof current === 'object' && current !== null && !Array.isArray(current)) {
          const record = shallowCopy(current);
          for (const [key, item] of Object.entries(mutation.value as Record<string, unknown>)) {
            Object.defineProperty(record, key, { value: item, enumerable: true, writable: true });
          }
          return record;
        }
        return mutation.value;
      default:
        return mutation.value;
    }
  };
  if (path.length === 0) return kind === 'delete' ? undefined : change(value);
  const root = shallowCopy(value);
  let parent = root;
  for (const key of path.slice(0, -1)) {
    const child = shallowCopy(parent[key]);
    parent[key] = child;
    parent = child;
  }
  const last = path.at(-1) as string | number;
  if (kind === 'delete') {
    if (Array.isArray(parent)) parent.splice(Number(last), 1);
    else Reflect.deleteProperty(parent, last);
  } else parent[last] = change(parent[last]);
  return root;
}

/** One to three mutations of a valid value, each at a random path (paths are re-read after each mutation). */
export function mutationsOf(
  valid: unknown,
  maxMutations = 3,
): fc.Arbitrary<{ value: unknown; mutations: Mutation[] }> {
  return fc.array(fc.tuple(fc.nat(), replacement), { minLength: 1, maxLength: maxMutations }).map((steps) => {
    let value = valid;
    const mutations: Mutation[] = [];
    for (const [index, step] of steps) {
      const paths = pathsOf(value);
      const path = paths[index % paths.length] ?? [];
      const mutation: Mutation = { kind: step.kind, path, value: step.value };
      value = applyMutation(value, mutation);
      mutations.push(mutation);
    }
    return { value, mutations };
  });
}

/** A short description of a value for counterexample reports (huge strings and deep nesting abbreviated). */
export function describeValue(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 300 ? `${text.slice(0, 300)}… (${text.length} chars)` : text;
}
