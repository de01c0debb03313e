import type { DispatcherOptions } from '../outbox/index.js';
import type { EgressOptions } from '../runner/egress/egress-options.js';
import { join } from 'node:path';

/** How `pagewatch serve` runs. Every option has a default; the CLI and environment variables set them. */
export interface ServeOptions {
  /** Port of the API and dashboard. Default `PORT` or 8080 (0 = any free port). */
  port: number;
  /** Address to listen on. Default 127.0.0.1 (use 0.0.0.0 to serve other machines). */
  host: string;
  /** Data directory (SQLite file, generated key file). Default `PAGEWATCH_HOME` or `./.pagewatch`. */
  home: string;
  /** `postgres://…` or a SQLite file. Default `DATABASE_URL`, else `<home>/pagewatch.db`. */
  databaseUrl: string;
  /** Secret the integration keys are encrypted with. Default `PAGEWATCH_SECRET`, else a generated `<home>/secret.key`. */
  secret?: string;
  /** An admin API token to accept (e.g. for automation). Default `PAGEWATCH_ADMIN_TOKEN`; else one is generated once. */
  adminToken?: string;
  /** Region this node's runs belong to. Default `local`. */
  region: string;
  /** Runs at once: the queue's limit and the runner's per-process limit (`maxConcurrentRuns`). Default 16. */
  concurrency: number;
  /**
   * Script contexts (postman-sandbox worker threads, ≈ 48 MB each) shared by all runs; scripts beyond this wait.
   * Default: the number of CPU cores, at most 4.
   */
  sandboxes?: number;
  /**
   * Runner processes collection scripts run in (permission model, scrubbed environment, memory and wall-clock
   * limits; docs/isolation.md); 0 = in this process. Default: the number of CPU cores, at least 2, at most 4.
   */
  runnerProcesses?: number;
  /** Networks monitor requests may or may not reach, and the response size cap. Default: everything, 50 MiB. */
  egress?: EgressOptions;
  /** Days of run history kept. Default 30. */
  retentionDays: number;
  /** Public URL of this server, for links on PagerDuty alerts. Default none. */
  publicUrl?: string;
  /** Serve /metrics without a token. Default false. */
  publicMetrics: boolean;
  /** Log level. Default `info`. */
  logLevel: string;
  /** Outbox dispatcher tuning (retry delays, lease, rate limit). Default: the dispatcher's defaults. */
  outbox?: DispatcherOptions;
  /** The built dashboard to serve at `/`. Default `./dist/web` (built by `npm run build`). */
  webRoot?: string;
  /** A pagewatch.yaml to apply at boot. Default none. */
  configFile?: string;
  /**
   * Failed-auth rate limiting per client IP: after `max` bad tokens or login codes within `windowMs`, that IP gets
   * 429 PW_ERR_TOO_MANY_AUTH_FAILURES (with Retry-After) until the window ends; `max: 0` turns it off.
   * Default 20 failures per 60 000 ms (see src/api/auth-rate-limit.ts).
   */
  authFailureLimit?: { max: number; windowMs: number };
}

/** The defaults, read from the environment where API.md/README say so. */
export function defaultServeOptions(env: NodeJS.ProcessEnv): ServeOptions {
  const home = env.PAGEWATCH_HOME ?? '.pagewatch';
  return {
    port: env.PORT ? Number(env.PORT) : 8080,
    host: '127.0.0.1',
    home,
    databaseUrl: env.DATABASE_URL ?? join(home, 'pagewatch.db'),
    ...(env.PAGEWATCH_SECRET ? { secret: env.PAGEWATCH_SECRET } : {}),
    ...(env.PAGEWATCH_ADMIN_TOKEN ? { adminToken: env.PAGEWATCH_ADMIN_TOKEN } : {}),
    region: 'local',
    concurrency: 16,
    retentionDays: 30,
    publicMetrics: false,
    logLevel: env.LOG_LEVEL ?? 'info',
  };
}
