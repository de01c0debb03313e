import { toVariableScopeJson } from '../runner/load-variables.js';

/** What a viewer sees instead of a monitor environment's value. */
export const MASKED_ENVIRONMENT_VALUE = '••••••••';

/**
 * The monitor's Postman environment as a viewer may see it: every variable keeps its key, type and enabled flag,
 * its value is replaced by {@link MASKED_ENVIRONMENT_VALUE}. Environments carry the monitored API's credentials
 * (API keys, passwords), which only editors, who may change and run monitors, need to read.
 */
export function maskEnvironmentValues(
  environment: Record<string, unknown> | null,
): Record<string, unknown> | null {
  if (environment === null) return null;
  try {
    const scope = toVariableScopeJson(environment, 'environment', 'environment');
    return {
      ...scope,
      values: scope.values.map((variable) => ({ ...variable, value: MASKED_ENVIRONMENT_VALUE })),
    };
  } catch {
    // Stored environments were validated on the way in; if one is not readable, show nothing of it.
    return { values: [] };
  }
}
