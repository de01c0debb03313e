import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pino, { type Logger } from 'pino';
import { demoRoutes } from '../api/routes/demo-routes.js';
import { createLoginCode, DEFAULT_LOGIN_CODE_TTL_MS } from '../auth/login-codes.js';
import { createLogger } from '../observability/logger.js';
import { startPdSandbox, type PdSandbox } from '../pd-sandbox/index.js';
import { defaultServeOptions, type ServeOptions } from '../server/serve-options.js';
import { startServer, type RunningServer } from '../server/start-server.js';
import { runMonitorNow } from '../services/monitor-service.js';
import { startDemoApi, type DemoApi } from './demo-api.js';
import { ensureDemoResources, type DemoResources } from './demo-resources.js';

/** The package's own directory (where `dist/web` is built), whatever the current directory is. */
export const PACKAGE_ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** Options of {@link startDemo}. */
export interface StartDemoOptions {
  /**
   * Where the defaults come from, as for `pagewatch serve`: `PORT` (default 8080, 0 = any free port),
   * `PAGEWATCH_HOME` (default `./.pagewatch`; the SQLite database lives there, `DATABASE_URL` is ignored),
   * `PAGEWATCH_SECRET`, `LOG_LEVEL`. Default `process.env`.
   */
  env?: NodeJS.ProcessEnv;
  /** The dashboard bundle to serve. Default `<package>/dist/web`. */
  webRoot?: string;
  /** The server's logger. Default: JSON lines appended to `<home>/demo.log`, so the terminal stays readable. */
  logger?: Logger;
}

/** A running demo: every piece in this process. */
export interface RunningDemo {
  /** The dashboard (and API) base URL, e.g. `http://127.0.0.1:8080`. */
  dashboardUrl: string;
  /** The one-time login link: `<dashboardUrl>/login?code=…`. */
  loginUrl: string;
  /** The PagerDuty sandbox the demo integration pages. */
  sandboxUrl: string;
  /** The demo shop API the demo monitor checks. */
  demoApiUrl: string;
  /** The data directory (`PAGEWATCH_HOME`). */
  home: string;
  /** Whether the dashboard bundle is served at `/` (otherwise the demo is API-only). */
  dashboardBuilt: boolean;
  resources: DemoResources;
  server: RunningServer;
  demoApi: DemoApi;
  sandbox: PdSandbox;
  /** What `pagewatch demo` prints: the URLs and what to do. */
  text: string;
  /** Stops the server (letting a run in flight finish), then the demo API and the sandbox. */
  close(): Promise<void>;
}

/**
 * `pagewatch demo` (what `npm start` runs): the real server, offline. Starts the demo shop API and the PagerDuty
 * sandbox on ephemeral ports of 127.0.0.1, then `pagewatch serve` itself (SQLite in `PAGEWATCH_HOME`, port
 * `PORT`) with the demo's switch (`/api/v1/demo`); makes sure the demo monitor (every 30 s) and the demo PagerDuty
 * integration exist and point at this start's ports; queues a first run; and creates a one-time login link.
 * Only the monitored API and the PagerDuty endpoint are local stand-ins: everything else is the product.
 */
export async function startDemo(options: StartDemoOptions = {}): Promise<RunningDemo> {
  // Always SQLite in PAGEWATCH_HOME: a DATABASE_URL exported for something else must not get demo data.
  const { DATABASE_URL: _ignored, ...env } = options.env ?? process.env;
  const serve: ServeOptions = {
    ...defaultServeOptions(env),
    webRoot: options.webRoot ?? join(PACKAGE_ROOT, 'dist', 'web'),
  };
  // A taken port is the likeliest failure (a second `npm start`): find it before anything starts, so it fails
  // cleanly with EADDRINUSE instead of after the store, scheduler and dispatcher are up.
  await assertPortFree(serve.host, serve.port);
  const [demoApi, sandbox] = await Promise.all([startDemoApi(), startPdSandbox()]);
  const logFile = options.logger
    ? undefined
    : pino.destination({ dest: join(serve.home, 'demo.log'), mkdir: true, sync: true });
  const logger = options.logger ?? createLogger({ level: serve.logLevel, destination: logFile });
  let server: RunningServer | undefined;
  try {
    server = await startServer(serve, {
      logger,
      extraRoutes: () => [demoRoutes({ demoApi, sandboxUrl: sandbox.url })],
    });
    const resources = await ensureDemoResources(server.context, {
      demoApiUrl: demoApi.url,
      sandboxUrl: sandbox.url,
    });
    // A first check now, so the dashboard shows the monitor up at once (and an incident a previous demo left
    // open is resolved by this healthy run instead of waiting for the schedule).
    await runMonitorNow(server.context, resources.monitor.id);
    const { code } = await createLoginCode(server.context.store.db, {
      role: 'admin',
      ttlMs: DEFAULT_LOGIN_CODE_TTL_MS,
    });
    const dashboardUrl = server.url;
    const running = server;
    const info = {
      dashboardUrl,
      loginUrl: `${dashboardUrl}/login?code=${encodeURIComponent(code)}`,
      sandboxUrl: sandbox.url,
      demoApiUrl: demoApi.url,
      home: serve.home,
      dashboardBuilt: existsSync(join(serve.webRoot ?? '', 'index.html')),
    };
    return {
      ...info,
      resources,
      server,
      demoApi,
      sandbox,
      text: describeDemo({ ...info, code }),
      async close() {
        await running.close();
        await Promise.all([demoApi.close(), sandbox.close()]);
        logFile?.end();
      },
    };
  } catch (error) {
    await server?.close().catch(() => undefined);
    await Promise.all([demoApi.close(), sandbox.close()]);
    logFile?.end();
    throw error;
  }
}

/** Rejects with the listen error (EADDRINUSE, EACCES) when `port` cannot be bound; port 0 always can. */
async function assertPortFree(host: string, port: number): Promise<void> {
  if (port === 0) return;
  await new Promise<void>((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(port, host, () => probe.close(() => resolve()));
  });
}

/** The demo's banner: where everything is and the three steps to watch an incident open and resolve. */
export function describeDemo(info: {
  dashboardUrl: string;
  loginUrl: string;
  code: string;
  sandboxUrl: string;
  demoApiUrl: string;
  home: string;
  dashboardBuilt: boolean;
}): string {
  const minutes = DEFAULT_LOGIN_CODE_TTL_MS / 60_000;
  const api = `${info.dashboardUrl}/api/v1`;
  const lines = [
    '',
    'pagewatch demo: the real server, offline (a demo shop API and a local PagerDuty sandbox)',
    '',
    `  Dashboard:          ${info.loginUrl}`,
    `                      (one-time login link, valid ${minutes} min; a new one: npx pagewatch login-link)`,
  ];
  if (!info.dashboardBuilt) {
    lines.push(
      `                      The dashboard is not built (API only, docs at ${info.dashboardUrl}/api/docs).`,
      `                      The link's code gives an API token: curl -X POST ${api}/auth/exchange \\`,
      `                        -H 'content-type: application/json' -d '{"code":"${info.code}"}'`,
    );
  }
  lines.push(
    `  PagerDuty sandbox:  ${info.sandboxUrl}   (alerts as JSON: ${info.sandboxUrl}/sandbox/alerts)`,
    `  Demo shop API:      ${info.demoApiUrl}   (checked every 30 s by the monitor "Demo shop API")`,
    `  Data:               ${info.home}   (logs: ${join(info.home, 'demo.log')}; delete the folder to start fresh)`,
    '',
    'Try it:',
  );
  if (info.dashboardBuilt) {
    lines.push(
      '  1. Click "Break the demo API" in the dashboard.',
      '  2. Wait up to 30 s: the monitor fails, an incident opens in Incidents and in the PagerDuty sandbox console.',
      '  3. Click "Fix the demo API": the next run passes and the incident resolves, in pagewatch and in the sandbox.',
    );
  } else {
    const auth = '-H "Authorization: Bearer $TOKEN"';
    lines.push(
      `  1. Break the demo API:  curl -X POST ${auth} ${api}/demo/break`,
      `  2. Wait up to 30 s:     curl ${auth} ${api}/incidents   and   curl ${info.sandboxUrl}/sandbox/alerts`,
      `  3. Fix it:              curl -X POST ${auth} ${api}/demo/fix   (the next run resolves the incident)`,
    );
  }
  lines.push('', 'Ctrl-C stops everything.', '');
  return lines.join('\n');
}
