import { request } from 'node:http';
import type { RunResult } from '../../src/runner/index.js';
import type { ProcessRunnerPool } from '../../src/runner/isolation/index.js';

/** Every message a run reports: run error, request/script errors and failed assertion messages. */
export function messagesOf(result: RunResult): string {
  return [
    result.error ?? '',
    ...result.executions.flatMap((execution) => [
      execution.error ?? '',
      ...execution.assertions.map((assertion) => assertion.error ?? ''),
    ]),
  ]
    .filter(Boolean)
    .join(' | ');
}

/**
 * Polls `url` (this test process's own HTTP server, standing in for pagewatch's API) every 25 ms until stopped, and
 * reports how many answers came, how many failed and the slowest one: the server keeps serving while a runner
 * process fights a hostile script.
 */
export function watchServing(url: string): {
  stop(): Promise<{ answered: number; failed: number; slowestMs: number }>;
} {
  let stopped = false;
  let answered = 0;
  let failed = 0;
  let slowestMs = 0;
  const loop = (async () => {
    while (!stopped) {
      const started = performance.now();
      const ok = await new Promise<boolean>((resolve) => {
        const req = request(url, { timeout: 2_000 }, (response) => {
          response.resume();
          response.on('end', () => resolve(response.statusCode === 200));
        });
        req.on('error', () => resolve(false));
        req.on('timeout', () => req.destroy());
        req.end();
      });
      slowestMs = Math.max(slowestMs, performance.now() - started);
      if (ok) answered += 1;
      else failed += 1;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  })();
  return {
    async stop() {
      stopped = true;
      await loop;
      return { answered, failed, slowestMs };
    },
  };
}

/** Waits until some runner process has a run in flight; returns its pid. */
export async function busyProcessPid(pool: ProcessRunnerPool, timeoutMs = 10_000): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const busy = pool.stats().processes.find((process) => process.busy > 0 && process.pid !== undefined);
    if (busy?.pid !== undefined) return busy.pid;
    if (Date.now() > deadline) throw new Error('no runner process became busy');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
