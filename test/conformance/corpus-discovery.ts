import { readdirSync } from 'node:fs';
import { join, posix } from 'node:path';

/** The file kinds of Newman's integration harness (`<name>.postman_<kind>.<ext>`). */
export type CorpusFileKind = 'collection' | 'environment' | 'globals' | 'data' | 'config';

/** One test of the corpus: a collection and the files that go with it (paths relative to the corpus root). */
export interface CorpusCase {
  /** Shown in the table and as the subtest name: the `<name>`, or `<folder>/<name>` if the name is not unique. */
  name: string;
  /** `<folder>/<name>` (or `<name>` at the top): unique, stable. */
  key: string;
  collection: string;
  environment?: string;
  globals?: string;
  /** Iteration data, `.json` or `.csv`. */
  data?: string;
  /** A JSON file whose `run` object is merged into the run options. */
  config?: string;
}

export interface CorpusDiscovery {
  cases: CorpusCase[];
  /** Files named `….skip.<ext>`, left out on purpose. */
  skipped: string[];
  /** Files that look like corpus files but cannot be used (unknown kind, a second file of a kind, no collection). */
  problems: string[];
}

const CORPUS_FILE = /^(?<name>.+)\.postman_(?<kind>[a-z]+)(?<skip>\.skip)?\.(?<ext>[a-z0-9]+)$/i;
const EXTENSIONS: Record<CorpusFileKind, string[]> = {
  collection: ['json'],
  environment: ['json'],
  globals: ['json'],
  data: ['json', 'csv'],
  config: ['json'],
};

/**
 * Groups corpus files (POSIX paths relative to the corpus root) into cases by Newman's rule: a file named
 * `<name>.postman_<kind>.<ext>` belongs to test `<name>` in its folder; `.skip` before the extension skips it.
 * Files without `.postman_` in their name (README.md, LICENSE.md) are not corpus files and are ignored. Pure.
 */
export function groupCorpusFiles(paths: readonly string[]): CorpusDiscovery {
  const groups = new Map<string, Partial<Record<CorpusFileKind, string>>>();
  const skipped: string[] = [];
  const problems: string[] = [];
  for (const path of [...paths].sort()) {
    const fileName = posix.basename(path);
    if (!fileName.includes('.postman_')) continue;
    const match = CORPUS_FILE.exec(fileName)?.groups;
    const kind = match?.kind as CorpusFileKind | undefined;
    if (!match || !kind || !(kind in EXTENSIONS)) {
      problems.push(`${path}: not <name>.postman_<collection|environment|globals|data|config>.<ext>`);
      continue;
    }
    if (match.skip) {
      skipped.push(path);
      continue;
    }
    if (!EXTENSIONS[kind].includes(String(match.ext).toLowerCase())) {
      problems.push(`${path}: a ${kind} file must end in .${EXTENSIONS[kind].join(' or .')}`);
      continue;
    }
    const dir = posix.dirname(path);
    const key = dir === '.' ? String(match.name) : `${dir}/${match.name}`;
    const group = groups.get(key) ?? {};
    const previous = group[kind];
    if (previous) {
      problems.push(`${path}: test "${key}" already has a ${kind} file (${previous})`);
      continue;
    }
    group[kind] = path;
    groups.set(key, group);
  }

  const nameCounts = new Map<string, number>();
  for (const key of groups.keys()) {
    const name = posix.basename(key);
    nameCounts.set(name, (nameCounts.get(name) ?? 0) + 1);
  }
  const cases: CorpusCase[] = [];
  for (const [key, group] of groups) {
    if (!group.collection) {
      const files = Object.values(group).join(', ');
      problems.push(`test "${key}" has no .postman_collection.json (files: ${files})`);
      continue;
    }
    const name = posix.basename(key);
    cases.push({
      name: (nameCounts.get(name) ?? 0) > 1 ? key : name,
      key,
      collection: group.collection,
      ...(group.environment ? { environment: group.environment } : {}),
      ...(group.globals ? { globals: group.globals } : {}),
      ...(group.data ? { data: group.data } : {}),
      ...(group.config ? { config: group.config } : {}),
    });
  }
  cases.sort((a, b) => a.key.localeCompare(b.key));
  return { cases, skipped, problems };
}

/** Every file under `root`, as POSIX paths relative to it (dot-files and dot-folders left out). */
export function listCorpusFiles(root: string, prefix = ''): string[] {
  return readdirSync(join(root, prefix), { withFileTypes: true })
    .filter((entry) => !entry.name.startsWith('.'))
    .flatMap((entry) => {
      const path = prefix ? `${prefix}/${entry.name}` : entry.name;
      return entry.isDirectory() ? listCorpusFiles(root, path) : [path];
    });
}

/** Walks the corpus folder and groups its files into cases. */
export function discoverCorpus(root: string): CorpusDiscovery {
  return groupCorpusFiles(listCorpusFiles(root));
}
