import { sql, type Expression, type SqlBool } from 'kysely';
import { PagewatchError } from '../errors/pagewatch-error.js';

/** A position in a newest-first list: the (time, id) of the last item of the previous page. */
export interface Cursor {
  at: string;
  id: string;
}

export function encodeCursor(cursor: Cursor): string {
  return Buffer.from(`${cursor.at}|${cursor.id}`, 'utf8').toString('base64url');
}

export function decodeCursor(text: string): Cursor {
  const [at, id] = Buffer.from(text, 'base64url').toString('utf8').split('|');
  if (!at || !id || Number.isNaN(Date.parse(at))) {
    throw new PagewatchError(
      'PW_ERR_VALIDATION',
      'The cursor is not valid; use nextCursor from a previous page.',
      [{ path: 'cursor', message: 'not a cursor returned by this API' }],
    );
  }
  return { at, id };
}

/** A page of a list: the items and the cursor of the next page (null on the last page). */
export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/** Cuts `limit + 1` fetched rows into a page; the extra row only tells whether there is a next page. */
export function toPage<T>(rows: T[], limit: number, cursorOf: (item: T) => Cursor): Page<T> {
  const items = rows.slice(0, limit);
  const last = items.at(-1);
  return { items, nextCursor: rows.length > limit && last ? encodeCursor(cursorOf(last)) : null };
}

/**
 * The WHERE condition of the page after `cursor` in a list ordered by (time, id) descending: rows older than the
 * cursor, or of the same instant with a smaller id. Column names are the caller's (e.g. `m.created_at`, `m.id`).
 */
export function beforeCursor(timeColumn: string, idColumn: string, cursorText: string): Expression<SqlBool> {
  const { at, id } = decodeCursor(cursorText);
  const time = sql.ref(timeColumn);
  return sql<SqlBool>`(${time} < ${at} or (${time} = ${at} and ${sql.ref(idColumn)} < ${id}))`;
}
