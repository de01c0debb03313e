import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { startServer, type RunningServer, type ServerDependencies } from '../../src/server/start-server.js';
import { defaultServeOptions, type ServeOptions } from '../../src/server/serve-options.js';
import { captureLogger } from './capture-logger.js';

export const ADMIN_TOKEN = 'pw_test_admin_token_0123456789abcdef';

/** A pagewatch server in this process on 127.0.0.1, with a fresh SQLite file or PostgreSQL schema. */
export interface TestServer {
  server: RunningServer;
  url: string;
  logs: string[];
  /** Calls the API with the admin token; returns status and parsed JSON. */
  api<T = unknown>(method: string, path: string, body?: unknown): Promise<{ status: number; body: T }>;
  close(): Promise<void>;
}

/** `dependencies` swaps test seams (e.g. the clock); the logger is always the harness's, kept in `logs`. */
export async function startTestServer(
  engine: 'sqlite' | 'postgres',
  overrides: Partial<ServeOptions> = {},
  dependencies: Omit<ServerDependencies, 'logger'> = {},
): Promise<TestServer> {
  const home = await mkdtemp(join(tmpdir(), 'pagewatch-server-'));
  let databaseUrl = join(home, 'pagewatch.db');
  let dropSchema = async (): Promise<void> => undefined;
  if (engine === 'postgres') {
    const base = process.env.DATABASE_URL;
    if (!base) throw new Error('DATABASE_URL is not set');
    const schema = `pw_test_${randomBytes(6).toString('hex')}`;
    const client = new pg.Client({ connectionString: base });
    await client.connect();
    await client.query(`CREATE SCHEMA ${schema}`);
    await client.end();
    const url = new URL(base);
    url.searchParams.set('options', `-c search_path=${schema}`);
    databaseUrl = url.toString();
    dropSchema = async () => {
      const cleanup = new pg.Client({ connectionString: base });
      await cleanup.connect();
      await cleanup.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      await cleanup.end();
    };
  }
  const { logger, lines: logs } = captureLogger();
  const server = await startServer(
    {
      ...defaultServeOptions({}),
      home,
      databaseUrl,
      port: 0,
      adminToken: ADMIN_TOKEN,
      secret: 'test-secret-0123456789',
      ...overrides,
    },
    { ...dependencies, logger },
  );
  return {
    server,
    url: server.url,
    logs,
    async api<T>(method: string, path: string, body?: unknown) {
      const response = await fetch(`${server.url}${path}`, {
        method,
        headers: {
          authorization: `Bearer ${ADMIN_TOKEN}`,
          ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        },
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
      });
      const text = await response.text();
      return { status: response.status, body: (text ? JSON.parse(text) : undefined) as T };
    },
    async close() {
      await server.close();
      await dropSchema();
    },
  };
}

/** Polls until `check` returns a value (not undefined), or fails after `timeoutMs`. */
export async function waitFor<T>(
  what: string,
  check: () => Promise<T | undefined>,
  timeoutMs = 15_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
