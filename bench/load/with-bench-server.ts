/**
 * The scaffolding of the load and soak benches: a local target API for monitors to check, and a real
 * `pagewatch serve` child process on a fresh SQLite data directory (test/helpers/server-process.ts: the admin token
 * E2E_ADMIN_TOKEN, no orphan processes) with the defaults a user gets. Everything is stopped and removed afterwards;
 * a failure carries the tail of the server's own log lines.
 */
import {
  createServerData,
  startServerProcess,
  type ServerData,
  type ServerProcess,
} from '../../test/helpers/server-process.js';
import { startTargetServer, type TargetServer } from '../../test/helpers/target-server.js';

export interface BenchServer {
  server: ServerProcess;
  target: TargetServer;
  data: ServerData;
}

/** Per-request and per-run info lines drown everything else under load; a failure's tail leaves them out. */
const ROUTINE = /"msg":"(incoming request|request completed|run finished)"/;

function serverLogTail(server: ServerProcess, lines = 40): string {
  return server
    .output()
    .split('\n')
    .filter((line) => !ROUTINE.test(line))
    .slice(-lines)
    .join('\n');
}

export async function withBenchServer<T>(label: string, use: (bench: BenchServer) => Promise<T>): Promise<T> {
  const target = await startTargetServer();
  const data = await createServerData('sqlite');
  try {
    const server = await startServerProcess({ data, label });
    try {
      return await use({ server, target, data });
    } catch (error) {
      throw new Error(`${(error as Error).message}\nserver output (tail):\n${serverLogTail(server)}`, {
        cause: error,
      });
    } finally {
      // SIGTERM: the server finishes its runs in flight (up to its own 30 s stop limit) and closes the store.
      await server.stop('SIGTERM', 60_000);
    }
  } finally {
    await target.close();
    await data.dispose();
  }
}
