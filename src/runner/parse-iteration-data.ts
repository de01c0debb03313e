import { parse as parseCsv } from 'csv-parse/sync';
import { PagewatchError } from '../errors/pagewatch-error.js';

export type IterationData = Record<string, unknown>[];

const INTEGER = /^-?\d+$/;
const FLOAT = /^-?(\d+\.\d*|\.\d+)(e[-+]?\d+)?$/i;

/**
 * Parses an iteration data file like Newman does: JSON (an array of objects) first, else CSV with Newman's own
 * csv-parse settings: a header row, cells trimmed, `""` as the escaped quote, stray quotes inside unquoted cells
 * allowed (`Abhijit "KDOS" Kane`), rows with a different column count allowed, and unquoted integers/decimals turned
 * into numbers (quoted cells stay strings, so `"00123"` keeps its zeros).
 */
export function parseIterationData(text: string, file: string): IterationData {
  const trimmed = text.trim();
  let json: unknown;
  try {
    json = JSON.parse(trimmed);
  } catch {
    json = undefined;
  }
  if (json !== undefined) return checkJsonData(json, file);
  try {
    return parseCsv(text, {
      columns: true,
      escape: '"',
      trim: true,
      relax_quotes: true,
      relax_column_count: true,
      bom: true,
      cast: (value, context) => {
        if (context.quoting || context.header) return value;
        if (INTEGER.test(value)) return parseInt(value, 10);
        if (FLOAT.test(value)) return parseFloat(value);
        return value;
      },
    }) as IterationData;
  } catch (error) {
    const csvError = error as Error & { lines?: number };
    throw new PagewatchError(
      'PW_ERR_BAD_DATA_FILE',
      `The iteration data file ${file} is neither a JSON array nor valid CSV: ${csvError.message}`,
      [{ file, ...(csvError.lines ? { line: csvError.lines } : {}), message: csvError.message }],
    );
  }
}

function checkJsonData(json: unknown, file: string): IterationData {
  if (!Array.isArray(json)) {
    throw new PagewatchError(
      'PW_ERR_BAD_DATA_FILE',
      `The iteration data file ${file} must be a JSON array of objects (one per iteration).`,
      [{ file, path: '$', message: 'expected an array' }],
    );
  }
  json.forEach((row: unknown, index) => {
    if (typeof row !== 'object' || row === null || Array.isArray(row)) {
      throw new PagewatchError(
        'PW_ERR_BAD_DATA_FILE',
        `The iteration data file ${file}: element [${index}] must be an object of variable names to values.`,
        [{ file, path: `[${index}]`, message: 'expected an object' }],
      );
    }
  });
  return json as IterationData;
}
