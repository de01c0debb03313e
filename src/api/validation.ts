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
 * Validates with zod like fastify-type-provider-zod's compiler, but keeps zod's own issues (with their path
 * arrays): the library's compiler flattens paths to `/item/2`, which loses whether `2` was an index or a key.
 * Fastify adds `statusCode: 400` and `validationContext` (body, querystring, …) to the returned error.
 */
export const zodValidatorCompiler: FastifySchemaCompiler<$ZodType> =
  ({ schema }) =>
  (data) => {
    const result = safeParse(schema, data);
    return result.success
      ? { value: result.data }
      : { error: new RequestValidationError(result.error.issues) };
  };
