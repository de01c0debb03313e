import { Command } from 'commander';
import { applyDesiredState } from '../../config/apply-config.js';
import {
  ApiCallError,
  createConfigApiClient,
  fetchTransport,
  ServerUnreachableError,
} from '../../config/config-api-client.js';
import { formatDiagnostic, type Diagnostic } from '../../config/diagnostics.js';
import { countChanges, describeFailure, formatChange, formatPlan } from '../../config/format-plan.js';
import { loadConfigFile } from '../../config/load-config-file.js';
import { PagewatchError } from '../../errors/pagewatch-error.js';
import type { CliIo } from '../cli-io.js';
import { makeStyler } from '../reporters/style.js';
import { EXIT } from './run-command.js';

/** The server `apply` talks to when neither --server nor PAGEWATCH_URL is given. */
export const DEFAULT_SERVER_URL = 'http://127.0.0.1:8080';

interface ApplyFlags {
  dryRun?: boolean;
  prune?: boolean;
  server?: string;
  token?: string;
}

/** Dependencies of the apply command, injectable for tests. */
export interface ApplyCommandDeps {
  io: CliIo;
  /** Default the global fetch. */
  fetch?: typeof fetch;
  /** Receives the exit code. */
  setExitCode: (code: number) => void;
}

/**
 * `pagewatch apply pagewatch.yaml`: makes the server match the file, through the REST API like any client.
 * Exit codes: 0 applied (or nothing to do, or a dry run), 2 a problem in the file or an API error (nothing
 * applied for a file problem; for an API error, the changes before it stay applied), 3 the server cannot be reached.
 */
export function buildApplyCommand(deps: ApplyCommandDeps): Command {
  return new Command('apply')
    .description('Make the server match a pagewatch.yaml: create, update (and with --prune delete) by name.')
    .argument('<file>', 'the config file (pagewatch.yaml)')
    .option('--dry-run', 'print the plan and change nothing')
    .option('--prune', 'also delete the monitors and integrations the file does not name')
    .option('--server <url>', `the pagewatch server (default: PAGEWATCH_URL or ${DEFAULT_SERVER_URL})`)
    .option('--token <token>', 'an API token with the editor role (default: PAGEWATCH_TOKEN)')
    .addHelpText(
      'after',
      `
The file is checked first (YAML, \${VAR}s, fields, schedules, the collections it names); any problem is
reported with file:line:column and nothing is applied. Then the server's monitors and integrations are
compared by name: + create, ~ update (with the fields that changed), - delete (--prune), = unchanged.

Exit codes: 0 done, 2 a problem in the file or an API error, 3 the server cannot be reached.

Examples:
  $ pagewatch apply pagewatch.yaml --dry-run
  $ PAGEWATCH_TOKEN=pw_… pagewatch apply pagewatch.yaml --server https://pagewatch.example.com
  $ pagewatch apply pagewatch.yaml --prune          # also delete what the file no longer names`,
    )
    .action(async (file: string, flags: ApplyFlags) => {
      deps.setExitCode(await runApply(file, flags, deps));
    });
}

async function runApply(file: string, flags: ApplyFlags, deps: ApplyCommandDeps): Promise<number> {
  const { io } = deps;
  const style = makeStyler(io.color);
  const loaded = await loadConfigFile(file, { env: io.env });
  printDiagnostics(io, 'warning', loaded.warnings);
  if (!loaded.desired) {
    printDiagnostics(io, 'error', loaded.diagnostics);
    const count = loaded.diagnostics.length === 1 ? '1 problem' : `${loaded.diagnostics.length} problems`;
    io.stderr(`error PW_ERR_VALIDATION: ${file} has ${count}; nothing was applied.\n`);
    return EXIT.badInput;
  }
  const token = flags.token ?? io.env.PAGEWATCH_TOKEN;
  if (!token) {
    throw new PagewatchError(
      'PW_ERR_USAGE',
      'apply needs an API token with the editor role: pass --token or set PAGEWATCH_TOKEN.',
    );
  }
  const server = flags.server ?? io.env.PAGEWATCH_URL ?? DEFAULT_SERVER_URL;
  const client = createConfigApiClient(
    fetchTransport({ server, token, ...(deps.fetch ? { fetch: deps.fetch } : {}) }),
  );

  let outcome;
  try {
    outcome = await applyDesiredState(loaded.desired, client, {
      prune: flags.prune ?? false,
      dryRun: flags.dryRun ?? false,
      onPlan: (plan) => {
        io.stdout(`Plan for ${file} on ${client.target}${flags.dryRun ? ' (dry run)' : ''}:\n`);
        for (const line of formatPlan(plan)) io.stdout(`${colorLine(style, line)}\n`);
      },
      onApplied: (change) => io.stdout(`${style('green', '✓')} ${formatChange(change)}\n`),
    });
  } catch (error) {
    if (error instanceof ServerUnreachableError) {
      io.stderr(`error: ${error.message}; nothing was applied.\n`);
      return EXIT.pagerDuty;
    }
    if (error instanceof ApiCallError) {
      io.stderr(
        `error${error.code ? ` ${error.code}` : ''}: reading the server's monitors and integrations failed: ${error.message}\n`,
      );
      return EXIT.badInput;
    }
    throw error;
  }
  const { plan, result } = outcome;
  if (plan.diagnostics.length) {
    printDiagnostics(io, 'error', plan.diagnostics);
    io.stderr(`error PW_ERR_VALIDATION: the plan for ${file} has problems; nothing was applied.\n`);
    return EXIT.badInput;
  }
  const total = countChanges(plan);
  if (flags.dryRun) {
    io.stdout(
      `Dry run: ${total === 0 ? 'nothing to change' : `${total} change(s) planned`}, nothing was changed.\n`,
    );
    return EXIT.passed;
  }
  const failure = result ? describeFailure(result, total) : undefined;
  if (failure) {
    io.stderr(`error${failure.code ? ` ${failure.code}` : ''}: ${failure.message}\n`);
    for (const detail of failure.details) io.stderr(`  at ${detail}\n`);
    return failure.exitCode;
  }
  io.stdout(total === 0 ? 'Nothing to change.\n' : `Applied ${total} change(s).\n`);
  return EXIT.passed;
}

function printDiagnostics(
  io: CliIo,
  severity: 'error' | 'warning',
  diagnostics: readonly Diagnostic[],
): void {
  const suffix = severity === 'warning' ? ' (warning)' : '';
  for (const diagnostic of diagnostics) io.stderr(`${formatDiagnostic(diagnostic)}${suffix}\n`);
}

function colorLine(style: ReturnType<typeof makeStyler>, line: string): string {
  if (line.startsWith('+')) return style('green', line);
  if (line.startsWith('~')) return style('yellow', line);
  if (line.startsWith('-')) return style('red', line);
  return style('gray', line);
}
