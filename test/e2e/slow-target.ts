import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A target whose `GET /slow` can be held open: while `hold` is on, requests wait (up to 10 minutes) instead of
 * being answered, so a run stays `running` as long as a test needs; with `hold` off they get 200 `{"status":"ok"}`.
 * Unlike `/delay/<ms>` of the shared target, the hold can be lifted, so the runs after a restart are quick.
 */
export interface SlowTarget {
  url: string;
  setHold(hold: boolean): void;
  /** Requests received so far. */
  requestCount(): number;
  /** Requests being held now. */
  heldCount(): number;
  close(): Promise<void>;
}

const MAX_HOLD_MS = 600_000;

export async function startSlowTarget(): Promise<SlowTarget> {
  let hold = false;
  let requests = 0;
  const held = new Set<ServerResponse>();
  const answer = (response: ServerResponse) => {
    held.delete(response);
    if (response.destroyed || response.writableEnded) return;
    response.writeHead(200, { 'content-type': 'application/json; charset=utf-8' });
    response.end(JSON.stringify({ status: 'ok' }));
  };
  const server = createServer((request, response) => {
    requests += 1;
    if (!hold) return answer(response);
    held.add(response);
    const timer = setTimeout(() => answer(response), MAX_HOLD_MS);
    // The client went away (its process was killed): forget the request.
    response.on('close', () => {
      clearTimeout(timer);
      held.delete(response);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    setHold: (value) => {
      hold = value;
    },
    requestCount: () => requests,
    heldCount: () => held.size,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
