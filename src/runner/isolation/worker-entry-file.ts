import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { builtinModules, createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/** The runner process's entry file and what it must be allowed to read. */
export interface WorkerEntryFile {
  /** Plain JavaScript the runner process starts with. */
  entry: string;
  /** Its directory and the `node_modules` directories of the packages it imports; nothing else. */
  readPaths: string[];
}

/** The part of esbuild's API used here (esbuild is tsx's own dependency; pagewatch runs on tsx). */
interface Esbuild {
  build(options: object): Promise<{ outputFiles?: { text: string }[] }>;
}
interface ResolveArgs {
  path: string;
  importer: string;
}
interface LoadArgs {
  path: string;
}
interface PluginBuild {
  onResolve(filter: { filter: RegExp }, callback: (args: ResolveArgs) => object | undefined): void;
  onLoad(filter: { filter: RegExp }, callback: (args: LoadArgs) => object | undefined): void;
}

let prepared: Promise<WorkerEntryFile> | undefined;

/**
 * The JavaScript entry of a runner process, prepared once per server process.
 *
 * Built (`dist/`): the compiled `worker-entry.js` next to this file. From TypeScript sources (how `bin/pagewatch.js`
 * and the tests run): the runner cannot load TypeScript itself — tsx transforms through esbuild's service, a child
 * process, which the permission model forbids — so the server bundles `worker-entry.ts` and the runner modules it
 * imports into one ES module in a private temporary directory (esbuild, ≈ 0.2 s), with every package import
 * rewritten to its absolute path in `node_modules` and every `import.meta.url` kept as the original file's URL.
 */
export function prepareWorkerEntry(): Promise<WorkerEntryFile> {
  prepared ??= prepare();
  return prepared;
}

async function prepare(): Promise<WorkerEntryFile> {
  const here = fileURLToPath(import.meta.url);
  const require = createRequire(import.meta.url);
  const runtimeRoot = nodeModulesRoot(require.resolve('postman-runtime'));
  if (here.endsWith('.js')) {
    // dist/runner/isolation/ → dist/: the entry imports modules from all of dist; package.json says they are ESM.
    const distRoot = dirname(dirname(dirname(here)));
    return {
      entry: join(dirname(here), 'worker-entry.js'),
      // The package's own node_modules as well as where postman-runtime really is: the ESM resolver checks the
      // path before following a symlink (pnpm, a linked node_modules).
      readPaths: [
        distRoot + sep,
        join(distRoot, '..', 'node_modules') + sep,
        runtimeRoot,
        join(distRoot, '..', 'package.json'),
      ],
    };
  }
  const esbuild = createRequire(require.resolve('tsx'))('esbuild') as Esbuild;
  const roots = new Set<string>([runtimeRoot]);
  const built = await esbuild.build({
    entryPoints: [join(dirname(here), 'worker-entry.ts')],
    bundle: true,
    write: false,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    logLevel: 'silent',
    plugins: [
      {
        name: 'pagewatch-runner-externals',
        setup(build: PluginBuild) {
          build.onResolve({ filter: /^[^./]/ }, (args) => {
            if (args.path.startsWith('node:') || builtinModules.includes(args.path))
              return { external: true };
            const resolved = createRequire(args.importer).resolve(args.path);
            roots.add(nodeModulesRoot(resolved));
            return { path: resolved, external: true };
          });
          build.onLoad({ filter: /\.ts$/ }, (args) => ({
            contents: readFileSync(args.path, 'utf8').replaceAll(
              'import.meta.url',
              JSON.stringify(pathToFileURL(args.path).href),
            ),
            loader: 'ts',
          }));
        },
      },
    ],
  });
  const text = built.outputFiles?.[0]?.text;
  if (!text) throw new Error('runner process entry could not be bundled');
  removeStaleEntries();
  const directory = mkdtempSync(join(tmpdir(), `${DIRECTORY_PREFIX}${process.pid}-`));
  const entry = join(directory, 'runner-process.mjs');
  writeFileSync(entry, text, { mode: 0o600 });
  process.once('exit', () => rmSync(directory, { recursive: true, force: true }));
  return { entry, readPaths: [directory + sep, ...roots] };
}

const DIRECTORY_PREFIX = 'pagewatch-runner-';

/**
 * Removes the bundles of server processes that died without cleaning up (SIGKILL, power cut): directories named
 * `pagewatch-runner-<pid>-…`, owned by this user, whose pid is no longer running.
 */
function removeStaleEntries(): void {
  const uid = process.getuid?.();
  for (const name of safeReaddir(tmpdir())) {
    const pid = new RegExp(`^${DIRECTORY_PREFIX}(\\d+)-`).exec(name)?.[1];
    if (!pid || Number(pid) === process.pid || isRunning(Number(pid))) continue;
    const path = join(tmpdir(), name);
    try {
      if (uid !== undefined && statSync(path).uid !== uid) continue;
      rmSync(path, { recursive: true, force: true });
    } catch {
      // Someone else's, or already gone: not ours to worry about.
    }
  }
}

function safeReaddir(directory: string): string[] {
  try {
    return readdirSync(directory);
  } catch {
    return [];
  }
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it runs, as another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** `/x/node_modules/postman-runtime/index.js` → `/x/node_modules/` (the outermost node_modules holding it). */
function nodeModulesRoot(file: string): string {
  const marker = `${sep}node_modules${sep}`;
  const index = file.indexOf(marker);
  if (index < 0) return dirname(file);
  return file.slice(0, index + marker.length);
}
