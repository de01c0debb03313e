import { randomUUID } from 'node:crypto';
import Fastify, { type FastifyBaseLogger, type FastifyReply, type FastifyRequest } from 'fastify';
import { serializerCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import type { Metrics } from '../observability/metrics.js';
import type { Database } from '../store/schema.js';
import { systemClock, type Clock } from '../util/clock.js';
import type { ApiApp, ApiRoutePlugin } from './api-types.js';
import { createAuthHook, needsToken } from './auth-hook.js';
import {
  DEFAULT_AUTH_FAILURE_LIMIT,
  registerAuthFailureLimit,
  type AuthFailureLimitOptions,
} from './auth-rate-limit.js';
import { apiErrorSchema, toApiError } from './error-response.js';
import { registerOpenApi } from './openapi.js';
import { authRoutes } from './routes/auth-routes.js';
import { registerOperationsRoutes, type HealthReport } from './routes/operations-routes.js';
import { tokenRoutes } from './routes/token-routes.js';
import { setSecurityHeaders } from './security-headers.js';
import { zodValidatorCompiler } from './validation.js';

export const API_PREFIX = '/api/v1';
export const DEFAULT_BODY_LIMIT = 5 * 1024 * 1024;
/**
 * Largest body a route that needs no token accepts (the login-code exchange): anyone can send one, so it gets what
 * a code needs, not what a monitor's collection needs.
 */
export const OPEN_ROUTE_BODY_LIMIT = 16 * 1024;

export interface ApiAppOptions {
  /** The store: tokens are checked against it on every authenticated request. */
  db: Kysely<Database>;
  /** The process logger (`createLogger`); each request logs through a child with its request id. */
  logger: Logger;
  /** Served at /metrics. */
  metrics: Metrics;
  /** Answers /healthz: 200 when `status` is `ok`, else 503; a throw counts as degraded. */
  health: () => Promise<HealthReport>;
  /** Resource routes, each registered under /api/v1 (the token and login-code routes are built in). */
  routes: ApiRoutePlugin[];
  /**
   * Registers what lives outside /api (the dashboard's static files) before the app is made ready. Default: none.
   */
  configure?: (app: ApiApp) => Promise<void>;
  /** Serve /metrics without a token (for a scraper on a private network). Default false. */
  publicMetrics?: boolean;
  /** Largest accepted request body in bytes; larger is 413 PW_ERR_PAYLOAD_TOO_LARGE. Default 5 MB. */
  bodyLimit?: number;
  /** The version shown in the OpenAPI document. Default `0.0.0`. */
  version?: string;
  /** Time source for token bookkeeping. Default the system clock. */
  clock?: Clock;
  /**
   * Failed-auth rate limiting per client IP (bad tokens, bad login codes → 429 PW_ERR_TOO_MANY_AUTH_FAILURES with
   * Retry-After). Default {@link DEFAULT_AUTH_FAILURE_LIMIT}: 20 failures per minute; `max: 0` turns it off.
   */
  authFailureLimit?: AuthFailureLimitOptions;
}

/**
 * The HTTP API: auth, errors, docs, health and metrics around the resource routes. Returns a ready app; the
 * caller listens (`app.listen`) or injects (`app.inject`) and closes it.
 */
export async function buildApiApp(options: ApiAppOptions): Promise<ApiApp> {
  const clock = options.clock ?? systemClock;
  const bodyLimit = options.bodyLimit ?? DEFAULT_BODY_LIMIT;
  const publicMetrics = options.publicMetrics ?? false;

  const sendError = (error: unknown, request: FastifyRequest, reply: FastifyReply) => {
    // A route may have its own limit (the open routes' smaller one): the 413 message names the one that applied.
    const routeBodyLimit = request.routeOptions.bodyLimit ?? bodyLimit;
    const answer = toApiError(error, { requestId: request.id, bodyLimit: routeBodyLimit });
    if (answer.internal) request.log.error({ err: error }, 'request failed');
    else request.log.info({ code: answer.body.error.code }, answer.body.error.message);
    if (answer.status === 401) reply.header('www-authenticate', 'Bearer');
    return reply.code(answer.status).send(answer.body);
  };

  const app = Fastify({
    loggerInstance: options.logger as FastifyBaseLogger,
    bodyLimit,
    // Ids are generated, never taken from a client header, so they are unique and safe to log.
    genReqId: () => randomUUID(),
    requestIdHeader: false,
    return503OnClosing: true,
    // Malformed URLs and the like fail before routing: answer them in the API's error shape too.
    // They skip the onSend hooks, so the security headers are set here.
    frameworkErrors: (error, request, reply) => {
      setSecurityHeaders(request, reply);
      return sendError(error, request, reply);
    },
  }).withTypeProvider<ZodTypeProvider>();

  app.setValidatorCompiler(zodValidatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.decorateRequest('principal', null);
  app.setErrorHandler((error, request, reply) => sendError(error, request, reply));
  app.setNotFoundHandler((request, reply) =>
    reply.code(404).send({
      error: {
        code: 'PW_ERR_NOT_FOUND',
        message: `No route ${request.method} ${request.url.split('?', 1)[0]}.`,
      },
    }),
  );
  const limiter = await registerAuthFailureLimit(app, {
    ...(options.authFailureLimit ?? DEFAULT_AUTH_FAILURE_LIMIT),
    publicMetrics,
    count: (outcome) => options.metrics.authFailuresTotal.inc({ outcome }),
  });
  app.addHook('onRequest', createAuthHook({ db: options.db, clock, publicMetrics, limiter }));
  app.addHook('onSend', async (request, reply) => setSecurityHeaders(request, reply));

  await registerOpenApi(app, { version: options.version ?? '0.0.0' });
  registerOperationsRoutes(app, { health: options.health, metrics: options.metrics, publicMetrics });

  await app.register(
    async (api) => {
      // Every API route documents (and serializes) the error body for 4xx/5xx unless it says otherwise.
      api.addHook('onRoute', (route) => {
        if (!needsToken(route.url ?? route.path, publicMetrics)) route.bodyLimit ??= OPEN_ROUTE_BODY_LIMIT;
        route.schema = {
          ...route.schema,
          response: { '4xx': apiErrorSchema, '5xx': apiErrorSchema, ...(route.schema?.response ?? {}) },
        };
      });
      await api.register(tokenRoutes({ db: options.db, clock }));
      await api.register(authRoutes({ db: options.db, clock }));
      for (const routes of options.routes) await api.register(routes);
    },
    { prefix: API_PREFIX },
  );
  await options.configure?.(app);

  await app.ready();
  return app;
}
