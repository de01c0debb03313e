/**
 * The fault suite's bookkeeping: what PagerDuty (the sandbox) should have after a monitor's fail/pass sequence,
 * what it has, and the table the suite prints.
 *
 * A monitor that fails after passing must open exactly one PagerDuty incident (one trigger taken), and one that
 * passes after failing must resolve it (one resolve taken). So after `failures` failing steps and `recoveries`
 * passing ones (alternating, starting with a failure) PagerDuty should hold `failures` alerts, `recoveries` of
 * them resolved, and at most the newest one open, only while the monitor is failing.
 */
import type { PdSandbox } from '../../src/pd-sandbox/index.js';
import { takenEvents } from '../e2e/e2e-support.js';

/** Where one cell stands after a step, cumulative since the cell began. */
export interface Tally {
  /** Events the sequence calls for: one trigger per failing step, one resolve per passing step. */
  expected: number;
  /** Events PagerDuty took for the dedup key (202: opened, deduplicated, resolved or dropped as a no-op). */
  delivered: number;
  /** Alerts beyond one per failing step: a second incident where one was expected. */
  duplicates: number;
  /** Triggers that never opened an alert plus resolves that never closed one. */
  lost: number;
  /** Alerts open although the monitor's last verdict passed (or more than one open at once). */
  stuck: number;
}

export function tallyOf(
  sandbox: PdSandbox,
  dedupKey: string,
  failures: number,
  recoveries: number,
  failingNow: boolean,
): Tally {
  const alerts = sandbox.alerts({ dedupKey });
  const resolved = alerts.filter((alert) => alert.status === 'resolved').length;
  const open = alerts.length - resolved;
  return {
    expected: failures + recoveries,
    delivered: takenEvents(sandbox, dedupKey).length,
    duplicates: Math.max(0, alerts.length - failures),
    lost: Math.max(0, failures - alerts.length) + Math.max(0, recoveries - resolved),
    stuck: failingNow ? Math.max(0, open - 1) : open,
  };
}

/** One row of the printed matrix. */
export interface CellResult {
  cell: string;
  engine: string;
  /** Fail/pass steps (or SIGKILL repetitions) the cell ran. */
  steps: number;
  expected: number;
  delivered: number;
  duplicates: number;
  lost: number;
  stuck: number;
  /** Deliveries still pending when the bounded wait ended. */
  pending: number;
  /** Server processes that died on their own (not killed by the suite). */
  crashes: number;
  /** Failed send attempts the outbox recorded (Σ attempts − sent rows): shows the fault bit. */
  retries: number;
  timeMs: number;
  /** Why the cell did not run. */
  skipped?: string;
  /** Anything that went wrong besides the counters (a wrong verdict, a crash, an exception). */
  problems: string[];
  /** What happened on the way (kill points, how disturbed runs ended, terminated backends). */
  notes: string[];
}

export function cellFailed(result: CellResult): boolean {
  if (result.skipped) return false;
  return (
    result.duplicates + result.lost + result.stuck + result.pending + result.crashes > 0 ||
    result.problems.length > 0
  );
}

const COLUMNS = [
  'cell',
  'db',
  'steps',
  'expected',
  'delivered',
  'dup incidents',
  'lost',
  'stuck open',
  'pending',
  'crashes',
  'retries',
  'time',
] as const;

function cellsOf(result: CellResult): string[] {
  if (result.skipped) return [result.cell, result.engine, `skipped: ${result.skipped}`];
  return [
    result.cell,
    result.engine,
    String(result.steps),
    String(result.expected),
    String(result.delivered),
    String(result.duplicates),
    String(result.lost),
    String(result.stuck),
    String(result.pending),
    String(result.crashes),
    String(result.retries),
    `${(result.timeMs / 1000).toFixed(1)} s`,
  ];
}

/** The matrix as aligned text lines (console). */
export function formatTable(results: CellResult[]): string[] {
  const rows = results.map(cellsOf);
  const full = rows.filter((row) => row.length === COLUMNS.length);
  const widths = COLUMNS.map((title, column) =>
    Math.max(title.length, ...full.map((row) => row[column]!.length)),
  );
  const line = (values: string[]) =>
    values.length === COLUMNS.length
      ? values
          .map((value, column) =>
            column < 2 ? value.padEnd(widths[column]!) : value.padStart(widths[column]!),
          )
          .join(' │ ')
      : `${values[0]!.padEnd(widths[0]!)} │ ${values[1]!.padEnd(widths[1]!)} │ ${values[2]}`;
  return [line([...COLUMNS]), widths.map((width) => '─'.repeat(width)).join('─┼─'), ...rows.map(line)];
}

/** The matrix as a Markdown table (docs/faults.md, the README). */
export function formatMarkdown(results: CellResult[]): string[] {
  const rows = results.map((result) => {
    const values = cellsOf(result);
    return values.length === COLUMNS.length
      ? values
      : [values[0]!, values[1]!, values[2]!, ...COLUMNS.slice(3).map(() => '')];
  });
  const numeric = (column: number) => column >= 2;
  return [
    `| ${COLUMNS.join(' | ')} |`,
    `| ${COLUMNS.map((_, column) => (numeric(column) ? '---:' : '---')).join(' | ')} |`,
    ...rows.map((row) => `| ${row.join(' | ')} |`),
  ];
}
