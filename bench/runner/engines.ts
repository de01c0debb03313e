/** The three engines a series can measure, each prepared once per process and then run many times. */
import { connect as tlsConnect } from 'node:tls';
import { connect as netConnect } from 'node:net';
import newman, { type NewmanRunOptions } from 'newman';
import { Agent as UndiciAgent, request } from 'undici';
import {
  createPooledRunner,
  loadRunInput,
  runCollection,
  type RunInput,
  type RunOptions,
} from '../../src/runner/index.js';
import { startEchoServer, type EchoServer } from '../../test/fixtures/echo-server/index.js';
import { oneRequestCollection } from './bench-collections.js';
import type { Engine, Workload } from './series-spec.js';

export interface PreparedEngine {
  /** One run of the workload; resolves true when it passed. */
  runOnce: () => Promise<boolean>;
  requestsPerRun: number;
  close: () => Promise<void>;
}

interface PreparedWorkload {
  input: RunInput;
  runOptions: RunOptions;
  echo?: EchoServer;
}

async function prepareWorkload(workload: Workload): Promise<PreparedWorkload> {
  if (workload.kind === 'one-request') {
    return { input: { collection: oneRequestCollection(workload.url) }, runOptions: {} };
  }
  const { input } = await loadRunInput(workload.files);
  const echo = await startEchoServer();
  return { input, runOptions: { agents: echo.agents }, echo };
}

function newmanEngine(prepared: PreparedWorkload): PreparedEngine {
  const runOnce = (): Promise<boolean> =>
    new Promise((resolve) => {
      newman.run(
        {
          collection: prepared.input.collection,
          environment: prepared.input.environment,
          globals: prepared.input.globals,
          iterationData: prepared.input.iterationData,
          reporters: [],
          ...(prepared.runOptions.agents ? { requestAgents: prepared.runOptions.agents } : {}),
        } as NewmanRunOptions,
        (error, summary) => resolve(!error && summary.run.failures.length === 0),
      );
    });
  return { runOnce, requestsPerRun: 0, close: async () => undefined };
}

/** pagewatch's runner as the server uses it: one pooled runner per process (shared sandbox contexts and agents). */
function pagewatchEngine(prepared: PreparedWorkload): PreparedEngine {
  const runner = createPooledRunner();
  const runOnce = async (): Promise<boolean> =>
    (await runner.run(prepared.input, prepared.runOptions)).status === 'success';
  return { runOnce, requestsPerRun: 0, close: () => runner.close() };
}

/**
 * The HTTP floor: the same requests (method and URL of each request a pagewatch run sends; bodies left out) with
 * undici over keep-alive connections, no scripts. Corpus requests go to the local echo server, as in the runs.
 */
async function rawEngine(prepared: PreparedWorkload): Promise<PreparedEngine> {
  const sample = await runCollection(prepared.input, prepared.runOptions);
  const requests = sample.executions.map((execution) => ({ method: execution.method, url: execution.url }));
  const echo = prepared.echo;
  const dispatcher = new UndiciAgent({
    keepAliveTimeout: 30_000,
    connections: 64,
    ...(echo
      ? {
          connect: (
            options: { protocol: string },
            callback: (error: Error | null, socket: unknown) => void,
          ) => {
            const socket =
              options.protocol === 'https:'
                ? tlsConnect({
                    host: '127.0.0.1',
                    port: echo.httpsPort,
                    servername: 'postman-echo.com',
                    ca: echo.certificatePem,
                  })
                : netConnect({ host: '127.0.0.1', port: echo.httpPort });
            socket.once(options.protocol === 'https:' ? 'secureConnect' : 'connect', () =>
              callback(null, socket),
            );
            socket.once('error', (error) => callback(error, null));
          },
        }
      : {}),
  } as ConstructorParameters<typeof UndiciAgent>[0]);
  const runOnce = async (): Promise<boolean> => {
    let ok = true;
    for (const { method, url } of requests) {
      const response = await request(url, { method: method as 'GET', dispatcher });
      await response.body.text();
      ok &&= response.statusCode < 500;
    }
    return ok;
  };
  return { runOnce, requestsPerRun: requests.length, close: () => dispatcher.close() };
}

/** Prepares `engine` for `workload` (starting the echo server for corpus workloads). */
export async function prepareEngine(engine: Engine, workload: Workload): Promise<PreparedEngine> {
  const prepared = await prepareWorkload(workload);
  const prepareOne = { newman: newmanEngine, pagewatch: pagewatchEngine, raw: rawEngine }[engine];
  const ready = await prepareOne(prepared);
  return {
    ...ready,
    close: async () => {
      await ready.close();
      await prepared.echo?.close();
    },
  };
}
