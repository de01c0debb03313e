import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { listCorpusFiles } from './corpus-discovery.js';

/** The repository root (this file is test/conformance/corpus-location.ts). */
export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** The vendored copy, for checkouts where the shared corpus is not next to the repository (CI). */
export const VENDORED_CORPUS_DIR = join(REPO_ROOT, 'test/fixtures/newman-integration/corpus');

/** Where new collections are dropped: the maintained source of the corpus. */
export const SHARED_CORPUS_DIR = resolve(REPO_ROOT, '../shared/corpus/newman-integration');

export interface CorpusLocation {
  dir: string;
  source: 'PAGEWATCH_CORPUS_DIR' | 'shared corpus' | 'vendored copy';
}

/** `PAGEWATCH_CORPUS_DIR` if set, else the shared corpus if it exists, else the vendored copy. */
export function locateCorpus(env: NodeJS.ProcessEnv = process.env): CorpusLocation {
  const fromEnv = env.PAGEWATCH_CORPUS_DIR;
  if (fromEnv) {
    if (!existsSync(fromEnv)) throw new Error(`PAGEWATCH_CORPUS_DIR=${fromEnv} does not exist`);
    return { dir: resolve(fromEnv), source: 'PAGEWATCH_CORPUS_DIR' };
  }
  if (existsSync(SHARED_CORPUS_DIR)) return { dir: SHARED_CORPUS_DIR, source: 'shared corpus' };
  return { dir: VENDORED_CORPUS_DIR, source: 'vendored copy' };
}

/**
 * Files that differ between the corpus in use and the vendored copy (added, missing or changed bytes), so a
 * collection dropped into the shared corpus is noticed as "not vendored yet". Informational: the suite runs
 * whatever corpus it was given.
 */
export function vendoredCopyDrift(corpusDir: string): string[] {
  if (resolve(corpusDir) === resolve(VENDORED_CORPUS_DIR)) return [];
  const used = new Set(listCorpusFiles(corpusDir));
  const vendored = new Set(listCorpusFiles(VENDORED_CORPUS_DIR));
  const drift: string[] = [];
  for (const file of used) {
    if (!vendored.has(file)) drift.push(`${file}: not in the vendored copy`);
    else if (!readFileSync(join(corpusDir, file)).equals(readFileSync(join(VENDORED_CORPUS_DIR, file)))) {
      drift.push(`${file}: differs from the vendored copy`);
    }
  }
  for (const file of vendored) if (!used.has(file)) drift.push(`${file}: only in the vendored copy`);
  return drift.sort();
}
