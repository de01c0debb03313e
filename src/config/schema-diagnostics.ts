import { z } from 'zod';
import type { Diagnostic } from './diagnostics.js';
import type { SourcePath, YamlSource } from './yaml-source.js';

/**
 * Turns zod issues about the parsed file into diagnostics at their line:column, in words that fit a file:
 * one diagnostic per unknown field (pointing at the key, with a did-you-mean), "required field is missing" for an
 * absent field, and the allowed values of a discriminator (`type`).
 */
export function schemaDiagnostics(
  source: YamlSource,
  schema: z.ZodType,
  data: unknown,
  issues: readonly z.core.$ZodIssue[],
): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  for (const issue of issues) {
    const path = issue.path as PropertyKey[];
    if (issue.code === 'unrecognized_keys') {
      const known = objectKeysAt(schema, data, path);
      for (const key of issue.keys) {
        const suggestion = closest(key, known);
        const hint = suggestion ? ` (did you mean "${suggestion}"?)` : '';
        diagnostics.push(source.diagnostic([...path, key], `unknown field${hint}`, { key: true }));
      }
      continue;
    }
    const value = valueAt(data, path);
    // A discriminated union's "no matching discriminator" issue carries the allowed values (not in zod's types).
    const options = (issue as { options?: unknown }).options;
    if (issue.code === 'invalid_union' && Array.isArray(options)) {
      const allowed = options.map((option) => JSON.stringify(option)).join(' or ');
      const message = value === undefined ? `required field is missing: ${allowed}` : `must be ${allowed}`;
      diagnostics.push(source.diagnostic(path, message));
      continue;
    }
    if (issue.code === 'invalid_type' && value === undefined && path.length > 0) {
      diagnostics.push(source.diagnostic(path, 'required field is missing'));
      continue;
    }
    if (issue.code === 'invalid_type' && path.length > 0) {
      diagnostics.push(
        source.diagnostic(path, `expected ${article(issue.expected)}, found ${describeValue(value)}`),
      );
      continue;
    }
    if (issue.code === 'invalid_type' && path.length === 0 && (data === null || data === undefined)) {
      diagnostics.push(
        source.diagnostic(path, 'the file is empty: expected "monitors:" and/or "integrations:"'),
      );
      continue;
    }
    diagnostics.push(source.diagnostic(path, issue.message));
  }
  return diagnostics;
}

function article(type: string): string {
  return /^[aeiou]/.test(type) ? `an ${type}` : `a ${type}`;
}

/** `a string ("10s")`, `a number (3)`, `an array`, `null`. */
function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object';
  const shown = JSON.stringify(value);
  const text = shown.length > 40 ? `${shown.slice(0, 37)}…` : shown;
  return `${article(typeof value)} (${text})`;
}

/** The value at a path of plain data, or undefined. */
export function valueAt(data: unknown, path: SourcePath): unknown {
  let value = data;
  for (const part of path) {
    if (typeof value !== 'object' || value === null) return undefined;
    value = (value as Record<PropertyKey, unknown>)[part];
  }
  return value;
}

/** The field names the schema allows for the object at `path` (the union option the data selects). */
function objectKeysAt(schema: z.ZodType, data: unknown, path: SourcePath): string[] {
  let current: z.ZodType | undefined = schema;
  for (const [index, part] of path.entries()) {
    const here = unwrap(current, valueAt(data, path.slice(0, index)));
    if (here instanceof z.ZodObject) current = (here.shape as Record<string, z.ZodType>)[String(part)];
    else if (here instanceof z.ZodArray) current = here.element as z.ZodType;
    else return [];
  }
  const target = unwrap(current, valueAt(data, path));
  return target instanceof z.ZodObject ? Object.keys(target.shape) : [];
}

function unwrap(schema: z.ZodType | undefined, value: unknown): z.ZodType | undefined {
  let current = schema;
  for (;;) {
    if (
      current instanceof z.ZodOptional ||
      current instanceof z.ZodNullable ||
      current instanceof z.ZodDefault
    ) {
      current = current.unwrap() as z.ZodType;
    } else if (current instanceof z.ZodUnion) {
      const options = current.options as z.ZodType[];
      current = options.find((option) => literalsMatch(option, value)) ?? options[0];
    } else {
      return current;
    }
  }
}

/** Whether every literal field of an object schema (e.g. `type: "webhook"`) has that value in the data. */
function literalsMatch(option: z.ZodType, value: unknown): boolean {
  if (!(option instanceof z.ZodObject) || typeof value !== 'object' || value === null) return false;
  return Object.entries(option.shape as Record<string, z.ZodType>).every(
    ([key, field]) =>
      !(field instanceof z.ZodLiteral) || field.values.has((value as Record<string, never>)[key]),
  );
}

/** The known name closest to `name` (case, typos, swapped letters), if it is close enough to be a likely typo. */
export function closest(name: string, known: readonly string[]): string | undefined {
  let best: { name: string; distance: number } | undefined;
  for (const candidate of known) {
    const distance = editDistance(name.toLowerCase(), candidate.toLowerCase());
    if (!best || distance < best.distance) best = { name: candidate, distance };
  }
  if (!best) return undefined;
  return best.distance <= Math.max(1, Math.floor(best.name.length / 3)) ? best.name : undefined;
}

/** Optimal string alignment distance: Levenshtein plus adjacent transpositions ("scheduel" → "schedule" is 1). */
function editDistance(a: string, b: string): number {
  const rows = Array.from({ length: a.length + 1 }, (_, i) =>
    Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  const at = (i: number, j: number): number => rows[i]?.[j] ?? 0;
  for (let i = 1; i <= a.length; i += 1) {
    for (let j = 1; j <= b.length; j += 1) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let distance = Math.min(at(i - 1, j) + 1, at(i, j - 1) + 1, at(i - 1, j - 1) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        distance = Math.min(distance, at(i - 2, j - 2) + 1);
      }
      (rows[i] as number[])[j] = distance;
    }
  }
  return at(a.length, b.length);
}
