import type { FastifyBaseLogger, FastifyInstance, FastifyPluginAsync, RawServerDefault } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Principal, Role } from '../auth/roles.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** Who is calling, from the bearer token; null on public routes (`/healthz`, `/api/docs`). */
    principal: Principal | null;
  }
  interface FastifyContextConfig {
    /**
     * Ask for more than the default rule (viewer for GET/HEAD, editor for the rest, admin for /api/v1/tokens),
     * e.g. `config: { requiredRole: 'admin' }` for a settings route. It can only raise the bar, never lower it.
     */
    requiredRole?: Role;
  }
}

/** The API app: Fastify with zod schemas for validation, serialization and OpenAPI. */
export type ApiApp = FastifyInstance<
  RawServerDefault,
  IncomingMessage,
  ServerResponse,
  FastifyBaseLogger,
  ZodTypeProvider
>;

/**
 * One resource's routes, registered under `/api/v1` with the zod type provider: paths inside are relative
 * (`/monitors`, `/monitors/:id`). Auth and roles are already enforced when a handler runs (`request.principal` is
 * set); errors are thrown (`PagewatchError`) and the app turns them into the API's error body. Dependencies come
 * in through a closure: `export const monitorRoutes = (deps: …): ApiRoutePlugin => async (api) => { … }`.
 */
export type ApiRoutePlugin = FastifyPluginAsync<Record<never, never>, RawServerDefault, ZodTypeProvider>;
