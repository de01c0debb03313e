import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import { requiredRole, roleAllows } from '../auth/roles.js';
import { parseBearer } from '../auth/token-secret.js';
import { verifyToken } from '../auth/tokens.js';
import { PagewatchError } from '../errors/pagewatch-error.js';
import type { Database } from '../store/schema.js';
import type { Clock } from '../util/clock.js';
import type { AuthFailureLimiter } from './auth-rate-limit.js';

export const DOCS_PATH = '/api/docs';

/**
 * The route pattern a request matched (`/api/v1/tokens/:id`), or its raw path when no route matched (a 404).
 * Decisions use the pattern: the router decodes `%74okens`, a prefix check on the raw URL would not.
 */
export function routePathOf(request: FastifyRequest): string {
  return request.routeOptions.url ?? request.url.split('?', 1)[0] ?? request.url;
}

/** Where a one-time login code becomes a token (auth-routes.ts): it cannot ask for one. */
export const LOGIN_EXCHANGE_PATH = '/api/v1/auth/exchange';

/**
 * Whether a path needs a token: everything under /api/ except the docs and the login-code exchange, and /metrics
 * unless made public.
 */
export function needsToken(path: string, publicMetrics: boolean): boolean {
  if (path === DOCS_PATH || path.startsWith(`${DOCS_PATH}/`)) return false;
  if (path === LOGIN_EXCHANGE_PATH) return false;
  if (path.startsWith('/api/')) return true;
  return path === '/metrics' && !publicMetrics;
}

/**
 * The onRequest hook that authenticates (bearer token → `request.principal`) and authorizes (role) every request
 * that needs it, before its body is even read. Unknown /api/ paths answer 401 without a token, so the API's
 * shape is not probed anonymously. A client with too many failed sign-ins (`limiter`) is refused first, for the
 * login exchange too, without its credential being looked at.
 */
export function createAuthHook(options: {
  db: Kysely<Database>;
  clock: Clock;
  publicMetrics: boolean;
  limiter?: AuthFailureLimiter;
}) {
  return async function authenticate(request: FastifyRequest, reply: FastifyReply): Promise<void> {
    const path = routePathOf(request);
    const tokenNeeded = needsToken(path, options.publicMetrics);
    if (!tokenNeeded && path !== LOGIN_EXCHANGE_PATH) return;
    await options.limiter?.check(request, reply);
    if (!tokenNeeded) return;
    const token = parseBearer(request.headers.authorization);
    const principal = token ? await verifyToken(options.db, token, new Date(options.clock.now())) : null;
    if (!principal) {
      throw new PagewatchError(
        'PW_ERR_UNAUTHORIZED',
        token
          ? 'The API token is not valid (unknown or revoked).'
          : 'This needs an API token: send "Authorization: Bearer <token>".',
      );
    }
    request.principal = principal;
    const required = requiredRole(request.method, path, request.routeOptions.config?.requiredRole);
    if (!roleAllows(principal.role, required)) {
      throw new PagewatchError(
        'PW_ERR_FORBIDDEN',
        `This needs the ${required} role; token "${principal.name}" has the ${principal.role} role.`,
      );
    }
  };
}
