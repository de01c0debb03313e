import { hostname } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import type { Logger } from 'pino';
import { buildApiApp, type ApiApp, type ApiRoutePlugin, type HealthReport } from '../api/index.js';
import { DEFAULT_WEB_ROOT, registerWebUi } from '../api/web-ui.js';
import { deliveryRoutes } from '../api/routes/delivery-routes.js';
import { incidentRoutes } from '../api/routes/incident-routes.js';
import { integrationRoutes } from '../api/routes/integration-routes.js';
import { maintenanceRoutes } from '../api/routes/maintenance-routes.js';
import { monitorRoutes } from '../api/routes/monitor-routes.js';
import { runRoutes } from '../api/routes/run-routes.js';
import { schemaRoutes } from '../api/routes/schema-routes.js';
import { ensureAdminToken } from '../auth/admin-token.js';
import { applyConfigAtBoot } from '../config/apply-at-boot.js';
import { formatDiagnostic } from '../config/diagnostics.js';
import { loadConfigFileOrThrow } from '../config/load-config-file.js';
import { createLogger } from '../observability/logger.js';
import { createMetrics } from '../observability/metrics.js';
import { countByStatus, createDispatcher, releaseAllLeases, type Dispatcher } from '../outbox/index.js';
import { InProcessRunQueue } from '../queue/in-process-run-queue.js';
import { createSecretBox, loadSecretKey } from '../secrets/secret-box.js';
import { reconcileOnBoot } from '../services/incident-service.js';
import { createRunHandler, recordOverlap } from '../services/run-service.js';
import type { ServerContext } from '../services/server-context.js';
import { openStore, type Store } from '../store/open-store.js';
import { countOpenIncidents } from '../store/repositories/incident-repository.js';
import { getDeliveryTarget } from '../store/repositories/integration-repository.js';
import { listEnabledSchedules } from '../store/repositories/monitor-repository.js';
import { systemClock, type Clock } from '../util/clock.js';
import { fetchHttpClient, type HttpClient } from '../util/http-client.js';
import { startRetention } from './retention.js';
import { createServerRunner } from './server-runner.js';
import type { ServeOptions } from './serve-options.js';

/** A running server. */
export interface RunningServer {
  url: string;
  context: ServerContext;
  app: ApiApp;
  /** The admin token generated on first start, shown once; undefined otherwise. */
  generatedAdminToken?: string;
  close(): Promise<void>;
}

/** Test seams; production uses the defaults. */
export interface ServerDependencies {
  clock?: Clock;
  http?: HttpClient;
  logger?: Logger;
  /** Runs collections. Default: a pooled runner (shared sandbox contexts and agents), closed with the server. */
  runCollection?: ServerContext['runCollection'];
  /** More API routes (e.g. the demo's switch), given the server context. Default none. */
  extraRoutes?: (context: ServerContext) => ApiRoutePlugin[];
}

/**
 * `pagewatch serve`: opens the store, reconciles what a previous process left (interrupted runs, open incidents of
 * healthy/paused/deleted monitors), schedules every enabled monitor, starts the outbox dispatcher (which picks up
 * undelivered events at once) and serves the REST API.
 */
export async function startServer(
  options: ServeOptions,
  dependencies: ServerDependencies = {},
): Promise<RunningServer> {
  const clock = dependencies.clock ?? systemClock;
  const logger = dependencies.logger ?? createLogger({ level: options.logLevel });
  // --config: the file (and what it names) is checked before anything opens, so a bad file stops serve at once.
  const bootConfig = options.configFile
    ? await loadConfigFileOrThrow(options.configFile, { env: process.env })
    : undefined;
  for (const warning of bootConfig?.warnings ?? []) logger.warn(formatDiagnostic(warning));
  const box = createSecretBox(
    loadSecretKey({
      ...(options.secret ? { secret: options.secret } : {}),
      keyFile: join(options.home, 'secret.key'),
    }),
  );
  const store = await openStore({
    url: options.databaseUrl,
    onConnectionError: (error) =>
      logger.warn({ err: error }, 'database connection lost; reconnecting on next query'),
  });
  logger.info({ engine: store.engine, location: store.location }, 'store open');
  const metrics = createMetrics({
    onCollectError: (error) => logger.warn({ err: error }, 'metrics collector failed'),
  });
  // The queue's overlap callback needs the context, which needs the queue: the callback reads it lazily.
  const contextRef: { current?: ServerContext } = {};
  const queue = new InProcessRunQueue({
    concurrency: options.concurrency,
    region: options.region,
    clock,
    onOverlap: (job) => (contextRef.current ? recordOverlap(contextRef.current, job) : undefined),
    onError: (error, job) =>
      logger.error({ err: error, monitorId: job?.monitorId }, 'run failed to complete'),
  });
  const dispatcher = createDispatcher({
    db: store.db,
    engine: store.engine,
    resolveTarget: (id) => getDeliveryTarget(store.db, box, id),
    http: dependencies.http ?? fetchHttpClient,
    clock,
    logger,
    onOutcome: (outcome) => {
      if (outcome.kind === 'retry') metrics.deliveryFailuresTotal.inc({ reason: 'transient' });
      if (outcome.kind === 'failed') metrics.deliveryFailuresTotal.inc({ reason: 'permanent' });
    },
    ...(options.outbox ? { options: options.outbox } : {}),
  });
  // Runner processes by default (docs/isolation.md), else the fast in-process runner (--runner-processes 0); the
  // egress policy in both. Cheap to create: nothing starts before runner.start() or the first run.
  const runner = createServerRunner({
    concurrency: options.concurrency,
    ...(options.sandboxes ? { sandboxes: options.sandboxes } : {}),
    ...(options.runnerProcesses !== undefined ? { runnerProcesses: options.runnerProcesses } : {}),
    ...(options.egress ? { egress: options.egress } : {}),
    clock,
    logger,
  });
  const context: ServerContext = {
    store,
    box,
    clock,
    logger,
    metrics,
    queue,
    dispatcher,
    runCollection: dependencies.runCollection ?? ((input, runOptions) => runner.run(input, runOptions)),
    region: options.region,
    source: `pagewatch@${hostname()}${options.region === 'local' ? '' : `/${options.region}`}`,
    ...(options.publicUrl ? { publicUrl: options.publicUrl } : {}),
  };
  contextRef.current = context;
  queue.onRun(createRunHandler(context));
  metrics.setCollectors({
    openIncidents: () => countOpenIncidents(store.db),
    outboxDepth: () => countByStatus(store.db),
  });

  const admin = await ensureAdminToken(store.db, {
    ...(options.adminToken ? { envToken: options.adminToken } : {}),
    log: { info: (message: string) => logger.info(message) },
  });
  if (store.engine === 'sqlite') {
    // One process owns a SQLite store: leases found now were held by a process that died (kill -9, power cut).
    const released = await releaseAllLeases(store.db);
    if (released) logger.warn({ released }, 'outbox rows claimed by a previous process are delivered now');
  }
  const reconciled = await reconcileOnBoot(context);
  if (reconciled.interruptedRuns || reconciled.reconciled.length)
    logger.info(reconciled, 'reconciled on boot');
  for (const { id, schedule } of await listEnabledSchedules(store.db)) {
    try {
      await queue.upsertSchedule(id, schedule);
    } catch (error) {
      // One bad stored schedule must not keep the other monitors from running.
      logger.error({ err: error, monitorId: id }, 'monitor not scheduled: invalid schedule');
    }
  }
  // Runner processes boot while the API starts, so the first scheduled run does not wait for them.
  if (!dependencies.runCollection) runner.start();
  await queue.start();
  dispatcher.start();
  const retention = startRetention({ store, logger, retentionDays: options.retentionDays, clock });

  const app = await buildApiApp({
    db: store.db,
    logger,
    metrics,
    health: () => health(store, dispatcher),
    routes: [
      monitorRoutes(context),
      runRoutes(context),
      integrationRoutes(context),
      incidentRoutes(context),
      deliveryRoutes(context),
      maintenanceRoutes(context),
      schemaRoutes(),
      ...(dependencies.extraRoutes?.(context) ?? []),
    ],
    configure: async (api) => {
      const served = await registerWebUi(api, options.webRoot);
      if (!served)
        logger.info(
          { webRoot: options.webRoot ?? DEFAULT_WEB_ROOT },
          'dashboard bundle not built: API only (npm run build)',
        );
    },
    publicMetrics: options.publicMetrics,
    ...(options.authFailureLimit ? { authFailureLimit: options.authFailureLimit } : {}),
    clock,
  });
  let address: string;
  try {
    // --config: applied through the API before listening (see applyConfigAtBoot), never pruning.
    if (bootConfig) await applyConfigAtBoot({ app, db: store.db, desired: bootConfig.desired, logger });
    address = await app.listen({ port: options.port, host: options.host });
  } catch (error) {
    // A config file the API refused, or e.g. the port is taken: stop what was started so the process can exit
    // with the error.
    retention.stop();
    await app.close();
    await queue.stop({ timeoutMs: 1_000 });
    await runner.close();
    await dispatcher.stop();
    await store.close();
    throw error;
  }
  logger.info({ url: address }, 'pagewatch serving');

  return {
    url: address,
    context,
    app,
    ...(admin.source === 'generated' ? { generatedAdminToken: admin.token } : {}),
    async close() {
      retention.stop();
      await app.close();
      const { unfinished } = await queue.stop({ timeoutMs: 10_000 });
      // Runs past the grace were cancelled; give them a moment to record themselves as interrupted.
      for (let waited = 0; unfinished.length && queue.stats().running > 0 && waited < 3_000; waited += 50) {
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      await runner.close();
      await dispatcher.stop();
      await store.close();
    },
  };
}

async function health(store: Store, dispatcher: Dispatcher): Promise<HealthReport> {
  const checks: Record<string, string> = {};
  try {
    // A write probe, not just a read: a locked (SQLITE_BUSY) or full disk shows here, while reads still work.
    await sql`update api_tokens set id = id where 1 = 0`.execute(store.db);
    checks.db = 'ok';
  } catch (error) {
    checks.db = `error: ${(error as Error).message}`;
  }
  const outbox = await dispatcher.health();
  checks.dispatcher = outbox.ok ? 'ok' : `degraded: ${outbox.reason ?? outbox.lastError ?? 'unknown'}`;
  return { status: Object.values(checks).every((check) => check === 'ok') ? 'ok' : 'degraded', checks };
}
