import { Command } from 'commander';
import { startPdSandbox } from '../../pd-sandbox/index.js';
import type { CliIo } from '../cli-io.js';
import { nonNegativeInteger } from '../parse-option-values.js';

/** `pagewatch sandbox`: the local PagerDuty Events API, alone, until interrupted. */
export function buildSandboxCommand(deps: { io: CliIo }): Command {
  return new Command('sandbox')
    .description(
      'Start a local PagerDuty Events API (v2, Change Events, v1) for tests, demos and offline use.',
    )
    .option('-p, --port <port>', 'port to listen on (0 = any free port)', nonNegativeInteger, 8090)
    .option('--host <host>', 'address to listen on', '127.0.0.1')
    .addHelpText(
      'after',
      `
Point pagewatch at it with --pagerduty-url http://127.0.0.1:<port>. Inspect what it received:
  GET /sandbox/alerts   GET /sandbox/events   GET /sandbox/change-events   POST /sandbox/reset

Example:
  $ pagewatch sandbox --port 8090 &
  $ pagewatch run api.json --pagerduty-key 0123456789abcdef0123456789abcdef --pagerduty-url http://127.0.0.1:8090`,
    )
    .action(async (flags: { port: number; host: string }) => {
      const sandbox = await startPdSandbox({ port: flags.port, host: flags.host });
      deps.io.stdout(`PagerDuty sandbox listening on ${sandbox.url}\n`);
      deps.io.stdout(`  alerts: ${sandbox.url}/sandbox/alerts\n`);
      await new Promise<void>((resolve) => {
        const stop = (): void => {
          void sandbox.close().then(resolve);
        };
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
      });
    });
}
