import type { Agent as HttpAgent } from 'node:http';
import type { Agent as HttpsAgent } from 'node:https';

/** How a collection is run. Every option has the default Postman Monitors use. */
export interface RunOptions {
  /** Per-request timeout in ms; 0 disables it. Default 30 000. */
  requestTimeoutMs?: number;
  /** Per-script timeout in ms (pre-request and test scripts); 0 disables it. Default 5 000. */
  scriptTimeoutMs?: number;
  /** Pause between requests in ms. Default 0. */
  delayRequestMs?: number;
  /** Follow HTTP redirects. Default true. */
  followRedirects?: boolean;
  /** Verify TLS certificates. Default true. */
  strictSSL?: boolean;
  /** Number of iterations. Default: the number of iteration-data rows, or 1. */
  iterationCount?: number;
  /** Whole-run cap in ms: the run is stopped and reported as `abort`. Default 600 000 (10 min). */
  runTimeoutMs?: number;
  /** At most this many request executions are kept in the result (stats still count all). Default 1 000. */
  maxExecutions?: number;
  /** At most this many console lines are kept. Default 200. */
  maxConsoleLines?: number;
  /** At most this many assertions are kept in the result, over all executions (stats still count all). Default 5 000. */
  maxAssertions?: number;
  /**
   * Longest kept text, in characters, of one console line, assertion error, request/script error or run error;
   * longer ones are cut and end with `…`. Default 2 000.
   */
  maxMessageChars?: number;
  /** Static host → IP map used instead of DNS (like a hosts file). Default: none. */
  hostIpMap?: Record<string, string>;
  /**
   * A response body larger than this many bytes fails its request with an error (postman-runtime's
   * `maxResponseSize`). Default: no limit in process (the server's egress policy caps responses; see
   * docs/isolation.md).
   */
  maxResponseBytes?: number;
  /** HTTP(S) agents for the requests (keep-alive, custom lookup, extra CAs). Default: postman-runtime's own. */
  agents?: { http?: HttpAgent; https?: HttpsAgent };
  /**
   * A postman-sandbox context to run scripts in, instead of creating one per run. postman-runtime disposes it when
   * the run ends, so it serves one run; to share contexts between runs use `createPooledRunner`.
   * Default: a new context per run (like Newman).
   */
  sandboxContext?: unknown;
  /** Cancels the run (e.g. the server is stopping): it ends as `abort` with the reason in `error`. Default none. */
  signal?: AbortSignal;
}

/** The defaults of the options that have one. */
export const RUN_OPTION_DEFAULTS: Required<
  Pick<
    RunOptions,
    | 'requestTimeoutMs'
    | 'scriptTimeoutMs'
    | 'delayRequestMs'
    | 'followRedirects'
    | 'strictSSL'
    | 'runTimeoutMs'
    | 'maxExecutions'
    | 'maxConsoleLines'
    | 'maxAssertions'
    | 'maxMessageChars'
  >
> = {
  requestTimeoutMs: 30_000,
  scriptTimeoutMs: 5_000,
  delayRequestMs: 0,
  followRedirects: true,
  strictSSL: true,
  runTimeoutMs: 600_000,
  maxExecutions: 1_000,
  maxConsoleLines: 200,
  maxAssertions: 5_000,
  maxMessageChars: 2_000,
};
