import { Command } from 'commander';
import { DEFAULT_AUTH_FAILURE_LIMIT } from '../../api/auth-rate-limit.js';
import { ConfigFileError, formatDiagnostic } from '../../config/diagnostics.js';
import { PagewatchError } from '../../errors/pagewatch-error.js';
import type { EgressOptions } from '../../runner/egress/egress-options.js';
import { checkEgressPolicy } from '../../runner/egress/egress-policy.js';
import { startServer } from '../../server/start-server.js';
import { defaultServeOptions, type ServeOptions } from '../../server/serve-options.js';
import type { CliIo } from '../cli-io.js';
import { commaList, nonNegativeInteger, positiveInteger } from '../parse-option-values.js';

interface ServeFlags {
  port?: number;
  host?: string;
  db?: string;
  home?: string;
  region?: string;
  concurrency?: number;
  sandboxes?: number;
  runnerProcesses?: number;
  egressAllow?: string[];
  egressDeny?: string[];
  maxResponseBytes?: number;
  retentionDays?: number;
  publicUrl?: string;
  publicMetrics?: boolean;
  logLevel?: string;
  deliveryRetryMinMs?: number;
  deliveryLeaseMs?: number;
  config?: string;
  authFailureLimit?: number;
  authFailureWindowMs?: number;
}

/** `pagewatch serve`: scheduled monitors, incidents, guaranteed PagerDuty delivery and the REST API. */
export function buildServeCommand(deps: { io: CliIo }): Command {
  return new Command('serve')
    .description('Run monitors on their schedules, drive PagerDuty incidents and serve the REST API.')
    .option('-p, --port <port>', 'port (default: PORT or 8080)', nonNegativeInteger)
    .option('--host <host>', 'address to listen on (default 127.0.0.1; 0.0.0.0 for all)')
    .option('--db <url>', 'postgres://… or a SQLite file (default: DATABASE_URL or <home>/pagewatch.db)')
    .option('--home <dir>', 'data directory (default: PAGEWATCH_HOME or ./.pagewatch)')
    .option('--region <name>', "this node's region (default local)")
    .option('--concurrency <n>', 'runs at once (default 16)', positiveInteger)
    .option(
      '--sandboxes <n>',
      'script contexts shared by all runs, ≈ 48 MB each (default: CPU cores, at most 4)',
      positiveInteger,
    )
    .option(
      '--runner-processes <n>',
      'isolated processes collection scripts run in (default: CPU cores, 2 to 4; 0 = in this process)',
      nonNegativeInteger,
    )
    .option(
      '--egress-allow <cidrs>',
      'monitor requests may only reach these networks (comma-separated)',
      commaList,
    )
    .option(
      '--egress-deny <cidrs>',
      'monitor requests may never reach these networks (comma-separated)',
      commaList,
    )
    .option(
      '--max-response-bytes <n>',
      'largest response of a monitor request (default 52428800; 0 = no cap)',
      nonNegativeInteger,
    )
    .option('--retention-days <n>', 'days of run history kept (default 30)', positiveInteger)
    .option('--public-url <url>', 'public URL of this server, for links on PagerDuty alerts')
    .option('--public-metrics', 'serve /metrics without a token')
    .option('--log-level <level>', 'fatal, error, warn, info, debug (default info)')
    .option(
      '--delivery-retry-min-ms <ms>',
      'first retry delay of a failed PagerDuty delivery (default 1000)',
      positiveInteger,
    )
    .option(
      '--delivery-lease-ms <ms>',
      'how long a dispatcher owns an event it is sending (default 60000)',
      positiveInteger,
    )
    .option('--config <file>', 'apply this pagewatch.yaml at boot, before listening (never prunes)')
    .option(
      '--auth-failure-limit <n>',
      'failed sign-ins (bad token or login code) per client IP per window before 429 (default 20; 0 = off)',
      nonNegativeInteger,
    )
    .option(
      '--auth-failure-window-ms <ms>',
      'window of --auth-failure-limit (default 60000)',
      positiveInteger,
    )
    .addHelpText(
      'after',
      `
Environment: PORT, PAGEWATCH_HOME, DATABASE_URL, PAGEWATCH_SECRET (encrypts integration keys; else a generated
key file in the data directory), PAGEWATCH_ADMIN_TOKEN (an admin API token to accept; else one is generated and
printed once on first start), LOG_LEVEL.

Examples:
  $ pagewatch serve                                   # SQLite in ./.pagewatch, http://127.0.0.1:8080
  $ DATABASE_URL=postgres://pagewatch@db/pagewatch pagewatch serve --host 0.0.0.0
  $ pagewatch serve --config pagewatch.yaml           # monitors and integrations from a file (see apply)`,
    )
    .action(async (flags: ServeFlags) => {
      const options = toServeOptions(flags, deps.io.env);
      let server;
      try {
        server = await startServer(options);
      } catch (error) {
        if (!(error instanceof ConfigFileError)) throw error;
        // Every problem with its file:line:column, then the usual one-line error (exit 2).
        for (const diagnostic of error.diagnostics) deps.io.stderr(`${formatDiagnostic(diagnostic)}\n`);
        throw new PagewatchError(error.code, error.message);
      }
      deps.io.stdout(`pagewatch is serving on ${server.url} (API docs: ${server.url}/api/docs)\n`);
      if (server.generatedAdminToken) {
        deps.io.stdout(`\nAdmin API token (shown once, store it now):\n  ${server.generatedAdminToken}\n\n`);
      }
      await new Promise<void>((resolve) => {
        const stop = (): void => {
          void server.close().then(() => {
            // A cancelled run's request may still hold a socket open; once everything is closed and recorded,
            // that must not keep the process alive (the timer is unref'd: it only fires if something else would).
            setTimeout(() => process.exit(process.exitCode ?? 0), 1_000).unref();
            resolve();
          });
        };
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
      });
    });
}

function toServeOptions(flags: ServeFlags, env: NodeJS.ProcessEnv): ServeOptions {
  const defaults = defaultServeOptions(flags.home ? { ...env, PAGEWATCH_HOME: flags.home } : env);
  return {
    ...defaults,
    ...(flags.port !== undefined ? { port: flags.port } : {}),
    ...(flags.host ? { host: flags.host } : {}),
    ...(flags.db ? { databaseUrl: flags.db } : {}),
    ...(flags.region ? { region: flags.region } : {}),
    ...(flags.concurrency ? { concurrency: flags.concurrency } : {}),
    ...(flags.sandboxes ? { sandboxes: flags.sandboxes } : {}),
    ...(flags.runnerProcesses !== undefined ? { runnerProcesses: flags.runnerProcesses } : {}),
    ...(flags.egressAllow || flags.egressDeny || flags.maxResponseBytes !== undefined
      ? { egress: toEgressOptions(flags) }
      : {}),
    ...(flags.retentionDays ? { retentionDays: flags.retentionDays } : {}),
    ...(flags.publicUrl ? { publicUrl: flags.publicUrl } : {}),
    ...(flags.publicMetrics ? { publicMetrics: true } : {}),
    ...(flags.logLevel ? { logLevel: flags.logLevel } : {}),
    ...(flags.config ? { configFile: flags.config } : {}),
    ...(flags.authFailureLimit !== undefined || flags.authFailureWindowMs
      ? {
          authFailureLimit: {
            max: flags.authFailureLimit ?? DEFAULT_AUTH_FAILURE_LIMIT.max,
            windowMs: flags.authFailureWindowMs ?? DEFAULT_AUTH_FAILURE_LIMIT.windowMs,
          },
        }
      : {}),
    ...(flags.deliveryRetryMinMs || flags.deliveryLeaseMs
      ? {
          outbox: {
            ...(flags.deliveryRetryMinMs ? { minDelayMs: flags.deliveryRetryMinMs } : {}),
            // A send must end well within its lease, so a short lease shortens the request timeout (default 10 s).
            ...(flags.deliveryLeaseMs
              ? {
                  leaseMs: flags.deliveryLeaseMs,
                  requestTimeoutMs: Math.min(10_000, Math.floor(flags.deliveryLeaseMs / 2)),
                }
              : {}),
          },
        }
      : {}),
  };
}

/** --egress-allow/--egress-deny/--max-response-bytes; a bad network is a usage error naming it (exit 2). */
function toEgressOptions(flags: ServeFlags): EgressOptions {
  const policy = {
    ...(flags.egressAllow ? { allow: flags.egressAllow } : {}),
    ...(flags.egressDeny ? { deny: flags.egressDeny } : {}),
  };
  const problems = checkEgressPolicy(policy);
  if (problems.length) {
    throw new PagewatchError(
      'PW_ERR_USAGE',
      `--egress-allow/--egress-deny: ${problems.join('; ')}`,
      problems.map((message) => ({
        path: message.startsWith('allow') ? '--egress-allow' : '--egress-deny',
        message,
      })),
    );
  }
  return {
    policy,
    ...(flags.maxResponseBytes !== undefined ? { maxResponseBytes: flags.maxResponseBytes } : {}),
  };
}
