import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A small API for tests to monitor, on 127.0.0.1 with an ephemeral port.
 * - `GET /health`: 200 `{"status":"ok"}`, or 503 `{"status":"down"}` while broken.
 * - `GET /status/<code>`: answers that status. `GET /delay/<ms>`: answers after ms.
 * - `GET /redirect`: 302 to /health. `POST /echo`: the JSON body back.
 * - `setHealthy(false)` breaks /health (like the demo's "break the API" switch).
 */
export interface TargetServer {
  url: string;
  setHealthy(healthy: boolean): void;
  requestCount(): number;
  close(): Promise<void>;
}

export async function startTargetServer(): Promise<TargetServer> {
  let healthy = true;
  let requests = 0;
  const server = createServer((request, response) => {
    requests += 1;
    handle(request, response, healthy);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    setHealthy: (value) => {
      healthy = value;
    },
    requestCount: () => requests,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function handle(request: IncomingMessage, response: ServerResponse, healthy: boolean): void {
  const url = new URL(request.url ?? '/', 'http://localhost');
  const json = (status: number, body: unknown): void => {
    response.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
    response.end(JSON.stringify(body));
  };
  const status = /^\/status\/(\d{3})$/.exec(url.pathname);
  const delay = /^\/delay\/(\d+)$/.exec(url.pathname);
  if (url.pathname === '/health') return json(healthy ? 200 : 503, { status: healthy ? 'ok' : 'down' });
  if (status) return json(Number(status[1]), { status: Number(status[1]) });
  if (delay) {
    setTimeout(() => json(200, { delayedMs: Number(delay[1]) }), Number(delay[1]));
    return;
  }
  if (url.pathname === '/redirect') {
    response.writeHead(302, { location: '/health' });
    response.end();
    return;
  }
  if (url.pathname === '/echo') {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () =>
      json(200, {
        body: Buffer.concat(chunks).toString('utf8'),
        query: Object.fromEntries(url.searchParams),
      }),
    );
    return;
  }
  json(404, { error: 'not found' });
}
