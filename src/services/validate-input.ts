import type { z } from 'zod';
import { PagewatchError } from '../errors/pagewatch-error.js';
import { formatZodPath } from '../util/format-zod-path.js';

/**
 * Validates input against a zod schema; on failure a PW_ERR_VALIDATION naming every problem with its path
 * (the API answers 400 with them; `apply` prints them with file and line).
 */
export function validateInput<Schema extends z.ZodType>(
  schema: Schema,
  input: unknown,
  what: string,
): z.output<Schema> {
  const parsed = schema.safeParse(input);
  if (parsed.success) return parsed.data;
  const details = parsed.error.issues.map((issue) => ({
    path: formatZodPath(issue.path),
    message: issue.message,
  }));
  const first = details[0];
  throw new PagewatchError(
    'PW_ERR_VALIDATION',
    `Invalid ${what}: ${first ? `${first.path === '$' ? '' : `${first.path}: `}${first.message}` : 'unknown problem'}${
      details.length > 1 ? ` (and ${details.length - 1} more)` : ''
    }.`,
    details,
  );
}
