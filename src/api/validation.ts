import type { FastifySchemaCompiler } from 'fastify';
import { safeParse, type $ZodIssue, type $ZodType } from 'zod/v4/core';

/** A request part (body, querystring, params, headers) that failed its zod schema, with every issue. */
export class RequestValidationError extends Error {
  readonly issues: readonly $ZodIssue[];
  constructor(issues: readonly $ZodIssue[]) {
    super('The request does not match its schema.');
    this.name = 'RequestValidationError';
    this.issues = issues;
  }
}

/**
 * How deep a request's JSON may nest. A body nested thousands of levels deep parses, but then overflows the stack
 * of whatever walks it recursively (zod, JSON.stringify when it is stored): a 500 instead of an answer. Real
 * bodies stay far below: a collection with 100 levels of folders (its own limit) is about 200 levels of JSON.
 */
export const MAX_JSON_DEPTH = 256;

/**
 * Validates with zod like fastify-type-provider-zod's compiler, but keeps zod's own issues (with their path
 * arrays): the library's compiler flattens paths to `/item/2`, which loses whether `2` was an index or a key.
 * Fastify adds `statusCode: 400` and `validationContext` (body, querystring, …) to the returned error.
 */
export const zodValidatorCompiler: FastifySchemaCompiler<$ZodType> =
  ({ schema }) =>
  (data) => {
    const tooDeep = firstPathDeeperThan(data, MAX_JSON_DEPTH);
    if (tooDeep) {
      const issue = {
        code: 'custom',
        path: tooDeep,
        message: `nested more than ${MAX_JSON_DEPTH} levels deep`,
        input: undefined,
      } satisfies $ZodIssue;
      return { error: new RequestValidationError([issue]) };
    }
    const result = safeParse(schema, data);
    return result.success
      ? { value: result.data }
      : { error: new RequestValidationError(result.error.issues) };
  };

/** The path of the first value nested deeper than `limit` levels, found without recursion. */
export function firstPathDeeperThan(data: unknown, limit: number): (string | number)[] | undefined {
  const stack: { value: unknown; path: (string | number)[] }[] = [{ value: data, path: [] }];
  while (stack.length) {
    const { value, path } = stack.pop() as { value: unknown; path: (string | number)[] };
    if (typeof value !== 'object' || value === null) continue;
    if (path.length >= limit) return path;
    const entries = Array.isArray(value) ? value.entries() : Object.entries(value);
    for (const [key, child] of entries) {
      if (typeof child === 'object' && child !== null) stack.push({ value: child, path: [...path, key] });
    }
  }
  return undefined;
}
