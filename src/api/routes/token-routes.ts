import type { Kysely } from 'kysely';
import { z } from 'zod';
import { ROLES } from '../../auth/roles.js';
import { createToken, listTokens, revokeToken } from '../../auth/tokens.js';
import type { Database } from '../../store/schema.js';
import type { Clock } from '../../util/clock.js';
import type { ApiRoutePlugin } from '../api-types.js';
import { listResponseSchema, paginationQuerySchema, toListResponse } from '../pagination.js';

const tokenSchema = z
  .object({
    id: z.string().describe('tok_…'),
    name: z.string(),
    role: z
      .enum(ROLES)
      .describe(
        'viewer: read only; editor: also change monitors, integrations, incidents; admin: also tokens',
      ),
    createdAt: z.string(),
    lastUsedAt: z.string().nullable().describe('Updated at most once a minute'),
  })
  .meta({ id: 'ApiToken' });

const createTokenBodySchema = z.strictObject({
  name: z
    .string()
    .trim()
    .min(1, 'must not be empty')
    .max(100)
    .describe('What the token is for, e.g. "CI apply"'),
  role: z.enum(ROLES),
});

const createdTokenSchema = tokenSchema.extend({
  token: z.string().describe('The token itself. Shown only in this response: store it now.'),
});

/** `/api/v1/tokens`: admin only (the auth hook enforces it for every method). */
export function tokenRoutes(deps: { db: Kysely<Database>; clock: Clock }): ApiRoutePlugin {
  return async (api) => {
    api.get(
      '/tokens',
      {
        schema: {
          tags: ['tokens'],
          summary: 'List API tokens (never the tokens themselves), newest first',
          querystring: paginationQuerySchema,
          response: { 200: listResponseSchema(tokenSchema) },
        },
      },
      async (request) => toListResponse(await listTokens(deps.db, request.query), request.query.limit),
    );

    api.post(
      '/tokens',
      {
        schema: {
          tags: ['tokens'],
          summary: 'Create an API token; the response holds it once',
          body: createTokenBodySchema,
          response: { 201: createdTokenSchema },
        },
      },
      async (request, reply) => {
        const { token, record } = await createToken(deps.db, request.body, new Date(deps.clock.now()));
        return reply.code(201).send({ ...record, token });
      },
    );

    api.delete(
      '/tokens/:id',
      {
        schema: {
          tags: ['tokens'],
          summary: 'Revoke an API token (not the last admin token)',
          params: z.object({ id: z.string().min(1).max(100) }),
          response: { 204: z.undefined().describe('Revoked') },
        },
      },
      async (request, reply) => {
        await revokeToken(deps.db, request.params.id);
        return reply.code(204).send();
      },
    );
  };
}
