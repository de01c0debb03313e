import { PagewatchError } from '../errors/pagewatch-error.js';

/** A Postman environment or globals file reduced to what postman-runtime needs. */
export interface VariableScopeJson {
  id?: string;
  name?: string;
  values: { key: string; value?: unknown; type?: string; enabled?: boolean }[];
}

/**
 * Extracts the variable scope from an environment/globals JSON as Newman accepts it: a plain export
 * (`{values: [...]}`), one wrapped by the Postman API (`{environment: {...}}` / `{globals: {...}}`), or a bare
 * array of variables (`[{key, value}, ...]`, as older globals exports are).
 * Throws a PagewatchError naming the file and the field when it is not a variable scope.
 */
export function toVariableScopeJson(
  json: unknown,
  file: string,
  kind: 'environment' | 'globals',
): VariableScopeJson {
  let scope = Array.isArray(json) ? { values: json } : json;
  if (isRecord(scope) && isRecord(scope[kind]) && !Array.isArray(scope.values)) scope = scope[kind];
  if (!isRecord(scope)) {
    throw new PagewatchError('PW_ERR_VALIDATION', `The ${kind} file ${file} must hold a JSON object.`, [
      { file, path: '$', message: 'expected an object with a "values" array, or an array of variables' },
    ]);
  }
  const values = scope.values ?? [];
  if (!Array.isArray(values)) {
    throw new PagewatchError(
      'PW_ERR_VALIDATION',
      `The ${kind} file ${file}: field "values" must be an array.`,
      [{ file, path: 'values', message: 'must be an array of {key, value} objects' }],
    );
  }
  values.forEach((entry: unknown, index) => {
    if (!isRecord(entry) || typeof entry.key !== 'string') {
      throw new PagewatchError(
        'PW_ERR_VALIDATION',
        `The ${kind} file ${file}: field "values[${index}].key" must be a string.`,
        [{ file, path: `values[${index}].key`, message: 'must be a string' }],
      );
    }
  });
  return { ...(scope as Omit<VariableScopeJson, 'values'>), values: values as VariableScopeJson['values'] };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
