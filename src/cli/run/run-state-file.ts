import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { PagewatchError } from '../../errors/pagewatch-error.js';
import { normalizeIncidentState, type IncidentState } from '../../incidents/index.js';

/**
 * The incident state `pagewatch run` keeps between invocations, so that a later passing run resolves what an
 * earlier failing run triggered. One entry per (integration key, dedup key); the key itself is stored only as a
 * hash prefix.
 */
interface RunStateFileJson {
  version: 1;
  incidents: Record<string, IncidentState>;
}

export function stateEntryKey(routingKey: string, dedupKey: string): string {
  const keyHash = createHash('sha256').update(routingKey).digest('hex').slice(0, 12);
  return `${keyHash}/${dedupKey}`;
}

/** Reads the state file; a missing file is an empty state, a damaged one is an error naming the file. */
export async function readRunState(path: string): Promise<RunStateFileJson> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { version: 1, incidents: {} };
    throw stateFileError(path, `cannot be read: ${(error as Error).message}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw stateFileError(path, `is not valid JSON (${(error as Error).message}); fix or delete it`);
  }
  const record = json as Partial<RunStateFileJson> | null;
  if (!record || record.version !== 1 || typeof record.incidents !== 'object' || record.incidents === null) {
    throw stateFileError(path, 'is not a pagewatch state file (expected {"version": 1, "incidents": {…}})');
  }
  return record as RunStateFileJson;
}

export function incidentStateOf(file: RunStateFileJson, entryKey: string): IncidentState {
  // Tolerant of state files written by older versions (missing fields take their initial value).
  return normalizeIncidentState(file.incidents[entryKey]);
}

/** Writes the state atomically (temp file + rename), so a crash never leaves half a file. */
export async function writeRunState(path: string, file: RunStateFileJson): Promise<void> {
  try {
    await mkdir(dirname(path), { recursive: true });
    const temporary = `${path}.${process.pid}.tmp`;
    await writeFile(temporary, `${JSON.stringify(file, null, 2)}\n`);
    await rename(temporary, path);
  } catch (error) {
    throw stateFileError(path, `cannot be written: ${(error as Error).message}`);
  }
}

function stateFileError(path: string, problem: string): PagewatchError {
  return new PagewatchError('PW_ERR_STATE_FILE', `The state file ${path} ${problem}.`, [
    { file: path, message: problem },
  ]);
}
