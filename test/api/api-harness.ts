import type { ApiApp, ApiRoutePlugin } from '../../src/api/api-types.js';
import { buildApiApp, type ApiAppOptions } from '../../src/api/build-app.js';
import { createToken } from '../../src/auth/tokens.js';
import { createLogger } from '../../src/observability/logger.js';
import { createMetrics, type Metrics } from '../../src/observability/metrics.js';
import type { Store } from '../../src/store/open-store.js';
import type { TestEngine } from '../helpers/stores.js';

/** A built API on a fresh store, one token per role, and the log lines it wrote. */
export interface ApiHarness {
  app: ApiApp;
  store: Store;
  metrics: Metrics;
  tokens: { admin: string; editor: string; viewer: string };
  /** Parsed JSON log lines, in order. */
  logs: () => Record<string, unknown>[];
  /** Raw log text (to check that something never appears). */
  logText: () => string;
  close(): Promise<void>;
}

export async function startApi(
  engine: TestEngine,
  options: { routes?: ApiRoutePlugin[] } & Partial<Omit<ApiAppOptions, 'db' | 'logger' | 'routes'>> = {},
): Promise<ApiHarness> {
  const store = await engine.open();
  const lines: string[] = [];
  const logger = createLogger({
    level: 'debug',
    destination: { write: (line: string) => void lines.push(line) },
  });
  const metrics = options.metrics ?? createMetrics({ processMetrics: false });
  try {
    const app = await buildApiApp({
      health: async () => ({ status: 'ok', checks: { db: 'ok' } }),
      ...options,
      db: store.db,
      logger,
      metrics,
      routes: options.routes ?? [],
    });
    const tokens = {
      admin: (await createToken(store.db, { name: 'test admin', role: 'admin' })).token,
      editor: (await createToken(store.db, { name: 'test editor', role: 'editor' })).token,
      viewer: (await createToken(store.db, { name: 'test viewer', role: 'viewer' })).token,
    };
    return {
      app,
      store,
      metrics,
      tokens,
      logs: () => lines.map((line) => JSON.parse(line) as Record<string, unknown>),
      logText: () => lines.join(''),
      async close() {
        await app.close();
        await store.close();
      },
    };
  } catch (error) {
    await store.close();
    throw error;
  }
}

export function bearer(token: string): { authorization: string } {
  return { authorization: `Bearer ${token}` };
}
