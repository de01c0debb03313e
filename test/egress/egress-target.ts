import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A local server for egress tests, on 127.0.0.1 only: `GET /ok` → 200 `{"ok":true}`; `GET /bytes/<n>` → a body of
 * n bytes; `GET /redirect?to=<url>` → 302 to that URL; `GET /headers/<n>` → 200 with n bytes of headers.
 */
export interface EgressTarget {
  url: string;
  port: number;
  requests(): number;
  close(): Promise<void>;
}

export async function startEgressTarget(): Promise<EgressTarget> {
  let count = 0;
  const server = createServer((request, response) => {
    count += 1;
    const url = new URL(request.url ?? '/', 'http://localhost');
    const bytes = /^\/bytes\/(\d+)$/.exec(url.pathname);
    const headers = /^\/headers\/(\d+)$/.exec(url.pathname);
    if (bytes) {
      response.writeHead(200, { 'content-type': 'text/plain' });
      response.end('x'.repeat(Number(bytes[1])));
    } else if (headers) {
      response.writeHead(200, { 'x-big': 'h'.repeat(Number(headers[1])) });
      response.end('ok');
    } else if (url.pathname === '/redirect') {
      response.writeHead(302, { location: url.searchParams.get('to') ?? '/ok' });
      response.end();
    } else {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end('{"ok":true}');
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    requests: () => count,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
