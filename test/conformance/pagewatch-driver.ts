import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PagewatchError } from '../../src/errors/pagewatch-error.js';
import {
  loadRunInput,
  runCollection,
  type RunInputFiles,
  type RunOptions,
  type RunResult,
} from '../../src/runner/index.js';
import type { CorpusCase } from './corpus-discovery.js';
import type { RunRecord } from './run-record.js';

/** postman-collection-transformer, the converter Newman itself uses for v1 collections (a Newman dependency). */
const transformer = createRequire(import.meta.url)('postman-collection-transformer') as {
  convert(
    collection: unknown,
    options: { inputVersion: string; outputVersion: string },
    callback: (error: Error | null, converted: unknown) => void,
  ): void;
};
const TRANSFORMER_VERSION = (
  createRequire(import.meta.url)('postman-collection-transformer/package.json') as { version: string }
).version;

export interface PagewatchRun {
  record: RunRecord;
  /** What the driver did besides running (e.g. a v1 conversion), for the table's notes. */
  notes: string[];
}

/**
 * Runs one corpus case through pagewatch's runner: `loadRunInput` on the case's files, then `runCollection`.
 * pagewatch refuses Postman Collection v1 (PW_ERR_COLLECTION_V1, by design); such a collection is converted to
 * v2.1 first with the same converter and options Newman uses internally (1.0.0 → 2.1.0), the conversion the
 * error message tells users to do.
 */
export async function runWithPagewatch(
  corpusDir: string,
  corpusCase: CorpusCase,
  options: RunOptions,
): Promise<PagewatchRun> {
  const path = (file: string | undefined): string | undefined => file && join(corpusDir, file);
  const files: RunInputFiles = {
    collection: join(corpusDir, corpusCase.collection),
    ...(corpusCase.environment ? { environment: path(corpusCase.environment) } : {}),
    ...(corpusCase.globals ? { globals: path(corpusCase.globals) } : {}),
    ...(corpusCase.data ? { iterationData: path(corpusCase.data) } : {}),
  };
  const notes: string[] = [];
  let scratch: string | undefined;
  try {
    let loaded;
    try {
      loaded = await loadRunInput(files);
    } catch (error) {
      if (!(error instanceof PagewatchError) || error.code !== 'PW_ERR_COLLECTION_V1') throw error;
      scratch = await mkdtemp(join(tmpdir(), 'pagewatch-conformance-'));
      files.collection = await convertV1Collection(files.collection, scratch);
      notes.push(
        `v1: converted to v2.1 (postman-collection-transformer ${TRANSFORMER_VERSION}, as Newman does)`,
      );
      loaded = await loadRunInput(files);
    }
    const result = await runCollection(loaded.input, options);
    return { record: runResultToRecord(result), notes };
  } finally {
    if (scratch) await rm(scratch, { recursive: true, force: true });
  }
}

/** Converts a v1 collection file to a v2.1 one in `dir` and returns its path. */
async function convertV1Collection(file: string, dir: string): Promise<string> {
  const v1 = JSON.parse((await readFile(file, 'utf8')).replace(/^\uFEFF/, '')) as unknown;
  const v2 = await new Promise<unknown>((resolve, reject) =>
    transformer.convert(v1, { inputVersion: '1.0.0', outputVersion: '2.1.0' }, (error, converted) =>
      error ? reject(error) : resolve(converted),
    ),
  );
  const out = join(dir, 'converted.postman_collection.json');
  await writeFile(out, JSON.stringify(v2));
  return out;
}

/** Normalises pagewatch's RunResult (it already has one execution per item). */
export function runResultToRecord(result: RunResult): RunRecord {
  return {
    status: result.status,
    requestCount: result.stats.requests.total,
    requests: result.executions.map((execution) => ({
      name: execution.name,
      method: execution.method,
      ...(execution.status !== undefined ? { code: execution.status } : {}),
      iteration: execution.iteration,
      assertions: execution.assertions.map((assertion) => ({
        name: assertion.name,
        passed: assertion.passed,
        ...(assertion.error !== undefined ? { error: assertion.error } : {}),
      })),
      ...(execution.error !== undefined ? { error: execution.error } : {}),
    })),
    ...(result.error !== undefined ? { runError: result.error } : {}),
  };
}
