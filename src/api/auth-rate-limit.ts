import fastifyRateLimit from '@fastify/rate-limit';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { PagewatchError } from '../errors/pagewatch-error.js';
import type { ApiApp } from './api-types.js';
import { LOGIN_EXCHANGE_PATH, needsToken, routePathOf } from './auth-hook.js';

/** How many failed sign-ins one client may make, and over what window. */
export interface AuthFailureLimitOptions {
  /**
   * Failed attempts (a bad or revoked token, a bad login code) one client IP may make per window; the next request
   * that needs a token (or exchanges a code) gets 429 until the window ends. `0` turns the limit off. Default 20.
   */
  max: number;
  /** Length of the window in milliseconds, counted from the client's first failure in it. Default 60 000. */
  windowMs: number;
}

/**
 * 20 failures a minute: far above what a person mistyping or a script with a revoked token makes before someone
 * notices, far below what guessing needs (tokens and login codes have ~190 bits; the limit is about load and noise).
 */
export const DEFAULT_AUTH_FAILURE_LIMIT: AuthFailureLimitOptions = { max: 20, windowMs: 60_000 };

/** Counts failed sign-ins per client and locks a client out once it has made too many. */
export interface AuthFailureLimiter {
  /**
   * Throws PW_ERR_TOO_MANY_AUTH_FAILURES (and sets Retry-After) when the request's client is locked out. Call it
   * before looking at the credential: a locked-out client learns nothing, valid token or not.
   */
  check(request: FastifyRequest, reply: FastifyReply): Promise<void>;
}

/**
 * Failed-auth rate limiting on top of @fastify/rate-limit's store (in memory, per process, LRU of 5,000 clients;
 * IPv6 clients are grouped by the plugin's default subnet so one host cannot rotate through its addresses).
 *
 * Only failures count: a 401 answer to a request that presented a credential (an Authorization header, or a code
 * to the login exchange). Requests with a good token and requests without any token (a browser before login) are
 * never counted, so a working client is not slowed down by its own traffic. Once a client is over the limit,
 * everything it sends that needs a token is refused without checking the token, until its window ends.
 */
export async function registerAuthFailureLimit(
  app: ApiApp,
  options: AuthFailureLimitOptions & {
    publicMetrics: boolean;
    /** Counts each rejected (401) and refused (429) sign-in, e.g. `pagewatch_auth_failures_total`. */
    count?: (outcome: 'rejected' | 'refused') => void;
  },
): Promise<AuthFailureLimiter> {
  const count = options.count ?? (() => undefined);
  const limit = options.max > 0 ? await createLimit(app, options) : undefined;

  app.addHook('onSend', async (request, reply) => {
    if (reply.statusCode !== 401 || !presentedCredential(request, options.publicMetrics)) return;
    count('rejected');
    const state = await limit?.(request);
    if (!state || state.isAllowed) return;
    if (state.remaining === 0 && !state.isExceeded) {
      // Logged once, on the failure that reaches the limit: who (the client address) and for how long.
      request.log.warn(
        { client: state.key, failures: state.max, windowMs: options.windowMs },
        'too many failed sign-in attempts: client refused until the window ends',
      );
    }
  });

  return {
    async check(request, reply) {
      const state = await limit?.(request, { increment: false });
      if (!state || state.isAllowed || state.remaining > 0) return;
      count('refused');
      const seconds = Math.max(1, state.ttlInSeconds);
      reply.header('retry-after', String(seconds));
      throw new PagewatchError(
        'PW_ERR_TOO_MANY_AUTH_FAILURES',
        `Too many failed sign-in attempts from this address; try again in ${seconds} s.`,
      );
    },
  };
}

async function createLimit(app: ApiApp, options: AuthFailureLimitOptions) {
  // global: false — the plugin limits no route by itself; this module's hooks drive the limiter.
  await app.register(fastifyRateLimit, { global: false, max: options.max, timeWindow: options.windowMs });
  return app.createRateLimit();
}

/** A request that tried to sign in where a token is needed: sent an Authorization header, or a code to the login exchange. */
function presentedCredential(request: FastifyRequest, publicMetrics: boolean): boolean {
  if (routePathOf(request) === LOGIN_EXCHANGE_PATH) return true;
  return request.headers.authorization !== undefined && needsToken(routePathOf(request), publicMetrics);
}
