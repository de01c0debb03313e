import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { PROCESS_POOL_DEFAULTS } from '../../src/runner/isolation/process-runner-pool-options.js';
import { runnerHeapFlags } from '../../src/runner/isolation/worker-launch.js';
import type { SeriesResult, SeriesSpec } from './series-spec.js';

const childScript = fileURLToPath(new URL('./series-child.ts', import.meta.url));

/**
 * Runs one series in a fresh Node process and returns what it measured. pagewatch's series gets the heap flags of a
 * runner process (`pagewatch serve` runs collections in those); Newman's and the HTTP floor's run with Node's defaults.
 */
export function runSeries(spec: SeriesSpec): Promise<SeriesResult> {
  const heapFlags = spec.engine === 'pagewatch' ? runnerHeapFlags(PROCESS_POOL_DEFAULTS) : [];
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [...heapFlags, '--import', 'tsx', childScript, JSON.stringify(spec)],
      {
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      const lastLine = stdout.trim().split('\n').at(-1) ?? '';
      if (code !== 0 || !lastLine.startsWith('{')) {
        reject(new Error(`bench series ${spec.engine} failed (exit ${code}): ${stderr.slice(-2000)}`));
        return;
      }
      resolve(JSON.parse(lastLine) as SeriesResult);
    });
  });
}
