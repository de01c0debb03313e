/** The last lines of a `pagewatch serve` child's output that say what it was doing, for a failed bench's error. */
import type { ServerProcess } from '../../test/helpers/server-process.js';

/** Per-request and per-run info lines drown everything else under load; they are left out. */
const ROUTINE = /"msg":"(incoming request|request completed|run finished)"/;

export function serverLogTail(server: ServerProcess, lines = 40): string {
  return server
    .output()
    .split('\n')
    .filter((line) => !ROUTINE.test(line))
    .slice(-lines)
    .join('\n');
}
