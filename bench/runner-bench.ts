import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { runCollection } from '../src/runner/index.js';

/** One measured series: how many runs, total ms, ms per run. */
export interface Measurement {
  label: string;
  runs: number;
  totalMs: number;
  msPerRun: number;
}

async function measure(label: string, runs: number, once: () => Promise<unknown>): Promise<Measurement> {
  for (let i = 0; i < Math.min(5, runs); i++) await once(); // warm-up
  const start = performance.now();
  for (let i = 0; i < runs; i++) await once();
  const totalMs = performance.now() - start;
  return { label, runs, totalMs, msPerRun: totalMs / runs };
}

/**
 * Sequential runs of a one-request collection with two `pm.test`s against a local server, next to the raw HTTP
 * floor (fetch with keep-alive) for the same request, measured in the same process and run.
 */
export async function benchRunner(runs: number): Promise<Measurement[]> {
  const server = createServer((_request, response) => {
    response.writeHead(200, { 'content-type': 'application/json' });
    response.end('{"status":"ok"}');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/health`;
  const collection = {
    info: { name: 'bench' },
    item: [
      {
        name: 'health',
        request: url,
        event: [
          {
            listen: 'test',
            script: {
              exec: [
                'pm.test("status 200", () => pm.response.to.have.status(200));',
                'pm.test("ok", () => pm.expect(pm.response.json().status).to.equal("ok"));',
              ],
            },
          },
        ],
      },
    ],
  };
  try {
    const floor = await measure('raw HTTP floor (fetch, keep-alive)', runs * 10, async () => {
      const response = await fetch(url);
      await response.text();
    });
    const runner = await measure('pagewatch runner (a new sandbox per run)', runs, async () => {
      const result = await runCollection({ collection });
      if (result.status !== 'success') throw new Error(`bench run failed: ${JSON.stringify(result)}`);
    });
    return [floor, runner];
  } finally {
    server.closeAllConnections();
    server.close();
  }
}
