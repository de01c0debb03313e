/**
 * The real server app (`startServer`: every resource route, the docs, health, metrics, the dashboard's static
 * files) plus the demo's routes (`pagewatch demo` adds them), on a fresh SQLite store, for the security tests.
 */
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { demoRoutes } from '../../src/api/routes/demo-routes.js';
import { createToken } from '../../src/auth/tokens.js';
import { startServer, type RunningServer } from '../../src/server/start-server.js';
import { defaultServeOptions, type ServeOptions } from '../../src/server/serve-options.js';
import { captureLogger } from '../helpers/capture-logger.js';

export interface SecurityServer {
  server: RunningServer;
  tokens: { admin: string; editor: string; viewer: string };
  logText(): string;
  close(): Promise<void>;
}

export const SECURITY_ADMIN_TOKEN = 'pw_security_admin_token_0123456789ab';

export async function startSecurityServer(overrides: Partial<ServeOptions> = {}): Promise<SecurityServer> {
  const home = await mkdtemp(join(tmpdir(), 'pagewatch-security-'));
  const webRoot = join(home, 'web');
  await mkdir(join(webRoot, 'assets'), { recursive: true });
  await writeFile(join(webRoot, 'index.html'), '<!doctype html><title>pagewatch</title>');
  await writeFile(join(webRoot, 'assets', 'app.js'), 'console.log("app")');
  const { logger, lines } = captureLogger();
  let broken = false;
  const server = await startServer(
    {
      ...defaultServeOptions({}),
      home,
      databaseUrl: join(home, 'pagewatch.db'),
      port: 0,
      adminToken: SECURITY_ADMIN_TOKEN,
      secret: 'security-test-secret-0123456789',
      webRoot,
      ...overrides,
    },
    {
      logger,
      extraRoutes: () => [
        demoRoutes({
          demoApi: {
            url: 'http://127.0.0.1:9/demo',
            isBroken: () => broken,
            setBroken: (value) => {
              broken = value;
            },
          },
          sandboxUrl: 'http://127.0.0.1:9/sandbox',
        }),
      ],
    },
  );
  const db = server.context.store.db;
  return {
    server,
    tokens: {
      admin: SECURITY_ADMIN_TOKEN,
      editor: (await createToken(db, { name: 'security editor', role: 'editor' })).token,
      viewer: (await createToken(db, { name: 'security viewer', role: 'viewer' })).token,
    },
    logText: () => lines.join(''),
    close: () => server.close(),
  };
}

/** One method of one route, as the router knows it (`/api/v1/monitors/:id`, `/api/docs/*`). */
export interface RouteEntry {
  method: string;
  path: string;
}

/**
 * Every method × path the app's router holds, read from `printRoutes({commonPrefix: false})`: each line of the
 * tree is a path segment appended to its parent's, with the methods in parentheses.
 */
export function listRoutes(tree: string): RouteEntry[] {
  const routes: RouteEntry[] = [];
  const prefixes: string[] = [];
  for (const line of tree.split('\n')) {
    const match = /^([│ ]*)[└├]── (.*?)(?: \(([A-Z, ]+)\))?$/u.exec(line);
    if (!match) continue;
    const depth = (match[1] ?? '').length / 4;
    const path = (depth > 0 ? (prefixes[depth - 1] ?? '') : '') + (match[2] ?? '');
    prefixes[depth] = path;
    prefixes.length = depth + 1;
    for (const method of (match[3] ?? '').split(',').map((name) => name.trim())) {
      if (method) routes.push({ method, path });
    }
  }
  return routes;
}

/** A concrete URL for a route pattern: params and wildcards get values that name nothing. */
export function urlFor(path: string): string {
  return path.replace(/:(\w+)/g, 'zz_none_$1').replace(/\*$/, 'zz-none.txt');
}
