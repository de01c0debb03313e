/**
 * Reads a running server's SQLite store from the outside, read-only (WAL mode lets a reader in while the server
 * writes): how many runs it holds, how big it is, and the scheduled runs for the soak's bookkeeping.
 */
import { statSync } from 'node:fs';
import Database from 'better-sqlite3';
import type { RecordedRun } from './soak-slots.js';

export interface StoreSize {
  /** The database file, bytes. */
  fileBytes: number;
  /** The write-ahead log, bytes (checkpoints move it into the file; it is reused, not shrunk). */
  walBytes: number;
  /** Pages in use × page size, as the server's latest commit sees it (the WAL's content counted, free pages not). */
  usedBytes: number;
}

export interface SqliteProbe {
  countRuns(): number;
  size(): StoreSize;
  /** Every run of trigger `schedule`. */
  scheduledRuns(): RecordedRun[];
  close(): void;
}

function fileSize(path: string): number {
  try {
    return statSync(path).size;
  } catch {
    return 0;
  }
}

export function openSqliteProbe(path: string): SqliteProbe {
  const db = new Database(path, { readonly: true, fileMustExist: true });
  db.pragma('busy_timeout = 5000');
  const countRuns = db.prepare('SELECT count(*) AS n FROM runs').pluck();
  const pageCount = db.prepare('PRAGMA page_count').pluck();
  const freePages = db.prepare('PRAGMA freelist_count').pluck();
  const pageSize = db.prepare('PRAGMA page_size').pluck();
  const scheduled = db.prepare(
    `SELECT monitor_id AS monitorId, trigger, scheduled_at AS scheduledAt, attempt, status, started_at AS startedAt
       FROM runs WHERE trigger = 'schedule'`,
  );
  return {
    countRuns: () => countRuns.get() as number,
    size: () => ({
      fileBytes: fileSize(path),
      walBytes: fileSize(`${path}-wal`),
      usedBytes: ((pageCount.get() as number) - (freePages.get() as number)) * (pageSize.get() as number),
    }),
    scheduledRuns: () => scheduled.all() as RecordedRun[],
    close: () => db.close(),
  };
}
