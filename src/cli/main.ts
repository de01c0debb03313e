import { Command, CommanderError } from 'commander';
import { PagewatchError } from '../errors/pagewatch-error.js';
import { processIo, type CliIo } from './cli-io.js';
import { buildApplyCommand } from './commands/apply-command.js';
import { buildRunCommand, EXIT, type RunCommandDeps } from './commands/run-command.js';
import { buildDemoCommand } from './commands/demo-command.js';
import { buildLoginLinkCommand } from './commands/login-link-command.js';
import { buildSandboxCommand } from './commands/sandbox-command.js';
import { buildServeCommand } from './commands/serve-command.js';

/** Options for running the CLI in-process (tests); production uses the process's streams. */
export interface MainOptions {
  io?: CliIo;
  http?: RunCommandDeps['http'];
  now?: RunCommandDeps['now'];
  /** The fetch `apply` calls the server with. Default the global fetch. */
  fetch?: typeof fetch;
}

/**
 * The `pagewatch` command line. Resolves with the exit code instead of exiting, so it can run in-process.
 * Bad input and usage errors print `error <CODE>: <message>` and give exit code 2.
 */
export async function main(argv: readonly string[], options: MainOptions = {}): Promise<number> {
  const io = options.io ?? processIo;
  let exitCode: number = EXIT.passed;
  const setExitCode = (code: number): void => {
    exitCode = code;
  };
  const program = new Command('pagewatch')
    .description('Self-hosted API monitoring: run Postman collections and drive PagerDuty incidents.')
    .version(await packageVersion(), '-v, --version')
    .exitOverride()
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr })
    .showHelpAfterError('(run with --help for usage)')
    .addCommand(buildRunCommand({ io, http: options.http, now: options.now, setExitCode }))
    .addCommand(buildServeCommand({ io }))
    .addCommand(buildApplyCommand({ io, setExitCode, ...(options.fetch ? { fetch: options.fetch } : {}) }))
    .addCommand(buildSandboxCommand({ io }))
    .addCommand(buildDemoCommand({ io, runCli: (args) => main(['node', 'pagewatch', ...args], options) }))
    .addCommand(buildLoginLinkCommand({ io }));
  for (const command of program.commands)
    command.exitOverride().configureOutput({ writeOut: io.stdout, writeErr: io.stderr });

  try {
    await program.parseAsync([...argv], { from: 'node' });
    return exitCode;
  } catch (error) {
    if (error instanceof CommanderError) {
      // --help and --version "fail" with exit code 0; real usage errors were already printed by commander.
      return error.exitCode === 0 ? EXIT.passed : EXIT.badInput;
    }
    if (error instanceof PagewatchError) {
      io.stderr(`error ${error.code}: ${error.message}\n`);
      for (const detail of error.details.slice(1, 10)) {
        io.stderr(`  at ${[detail.file, detail.path].filter(Boolean).join(' ')}: ${detail.message}\n`);
      }
      return error.exitCode;
    }
    io.stderr(`error PW_ERR_INTERNAL: ${(error as Error).stack ?? String(error)}\n`);
    return EXIT.failed;
  }
}

async function packageVersion(): Promise<string> {
  const { readFile } = await import('node:fs/promises');
  const json = JSON.parse(await readFile(new URL('../../package.json', import.meta.url), 'utf8')) as {
    version: string;
  };
  return json.version;
}
