/**
 * Throughput of the isolated runner (ProcessRunnerPool) against the in-process pooled runner, on the issue's
 * workload: one GET to a local server with two pm.tests, sequential and 16 at once.
 *
 *   node --import tsx bench/isolation/isolation-bench.ts [runs=200]
 *
 * Both runners get the same script contexts in total (2) so the comparison is the process boundary, not capacity.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createPooledRunner, type RunResult } from '../../src/runner/index.js';
import { ProcessRunnerPool } from '../../src/runner/isolation/index.js';
import { oneRequestCollection } from '../runner/bench-collections.js';

type Run = () => Promise<RunResult>;

async function measure(
  run: Run,
  runs: number,
  concurrency: number,
): Promise<{ perSecond: number; msPerRun: number }> {
  for (let i = 0; i < 20; i += 1) await run(); // warm up: contexts booted, sockets open
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < runs) {
        next += 1;
        const result = await run();
        if (result.status !== 'success') throw new Error(`run failed: ${JSON.stringify(result)}`);
      }
    }),
  );
  const elapsed = performance.now() - started;
  return { perSecond: (runs / elapsed) * 1_000, msPerRun: elapsed / runs };
}

const runs = Number(process.argv[2] ?? 200);
const server = createServer((_request, response) => {
  response.writeHead(200, { 'content-type': 'application/json' });
  response.end('{"status":"ok"}');
});
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
const input = {
  collection: oneRequestCollection(`http://127.0.0.1:${(server.address() as AddressInfo).port}/health`),
};

const inProcess = createPooledRunner({ sandbox: { size: 2 } });
const isolated = new ProcessRunnerPool({ processes: 2, sandbox: { size: 1 } });
await isolated.whenReady();
const rows: Record<string, string | number>[] = [];
for (const concurrency of [1, 16]) {
  const a = await measure(() => inProcess.run(input), runs, concurrency);
  const b = await measure(() => isolated.run(input), runs, concurrency);
  rows.push({
    concurrency,
    'in-process runs/s': a.perSecond.toFixed(1),
    'isolated runs/s': b.perSecond.toFixed(1),
    'in-process ms/run': a.msPerRun.toFixed(2),
    'isolated ms/run': b.msPerRun.toFixed(2),
    'isolated / in-process time': (b.msPerRun / a.msPerRun).toFixed(2),
  });
}
console.table(rows);
await inProcess.close();
await isolated.close();
server.close();
