import { readFile } from 'node:fs/promises';
import { parse as parseTolerant, printParseErrorCode, type ParseError } from 'jsonc-parser';
import { PagewatchError } from '../errors/pagewatch-error.js';

/** What kind of file is being read; used in error messages ("environment file … not found"). */
export type InputKind = 'collection' | 'environment' | 'globals' | 'iteration data';

/**
 * Decodes a file the way Postman/Newman users produce them: UTF-8 with or without a BOM, or UTF-16 (LE/BE)
 * with a BOM (Windows editors save environments like that). Line endings are left alone.
 */
export function decodeText(bytes: Uint8Array): string {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder('utf-16le').decode(bytes.subarray(2));
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder('utf-16be').decode(bytes.subarray(2));
  // TextDecoder strips a UTF-8 BOM by default.
  return new TextDecoder('utf-8').decode(bytes);
}

/** Reads a text input file; a missing or unreadable file is a PW_ERR_FILE_NOT_FOUND naming the file. */
export async function readInputText(path: string, kind: InputKind): Promise<string> {
  try {
    return decodeText(await readFile(path));
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'does not exist' : String(error);
    throw new PagewatchError('PW_ERR_FILE_NOT_FOUND', `The ${kind} file ${path} ${reason}.`, [
      { file: path, message: reason },
    ]);
  }
}

/** Parses JSON text; a syntax error becomes PW_ERR_FILE_NOT_JSON with the file, line and column of the problem. */
export function parseJsonText(text: string, file: string, kind: InputKind): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    const where = locateJsonError(text);
    const message = where
      ? `${where.problem} at line ${where.line}, column ${where.column}`
      : (error as Error).message;
    throw new PagewatchError(
      'PW_ERR_FILE_NOT_JSON',
      `The ${kind} file ${file} is not valid JSON: ${message}.`,
      [{ file, ...(where ? { line: where.line } : {}), message }],
    );
  }
}

/**
 * Node 20's JSON.parse does not say where the problem is; jsonc-parser (strict settings) does, as an offset.
 */
function locateJsonError(text: string): { problem: string; line: number; column: number } | undefined {
  const errors: ParseError[] = [];
  parseTolerant(text, errors, {
    disallowComments: true,
    allowTrailingComma: false,
    allowEmptyContent: false,
  });
  const first = errors[0];
  if (!first) return undefined;
  const before = text.slice(0, first.offset).split('\n');
  return {
    problem: printParseErrorCode(first.error),
    line: before.length,
    column: (before.at(-1)?.length ?? 0) + 1,
  };
}

/** Reads and parses a JSON input file. */
export async function readJsonFile(path: string, kind: InputKind): Promise<unknown> {
  return parseJsonText(await readInputText(path, kind), path, kind);
}
