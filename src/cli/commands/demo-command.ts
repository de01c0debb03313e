import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Command } from 'commander';
import { startDemoApi } from '../../demo/demo-api.js';
import { startPdSandbox, type AlertView } from '../../pd-sandbox/index.js';
import type { CliIo } from '../cli-io.js';
import { makeStyler } from '../reporters/style.js';

/** A made-up integration key: the demo pages the local sandbox, never PagerDuty. */
const DEMO_INTEGRATION_KEY = 'demo0000000000000000000000000000';
const DEMO_COLLECTION = fileURLToPath(
  new URL('../../../examples/demo-shop.postman_collection.json', import.meta.url),
);

/** Runs `pagewatch <args>` in this process (the demo uses the real CLI, not a copy of it). */
export type RunCli = (args: string[]) => Promise<number>;

/**
 * `pagewatch demo` (what `npm start` runs): the core loop end to end, offline. It starts the demo shop API and the
 * PagerDuty sandbox, then runs the demo collection with `pagewatch run` while the API is healthy, broken, still
 * broken and fixed again, showing the sandbox's alert after each run: nothing, triggered, still one alert, resolved.
 */
export function buildDemoCommand(deps: { io: CliIo; runCli: RunCli }): Command {
  return new Command('demo')
    .description('Watch a PagerDuty incident open and resolve, offline: demo API + local PagerDuty sandbox.')
    .option('--keep-running', 'keep the demo API and the sandbox up afterwards, to try commands by hand')
    .action(async (flags: { keepRunning?: boolean }) => runDemo(deps, Boolean(flags.keepRunning)));
}

async function runDemo(deps: { io: CliIo; runCli: RunCli }, keepRunning: boolean): Promise<void> {
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
    const runArgs = ['run', DEMO_COLLECTION, '-e', environment, '--pagerduty-key', DEMO_INTEGRATION_KEY];
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
      `\n${style('green', 'That is the whole loop.')} Try it yourself with --keep-running, or read the README.\n`,
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
