import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * The demo's API under monitoring: a tiny shop with a health check and an orders endpoint, and a switch that
 * breaks it (`POST /demo/break`, `POST /demo/fix`) so a new user can watch an incident open and resolve.
 * Only for the demo: pagewatch never needs it.
 */
export interface DemoApi {
  url: string;
  isBroken(): boolean;
  setBroken(broken: boolean): void;
  close(): Promise<void>;
}

/** Options of {@link startDemoApi}. */
export interface DemoApiOptions {
  /** Port; default 0 (any free port). */
  port?: number;
  /** Address; default 127.0.0.1. */
  host?: string;
}

const ORDERS = [
  { id: 'ord_1001', item: 'Espresso beans', quantity: 2, status: 'shipped' },
  { id: 'ord_1002', item: 'Milk frother', quantity: 1, status: 'processing' },
];

export async function startDemoApi(options: DemoApiOptions = {}): Promise<DemoApi> {
  let broken = false;
  const server = createServer((request, response) =>
    route(request, response, broken, (value) => (broken = value)),
  );
  await new Promise<void>((resolve) =>
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', resolve),
  );
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${options.host ?? '127.0.0.1'}:${port}`,
    isBroken: () => broken,
    setBroken: (value) => {
      broken = value;
    },
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function route(
  request: IncomingMessage,
  response: ServerResponse,
  broken: boolean,
  setBroken: (broken: boolean) => void,
): void {
  const json = (status: number, body: unknown): void => {
    response.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
    response.end(JSON.stringify(body));
  };
  const path = new URL(request.url ?? '/', 'http://demo').pathname;
  if (request.method === 'POST' && (path === '/demo/break' || path === '/demo/fix')) {
    setBroken(path === '/demo/break');
    return json(200, { broken: path === '/demo/break' });
  }
  if (path === '/demo/state') return json(200, { broken });
  if (path === '/api/health') return broken ? json(503, { status: 'down' }) : json(200, { status: 'ok' });
  if (path === '/api/orders') {
    return broken ? json(500, { error: 'database connection lost' }) : json(200, { orders: ORDERS });
  }
  json(404, { error: `no route ${path}` });
}
