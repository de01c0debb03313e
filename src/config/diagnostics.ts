import type { ErrorDetail } from '../errors/catalog.js';
import { PagewatchError } from '../errors/pagewatch-error.js';

/**
 * One problem found in a config file, Checkly-style: every problem is collected with where it is, and they are
 * reported together instead of stopping at the first. Printed as `pagewatch.yaml:7:5 monitors[0].scheduel: …`.
 */
export interface Diagnostic {
  /** The YAML file, as the user named it. */
  file: string;
  /** 1-based line of the node the problem is about (the nearest node that exists, for a missing field). */
  line: number;
  /** 1-based column. */
  column: number;
  /** Path in the file, e.g. `monitors[0].schedule.cron`; `$` for the document itself. */
  path: string;
  message: string;
}

/** `pagewatch.yaml:7:5 monitors[0].scheduel: unknown field (did you mean "schedule"?)` */
export function formatDiagnostic(diagnostic: Diagnostic): string {
  const where = `${diagnostic.file}:${diagnostic.line}:${diagnostic.column}`;
  return diagnostic.path === '$'
    ? `${where} ${diagnostic.message}`
    : `${where} ${diagnostic.path}: ${diagnostic.message}`;
}

/** Diagnostics in file order (line, then column), so the output reads top to bottom. */
export function sortDiagnostics(diagnostics: readonly Diagnostic[]): Diagnostic[] {
  return [...diagnostics].sort((a, b) => a.line - b.line || a.column - b.column);
}

/**
 * A config file with problems: nothing was (or may be) applied. `details` carry file, line and path for API-style
 * consumers; `diagnostics` keep the column too, for printing with {@link formatDiagnostic}.
 */
export class ConfigFileError extends PagewatchError {
  readonly diagnostics: Diagnostic[];

  constructor(file: string, diagnostics: readonly Diagnostic[]) {
    const sorted = sortDiagnostics(diagnostics);
    const count = sorted.length === 1 ? '1 problem' : `${sorted.length} problems`;
    const details: ErrorDetail[] = sorted.map((diagnostic) => ({
      file: diagnostic.file,
      line: diagnostic.line,
      path: diagnostic.path,
      message: diagnostic.message,
    }));
    super('PW_ERR_VALIDATION', `${file} has ${count}; nothing was applied.`, details);
    this.name = 'ConfigFileError';
    this.diagnostics = sorted;
  }
}
