import { PagewatchError } from '../errors/pagewatch-error.js';
import { ApiCallError, ServerUnreachableError } from './config-api-client.js';
import type { ExecutionResult } from './execute-plan.js';
import type { Plan, PlannedChange } from './plan.js';

const SIGNS = { create: '+', update: '~', delete: '-', unchanged: '=' } as const;

/** `+ monitor "Checkout API"`, `~ monitor "X": schedule, options`, `- integration "Old"`. */
export function formatChange(change: PlannedChange): string {
  const head = `${SIGNS[change.action]} ${change.kind} ${JSON.stringify(change.name)}`;
  return change.action === 'update' ? `${head}: ${change.fields.join(', ')}` : head;
}

/** The plan as a diff-like summary, one line per change, then `= 3 unchanged` and what is kept without --prune. */
export function formatPlan(plan: Plan): string[] {
  const lines = plan.changes.filter((change) => change.action !== 'unchanged').map(formatChange);
  const unchanged = plan.changes.filter((change) => change.action === 'unchanged').length;
  if (unchanged) lines.push(`= ${unchanged} unchanged`);
  if (plan.kept.length) {
    const names = plan.kept.map((kept) => `${kept.kind} ${JSON.stringify(kept.name)}`).join(', ');
    lines.push(`  not in the file, kept (--prune deletes them): ${names}`);
  }
  if (lines.length === 0) lines.push('= nothing on the server and nothing in the file');
  return lines;
}

/** How many changes a plan makes (unchanged resources are not changes). */
export function countChanges(plan: Plan): number {
  return plan.changes.filter((change) => change.action !== 'unchanged').length;
}

/** A failed change as an error: the change, the API's own code, message and details, and what was done before. */
export interface ApplyFailure {
  /** `PW_ERR_*` from the API; undefined when the server could not be reached. */
  code?: string;
  message: string;
  details: string[];
  /** 3 when the server could not be reached, else 2. */
  exitCode: 2 | 3;
}

export function describeFailure(result: ExecutionResult, total: number): ApplyFailure | undefined {
  if (!result.failed) return undefined;
  const { change, error } = result.failed;
  const done = result.applied.length;
  const progress =
    done === 0
      ? 'No change was applied.'
      : `${done} of ${total} changes were applied before it and stay applied; the rest were not tried.`;
  const fix = 'Fix the problem and run apply again: it converges.';
  const what = `${formatChange(change)} failed`;
  if (error instanceof ServerUnreachableError) {
    return { message: `${what}: ${error.message}. ${progress} ${fix}`, details: [], exitCode: 3 };
  }
  if (error instanceof ApiCallError || error instanceof PagewatchError) {
    const details = error.details.map(
      (detail) => `${[detail.file, detail.path].filter(Boolean).join(' ') || '$'}: ${detail.message}`,
    );
    return {
      code: error.code,
      message: `${what}: ${error.message} ${progress} ${fix}`,
      details,
      exitCode: 2,
    };
  }
  throw error;
}
