import { mkdtemp, writeFile } from 'node:fs/promises';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../src/cli/main.js';

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `pagewatch <args>` in-process with captured output (no colour) and returns the exit code and output. */
export async function runCli(args: string[], env: NodeJS.ProcessEnv = {}): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const code = await main(['node', 'pagewatch', ...args], {
    io: {
      stdout: (text) => {
        stdout += text;
      },
      stderr: (text) => {
        stderr += text;
      },
      env,
      color: false,
    },
  });
  return { code, stdout, stderr };
}

/** A fresh temporary directory with a helper to write JSON files into it. */
export async function tempDir(
  prefix: string,
): Promise<{ dir: string; writeJson(name: string, json: unknown): Promise<string> }> {
  const dir = await mkdtemp(join(tmpdir(), `pagewatch-${prefix}-`));
  return {
    dir,
    async writeJson(name, json) {
      const path = join(dir, name);
      await writeFile(path, typeof json === 'string' ? json : JSON.stringify(json, null, 2));
      return path;
    },
  };
}

/** A 127.0.0.1 port that was just free: connecting to it is refused (fetch refuses "bad ports" like 1 itself). */
export async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
