import type { ConfigApiClient } from './config-api-client.js';
import type { DesiredState } from './desired-state.js';
import { executePlan, type ExecutionResult } from './execute-plan.js';
import { computePlan, type CurrentState, type Plan, type PlannedChange } from './plan.js';

export interface ApplyDesiredStateOptions {
  /** Delete what the file no longer names. Default false. */
  prune?: boolean;
  /** Plan only: no write call. Default false. */
  dryRun?: boolean;
  /** Called with the plan before anything is changed (to print it). */
  onPlan?: (plan: Plan) => void;
  /** Called after each change the API accepted. */
  onApplied?: (change: PlannedChange) => void;
}

export interface ApplyDesiredStateOutcome {
  current: CurrentState;
  plan: Plan;
  /** Undefined when nothing was executed: a dry run, or a plan with diagnostics. */
  result?: ExecutionResult;
}

/**
 * The one code path of `pagewatch apply` and `pagewatch serve --config`: read the server's state through the API,
 * plan by name, and (unless it is a dry run or the plan found problems) make the changes through the API.
 * Transport problems while reading the state are thrown (ServerUnreachableError, ApiCallError).
 */
export async function applyDesiredState(
  desired: DesiredState,
  client: ConfigApiClient,
  options: ApplyDesiredStateOptions = {},
): Promise<ApplyDesiredStateOutcome> {
  const current = await client.readState();
  const plan = computePlan(desired, current, { prune: options.prune ?? false });
  options.onPlan?.(plan);
  if (plan.diagnostics.length || options.dryRun) return { current, plan };
  const result = await executePlan(plan, current, client, options.onApplied);
  return { current, plan, result };
}
