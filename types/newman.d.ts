/** The part of Newman's library API that the conformance suite and the bench use (newman 6.2, no bundled types). */
declare module 'newman' {
  import type { EventEmitter } from 'node:events';

  export interface NewmanRunOptions {
    collection: unknown;
    environment?: unknown;
    globals?: unknown;
    iterationData?: unknown;
    iterationCount?: number;
    reporters?: string | string[];
    requestAgents?: { http?: unknown; https?: unknown };
    insecure?: boolean;
    ignoreRedirects?: boolean;
    timeout?: number;
    timeoutRequest?: number;
    timeoutScript?: number;
    delayRequest?: number;
    abortOnFailure?: boolean;
    [option: string]: unknown;
  }

  export interface NewmanExecution {
    id: string;
    item: { id: string; name: string };
    request?: { method: string; url: { toString(): string } };
    response?: { code: number; status: string; responseTime: number };
    requestError?: Error;
    assertions?: Array<{ assertion: string; skipped?: boolean; error?: Error }>;
    prerequestScript?: Array<{ error?: Error }>;
    testScript?: Array<{ error?: Error }>;
  }

  export interface NewmanRunSummary {
    run: {
      stats: Record<string, { total: number; failed: number; pending?: number }>;
      executions: NewmanExecution[];
      failures: Array<{ error: Error & { test?: string }; at?: string; source?: { name?: string } }>;
      error?: Error;
    };
  }

  export function run(
    options: NewmanRunOptions,
    callback?: (error: Error | null, summary: NewmanRunSummary) => void,
  ): EventEmitter;

  const newman: { run: typeof run };
  export default newman;
}
