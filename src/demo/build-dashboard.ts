import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';

/** The npm script that builds the dashboard bundle into `dist/web`. */
export const BUILD_WEB_SCRIPT = 'build:web';

/**
 * Builds the dashboard bundle when `webRoot/index.html` is missing, by running `npm run build:web` in the package
 * (a child process, as a user would). Never fails the demo: without the script, or when the build fails, it says
 * so in one line (`note`) and the demo continues API-only. Resolves whether a bundle is there afterwards.
 */
export async function ensureDashboardBundle(options: {
  packageRoot: string;
  webRoot: string;
  /** Where the build's output is written when it fails. */
  logFile: string;
  note: (line: string) => void;
}): Promise<boolean> {
  if (existsSync(join(options.webRoot, 'index.html'))) return true;
  if (!(await hasScript(options.packageRoot, BUILD_WEB_SCRIPT))) {
    options.note(
      `The dashboard is not built and there is no "npm run ${BUILD_WEB_SCRIPT}" yet: continuing API-only.`,
    );
    return false;
  }
  options.note(`Building the dashboard (npm run ${BUILD_WEB_SCRIPT}, first start only)…`);
  const { code, output } = await runNpmScript(options.packageRoot, BUILD_WEB_SCRIPT);
  if (code === 0 && existsSync(join(options.webRoot, 'index.html'))) return true;
  await mkdir(dirname(options.logFile), { recursive: true });
  await writeFile(options.logFile, output);
  options.note(
    `The dashboard build failed (${code === 0 ? `no ${join(options.webRoot, 'index.html')}` : `exit ${code}`}; ` +
      `output in ${options.logFile}): continuing API-only.`,
  );
  return false;
}

async function hasScript(packageRoot: string, name: string): Promise<boolean> {
  try {
    const json = JSON.parse(await readFile(join(packageRoot, 'package.json'), 'utf8')) as {
      scripts?: Record<string, unknown>;
    };
    return typeof json.scripts?.[name] === 'string';
  } catch {
    return false;
  }
}

/** Runs `npm run <script>` with its output captured; a missing npm counts as a failure (code -1). */
function runNpmScript(cwd: string, script: string): Promise<{ code: number; output: string }> {
  return new Promise((resolve) => {
    let output = '';
    const child = spawn('npm', ['run', script], {
      cwd,
      stdio: ['ignore', 'pipe', 'pipe'],
      shell: process.platform === 'win32',
    });
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('error', (error) => resolve({ code: -1, output: `${output}\n${error.message}\n` }));
    child.on('close', (code) => resolve({ code: code ?? -1, output }));
  });
}
