import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Command } from 'commander';
import { ensureDashboardBundle } from '../../demo/build-dashboard.js';
import { startDemoApi } from '../../demo/demo-api.js';
import { DEMO_COLLECTION_FILE, DEMO_INTEGRATION_KEY } from '../../demo/demo-resources.js';
import { PACKAGE_ROOT, startDemo } from '../../demo/start-demo.js';
import { PagewatchError } from '../../errors/pagewatch-error.js';
import { startPdSandbox, type AlertView } from '../../pd-sandbox/index.js';
import type { CliIo } from '../cli-io.js';
import { nonNegativeInteger } from '../parse-option-values.js';
import { makeStyler } from '../reporters/style.js';

/** Runs `pagewatch <args>` in this process (the demo uses the real CLI, not a copy of it). */
export type RunCli = (args: string[]) => Promise<number>;

interface DemoFlags {
  port?: number;
  home?: string;
  build: boolean;
  cli?: boolean;
  keepRunning?: boolean;
}

/**
 * `pagewatch demo` (what `npm start` runs): the real server with its dashboard, a demo shop API, a demo monitor
 * and a PagerDuty integration pointed at the local sandbox, offline, until Ctrl-C. With `--cli`, the older
 * walkthrough instead: `pagewatch run` against the demo API while it is healthy, broken and fixed again, without
 * a server or a browser.
 */
export function buildDemoCommand(deps: { io: CliIo; runCli: RunCli }): Command {
  return new Command('demo')
    .description(
      'Try pagewatch offline: the server and dashboard, a demo API to break and fix, a local PagerDuty sandbox.',
    )
    .option(
      '-p, --port <port>',
      'port of the dashboard and API (default: PORT or 8080; 0 = any free port)',
      nonNegativeInteger,
    )
    .option('--home <dir>', 'data directory (default: PAGEWATCH_HOME or ./.pagewatch)')
    .option('--no-build', 'do not build the dashboard when it is missing (API only)')
    .option('--cli', 'the terminal walkthrough instead (pagewatch run, no server, no browser)')
    .option('--keep-running', 'with --cli: keep the demo API and the sandbox up afterwards')
    .addHelpText(
      'after',
      `
Open the printed login link, click "Break the demo API", wait up to 30 s for the incident (in Incidents and in
the PagerDuty sandbox), click "Fix the demo API" and watch it resolve. Data stays in PAGEWATCH_HOME (default
./.pagewatch); delete that folder to start fresh. A new login link: npx pagewatch login-link.

Examples:
  $ npm start                          # the same as: npx pagewatch demo
  $ PORT=9090 npx pagewatch demo
  $ npx pagewatch demo --cli           # no browser: watch the loop in the terminal`,
    )
    .action(async (flags: DemoFlags) =>
      flags.cli ? runWalkthrough(deps, Boolean(flags.keepRunning)) : runServerDemo(deps.io, flags),
    );
}

async function runServerDemo(io: CliIo, flags: DemoFlags): Promise<void> {
  const env: NodeJS.ProcessEnv = {
    ...io.env,
    ...(flags.port !== undefined ? { PORT: String(flags.port) } : {}),
    ...(flags.home ? { PAGEWATCH_HOME: flags.home } : {}),
  };
  const home = env.PAGEWATCH_HOME ?? '.pagewatch';
  if (flags.build) {
    await ensureDashboardBundle({
      packageRoot: PACKAGE_ROOT,
      webRoot: join(PACKAGE_ROOT, 'dist', 'web'),
      logFile: join(home, 'dashboard-build.log'),
      note: (line) => io.stdout(`${line}\n`),
    });
  }
  let demo;
  try {
    demo = await startDemo({ env });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE') {
      throw new PagewatchError(
        'PW_ERR_USAGE',
        `Port ${env.PORT ?? 8080} is in use (another pagewatch?). Stop it, or pick another port: PORT=8081 npm start`,
      );
    }
    throw error;
  }
  io.stdout(demo.text);
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  io.stdout('\nStopping the demo…\n');
  await demo.close();
  io.stdout(`Stopped. The data stays in ${demo.home} (delete it to start fresh).\n`);
}

async function runWalkthrough(deps: { io: CliIo; runCli: RunCli }, keepRunning: boolean): Promise<void> {
  const { io } = deps;
  const style = makeStyler(io.color);
  const home = join(io.env.PAGEWATCH_HOME ?? '.pagewatch', 'demo');
  const [api, sandbox] = await Promise.all([startDemoApi(), startPdSandbox()]);
  try {
    await mkdir(home, { recursive: true });
    const environment = join(home, 'demo.postman_environment.json');
    const stateFile = join(home, 'run-state.json');
    await rm(stateFile, { force: true });
    await writeFile(
      environment,
      JSON.stringify({ name: 'demo', values: [{ key: 'baseUrl', value: api.url }] }, null, 2),
    );
    const runArgs = ['run', DEMO_COLLECTION_FILE, '-e', environment, '--pagerduty-key', DEMO_INTEGRATION_KEY];
    runArgs.push('--pagerduty-url', sandbox.url, '--state-file', stateFile);

    io.stdout(`${style('bold', 'pagewatch demo')}\n  demo API:           ${api.url}\n`);
    io.stdout(`  PagerDuty sandbox:  ${sandbox.url}  (alerts: ${sandbox.url}/sandbox/alerts)\n`);
    const steps: { title: string; broken: boolean }[] = [
      { title: '1/4  The API is healthy: the run passes and nothing is sent to PagerDuty.', broken: false },
      { title: '2/4  The API breaks: the run fails and PagerDuty gets a trigger.', broken: true },
      {
        title: '3/4  Still broken: the same alert gets another log entry, no second incident.',
        broken: true,
      },
      { title: '4/4  The API is fixed: the run passes and the alert is resolved.', broken: false },
    ];
    for (const step of steps) {
      api.setBroken(step.broken);
      io.stdout(`\n${style('cyan', '━'.repeat(100))}\n${style('bold', step.title)}\n`);
      const code = await deps.runCli(runArgs);
      io.stdout(`exit code ${code}\n${describeAlerts(await listAlerts(sandbox.url))}\n`);
    }
    io.stdout(
      `\n${style('green', 'That is the whole loop.')} Try it yourself with --cli --keep-running, or run the full demo: npm start.\n`,
    );
    if (keepRunning) {
      io.stdout(
        `\n  break the API:  curl -X POST ${api.url}/demo/break\n  fix it:         curl -X POST ${api.url}/demo/fix\n`,
      );
      io.stdout(
        `  run:            npx pagewatch ${runArgs.map((arg) => (arg.includes(' ') ? `"${arg}"` : arg)).join(' ')}\n`,
      );
      io.stdout(`  alerts:         curl ${sandbox.url}/sandbox/alerts\n\nCtrl-C to stop.\n`);
      await new Promise<void>((resolve) => {
        process.once('SIGINT', () => resolve());
        process.once('SIGTERM', () => resolve());
      });
    }
  } finally {
    await Promise.all([api.close(), sandbox.close()]);
  }
}

async function listAlerts(sandboxUrl: string): Promise<AlertView[]> {
  const response = await fetch(`${sandboxUrl}/sandbox/alerts`);
  return ((await response.json()) as { alerts: AlertView[] }).alerts;
}

function describeAlerts(alerts: readonly AlertView[]): string {
  if (alerts.length === 0) return 'PagerDuty sandbox: no alerts.';
  return alerts
    .map(
      (alert) =>
        `PagerDuty sandbox: alert ${alert.id} ${alert.status.toUpperCase()} — "${alert.summary}" ` +
        `(dedup key ${alert.dedupKey}, ${alert.log.length} log entr${alert.log.length === 1 ? 'y' : 'ies'})`,
    )
    .join('\n');
}
