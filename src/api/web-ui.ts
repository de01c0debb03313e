import { existsSync } from 'node:fs';
import { join } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { ApiApp } from './api-types.js';

/** Where `npm run build` puts the dashboard bundle. */
export const DEFAULT_WEB_ROOT = join(process.cwd(), 'dist', 'web');

/**
 * Serves the dashboard (a single-page app built by Vite) at `/`: its files, and `index.html` for any other
 * non-API path so client-side routes survive a reload. Returns false when the bundle is not built.
 */
export async function registerWebUi(app: ApiApp, root: string = DEFAULT_WEB_ROOT): Promise<boolean> {
  if (!existsSync(join(root, 'index.html'))) return false;
  await app.register(fastifyStatic, { root, prefix: '/', wildcard: false, index: ['index.html'] });
  app.addHook('onRequest', async (request, reply) => {
    const path = request.url.split('?', 1)[0] ?? '/';
    const isAppRoute =
      request.method === 'GET' &&
      !path.startsWith('/api/') &&
      !['/healthz', '/metrics'].includes(path) &&
      !path.includes('.') &&
      path !== '/';
    if (isAppRoute) return reply.sendFile('index.html');
    return undefined;
  });
  return true;
}
