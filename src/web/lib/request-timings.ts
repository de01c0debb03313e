import type { Run } from '../api/api-types';

/** One point of the response-time chart: a run's time and each request's response time in ms. */
export interface TimingPoint {
  at: number;
  [request: string]: number;
}

/**
 * Turns runs (any order) into chart rows, oldest first, one series per request name. A request repeated over
 * iterations gets its iteration number ("Get health #2"), so series stay comparable across runs.
 */
export function toTimingSeries(runs: readonly Run[]): { points: TimingPoint[]; requests: string[] } {
  const requests = new Set<string>();
  const points = runs
    .filter((run) => run.finishedAt !== null)
    .map((run) => {
      const point: TimingPoint = { at: new Date(run.finishedAt as string).getTime() };
      for (const execution of run.executions) {
        if (execution.responseTimeMs === undefined) continue;
        const name =
          execution.iteration > 0 ? `${execution.name} #${execution.iteration + 1}` : execution.name;
        requests.add(name);
        point[name] = execution.responseTimeMs;
      }
      return point;
    })
    .sort((a, b) => a.at - b.at);
  return { points, requests: [...requests] };
}
