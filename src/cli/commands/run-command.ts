import { join } from 'node:path';
import { Command, Option } from 'commander';
import { PagewatchError } from '../../errors/pagewatch-error.js';
import { validateIntegrationKey, type PagerDutySeverity } from '../../notifiers/pagerduty/index.js';
import { createPooledRunner, loadRunInput, type RunOptions } from '../../runner/index.js';
import { fetchHttpClient, type HttpClient } from '../../util/http-client.js';
import type { CliIo } from '../cli-io.js';
import { commaList, nonNegativeInteger, positiveInteger } from '../parse-option-values.js';
import { collectionName, defaultDedupKey } from '../run/default-dedup-key.js';
import { pagePagerDuty } from '../run/page-pagerduty.js';
import { REPORTERS, writeReports, type ReporterName } from '../run/write-reports.js';

/** Exit codes of `pagewatch run` (and the other commands). */
export const EXIT = { passed: 0, failed: 1, badInput: 2, pagerDuty: 3 } as const;

const SEVERITIES = ['critical', 'error', 'warning', 'info'] as const;
const DEFAULT_PAGERDUTY_URL = 'https://events.pagerduty.com';

interface RunFlags {
  environment?: string;
  globals?: string;
  iterationData?: string;
  iterationCount?: number;
  timeout?: number;
  timeoutRequest?: number;
  timeoutScript?: number;
  delayRequest?: number;
  ignoreRedirects?: boolean;
  insecure?: boolean;
  reporters: string[];
  reporterJsonExport?: string;
  reporterJunitExport?: string;
  pagerdutyKey?: string;
  pagerdutyUrl: string;
  severity: PagerDutySeverity;
  dedupKey?: string;
  stateFile?: string;
  pagerdutyAttempts: number;
}

/** Dependencies of the run command, injectable for tests. */
export interface RunCommandDeps {
  io: CliIo;
  http?: HttpClient;
  now?: () => Date;
  /** Receives the exit code. */
  setExitCode: (code: number) => void;
}

export function buildRunCommand(deps: RunCommandDeps): Command {
  return new Command('run')
    .description('Run a Postman collection once, like Newman, and drive its PagerDuty incident.')
    .argument('<collection>', 'Postman Collection v2.0/v2.1 JSON file')
    .option('-e, --environment <file>', 'Postman environment JSON file')
    .option('-g, --globals <file>', 'Postman globals JSON file')
    .option(
      '-d, --iteration-data <file>',
      'iteration data: a JSON array of objects or a CSV file with a header row',
    )
    .option('-n, --iteration-count <n>', 'number of iterations (default: data rows, or 1)', positiveInteger)
    .option(
      '--timeout <ms>',
      'whole-run limit; the run is stopped and reported as "abort" (default 600000)',
      positiveInteger,
    )
    .option('--timeout-request <ms>', 'per-request timeout, 0 = none (default 30000)', nonNegativeInteger)
    .option('--timeout-script <ms>', 'per-script timeout, 0 = none (default 5000)', nonNegativeInteger)
    .option('--delay-request <ms>', 'pause between requests (default 0)', nonNegativeInteger)
    .option('--ignore-redirects', 'do not follow HTTP redirects')
    .option('-k, --insecure', 'do not verify TLS certificates')
    .option('-r, --reporters <list>', `comma-separated reporters: ${REPORTERS.join(', ')}`, commaList, [
      'cli',
    ])
    .option('--reporter-json-export <file>', 'write the RunResult JSON to this file')
    .option('--reporter-junit-export <file>', 'write a JUnit XML report to this file')
    .addOption(
      new Option('--pagerduty-key <key>', 'PagerDuty Integration Key (32 characters): page on failure').env(
        'PAGERDUTY_INTEGRATION_KEY',
      ),
    )
    .option(
      '--pagerduty-url <url>',
      'Events API base URL (EU: https://events.eu.pagerduty.com)',
      DEFAULT_PAGERDUTY_URL,
    )
    .addOption(
      new Option('--severity <level>', 'severity of the alert').choices(SEVERITIES).default('critical'),
    )
    .option('--dedup-key <key>', "alert key (default: derived from the collection's id or name)")
    .option(
      '--pagerduty-attempts <n>',
      'delivery attempts before giving up (429/5xx/network)',
      positiveInteger,
      5,
    )
    .option(
      '--state-file <file>',
      'where open incidents are remembered between runs (default .pagewatch/run-state.json)',
    )
    .addHelpText(
      'after',
      `
Exit codes: 0 passed, 1 failed or errored, 2 bad input or usage, 3 PagerDuty rejected the event or was unreachable.

Examples:
  $ pagewatch run api.postman_collection.json -e prod.postman_environment.json
  $ pagewatch run api.json --reporters cli,junit --reporter-junit-export results.xml
  $ pagewatch run api.json --pagerduty-key $PD_KEY          # trigger on failure, resolve on recovery
  $ pagewatch run api.json --pagerduty-key 0123456789abcdef0123456789abcdef \\
        --pagerduty-url http://127.0.0.1:8090                # the local sandbox (pagewatch sandbox)`,
    )
    .action(async (file: string, flags: RunFlags) => deps.setExitCode(await runCommand(file, flags, deps)));
}

async function runCommand(file: string, flags: RunFlags, deps: RunCommandDeps): Promise<number> {
  const { io } = deps;
  // Everything that can be checked without sending a request is checked first.
  checkFlags(flags);
  const { input, warnings } = await loadRunInput({
    collection: file,
    environment: flags.environment,
    globals: flags.globals,
    iterationData: flags.iterationData,
  });
  for (const warning of warnings) io.stderr(`warning: ${warning}\n`);

  // One run: one context, closed at once so its worker thread does not keep the process alive.
  const runner = createPooledRunner({ sandbox: { size: 1 }, maxConcurrentRuns: 1 });
  let result;
  try {
    result = await runner.run(input, toRunOptions(flags));
  } finally {
    await runner.close();
  }
  const name = collectionName(input.collection, file);
  const reports = await writeReports(name, result, toReportTargets(flags), io);
  for (const path of reports) io.stderr(`report written: ${path}\n`);
  for (const warning of result.warnings ?? []) io.stderr(`warning: ${warning}\n`);
  const runExit = result.status === 'success' ? EXIT.passed : EXIT.failed;
  if (!flags.pagerdutyKey) return runExit;

  const dedupKey = flags.dedupKey ?? defaultDedupKey(input.collection, file);
  try {
    const outcome = await pagePagerDuty({
      routingKey: flags.pagerdutyKey,
      dedupKey,
      monitorName: name,
      severity: flags.severity,
      baseUrl: flags.pagerdutyUrl,
      stateFile: flags.stateFile ?? join(io.env.PAGEWATCH_HOME ?? '.pagewatch', 'run-state.json'),
      result,
      http: deps.http ?? fetchHttpClient,
      now: (deps.now ?? (() => new Date()))(),
      maxAttempts: flags.pagerdutyAttempts,
      onRetry: (message) => io.stderr(`${message}\n`),
    });
    if (outcome.sent.length === 0) io.stdout(`PagerDuty: nothing to send (dedup key ${dedupKey})\n`);
    for (const sent of outcome.sent) {
      const what =
        sent.action === 'trigger' ? (sent.reminder ? 'trigger (still failing)' : 'trigger') : sent.action;
      io.stdout(`PagerDuty: ${what} sent (dedup key ${sent.dedupKey})\n`);
    }
  } catch (error) {
    if (error instanceof PagewatchError && error.exitCode === EXIT.pagerDuty) {
      io.stderr(`error ${error.code}: ${error.message}\n`);
      return EXIT.pagerDuty;
    }
    throw error;
  }
  return runExit;
}

function checkFlags(flags: RunFlags): void {
  if (flags.pagerdutyKey !== undefined) {
    const problem = validateIntegrationKey(flags.pagerdutyKey);
    if (problem) {
      throw new PagewatchError('PW_ERR_VALIDATION', `--pagerduty-key: ${problem.message}`, [
        { ...problem, path: '--pagerduty-key' },
      ]);
    }
  }
  if (!/^https?:\/\/[^/]+/.test(flags.pagerdutyUrl)) {
    throw new PagewatchError(
      'PW_ERR_USAGE',
      `--pagerduty-url must be an http(s) URL, got "${flags.pagerdutyUrl}".`,
      [{ path: '--pagerduty-url', message: 'expected an http(s) URL' }],
    );
  }
  const unknown = flags.reporters.filter((name) => !(REPORTERS as readonly string[]).includes(name));
  if (unknown.length) {
    throw new PagewatchError(
      'PW_ERR_USAGE',
      `--reporters: unknown reporter "${unknown.join('", "')}" (known: ${REPORTERS.join(', ')}).`,
      [{ path: '--reporters', message: `unknown: ${unknown.join(', ')}` }],
    );
  }
}

function toRunOptions(flags: RunFlags): RunOptions {
  return {
    iterationCount: flags.iterationCount,
    runTimeoutMs: flags.timeout,
    requestTimeoutMs: flags.timeoutRequest,
    scriptTimeoutMs: flags.timeoutScript,
    delayRequestMs: flags.delayRequest,
    followRedirects: flags.ignoreRedirects ? false : undefined,
    strictSSL: flags.insecure ? false : undefined,
  };
}

function toReportTargets(flags: RunFlags): Parameters<typeof writeReports>[2] {
  return {
    reporters: flags.reporters as ReporterName[],
    jsonExport: flags.reporterJsonExport,
    junitExport: flags.reporterJunitExport,
  };
}
