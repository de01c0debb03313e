import { countAssertions, type RunRecord } from './run-record.js';

/** One line of the conformance table. */
export interface ConformanceRow {
  collection: string;
  newman?: RunRecord;
  pagewatch?: RunRecord;
  /** `same`, `allowed (n)`, `DIFFERENT (n)` or `ERROR: …`. */
  result: string;
  notes?: string[];
}

function assertions(record: RunRecord | undefined): string {
  if (!record) return '–';
  const { total, failed } = countAssertions(record);
  return failed ? `${total} (${failed} failed)` : String(total);
}

const pair = (n: string, p: string): string => `${n} / ${p}`;
const cell = (text: string): string => text.replaceAll('|', '\\|').replaceAll('\n', ' ');

/** A Markdown table (collection | requests N/P | assertions N/P | status N/P | result), N = Newman, P = pagewatch. */
export function formatConformanceTable(rows: readonly ConformanceRow[]): string {
  const lines = [
    '| collection | requests N/P | assertions N/P | status N/P | result |',
    '|---|---|---|---|---|',
  ];
  for (const row of rows) {
    const result = row.notes?.length ? `${row.result}; ${row.notes.join('; ')}` : row.result;
    lines.push(
      `| ${[
        row.collection,
        pair(String(row.newman?.requestCount ?? '–'), String(row.pagewatch?.requestCount ?? '–')),
        pair(assertions(row.newman), assertions(row.pagewatch)),
        pair(row.newman?.status ?? '–', row.pagewatch?.status ?? '–'),
        result,
      ]
        .map(cell)
        .join(' | ')} |`,
    );
  }
  const same = rows.filter((row) => row.result === 'same').length;
  const allowed = rows.filter((row) => row.result.startsWith('allowed')).length;
  lines.push(
    '',
    `${rows.length} collections: ${same} same, ${allowed} with allowed differences, ` +
      `${rows.length - same - allowed} failing.`,
  );
  return lines.join('\n');
}
