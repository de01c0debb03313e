import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { RunResult } from '../../runner/run-result.js';
import { formatCliReport } from '../reporters/cli-reporter.js';
import { formatJunitReport } from '../reporters/junit-reporter.js';
import type { CliIo } from '../cli-io.js';
import { PagewatchError } from '../../errors/pagewatch-error.js';

export const REPORTERS = ['cli', 'json', 'junit'] as const;
export type ReporterName = (typeof REPORTERS)[number];

/** Folder for json/junit reports when no export path is given (Newman uses `newman/`). */
const DEFAULT_REPORT_DIR = 'pagewatch-reports';

export interface ReportTargets {
  reporters: ReporterName[];
  jsonExport?: string;
  junitExport?: string;
}

/** Writes the run's reports: the CLI report to stdout, JSON and JUnit to files. Returns the files written. */
export async function writeReports(
  name: string,
  result: RunResult,
  targets: ReportTargets,
  io: CliIo,
): Promise<string[]> {
  if (targets.reporters.includes('cli')) io.stdout(formatCliReport(name, result, io.color));
  const stamp = result.startedAt.replace(/[:.]/g, '-');
  const written: string[] = [];
  if (targets.reporters.includes('json') || targets.jsonExport) {
    const path = targets.jsonExport ?? join(DEFAULT_REPORT_DIR, `run-${stamp}.json`);
    await writeReport(path, `${JSON.stringify(result, null, 2)}\n`);
    written.push(path);
  }
  if (targets.reporters.includes('junit') || targets.junitExport) {
    const path = targets.junitExport ?? join(DEFAULT_REPORT_DIR, `run-${stamp}.xml`);
    await writeReport(path, formatJunitReport(name, result));
    written.push(path);
  }
  return written;
}

async function writeReport(path: string, content: string): Promise<void> {
  try {
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, content);
  } catch (error) {
    throw new PagewatchError(
      'PW_ERR_VALIDATION',
      `Cannot write the report ${path}: ${(error as Error).message}`,
      [{ file: path, message: (error as Error).message }],
    );
  }
}
