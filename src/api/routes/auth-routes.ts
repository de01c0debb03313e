import type { Kysely } from 'kysely';
import { z } from 'zod';
import { exchangeLoginCode } from '../../auth/login-codes.js';
import { ROLES } from '../../auth/roles.js';
import type { Database } from '../../store/schema.js';
import type { Clock } from '../../util/clock.js';
import type { ApiRoutePlugin } from '../api-types.js';

const exchangeBodySchema = z.strictObject({
  code: z.string().min(1, 'must not be empty').max(200).describe('The code of a one-time login link'),
});

const exchangedSchema = z
  .object({
    token: z.string().describe('A new API token (named "dashboard login"). Shown only in this response.'),
    role: z.enum(ROLES),
  })
  .meta({ id: 'LoginExchange' });

/**
 * `/api/v1/auth/…`: turning a one-time login link (`pagewatch demo`, `pagewatch login-link`) into an API token.
 * The exchange needs no bearer token (it is how a browser gets one): the auth hook lets LOGIN_EXCHANGE_PATH through.
 */
export function authRoutes(deps: { db: Kysely<Database>; clock: Clock }): ApiRoutePlugin {
  return async (api) => {
    api.post(
      '/auth/exchange',
      {
        schema: {
          tags: ['auth'],
          summary: 'Exchange a one-time login code for an API token (no bearer token needed; works once)',
          description:
            'The code comes from a login link printed by `pagewatch demo` or `pagewatch login-link`. A used, ' +
            'expired or unknown code is 401 PW_ERR_UNAUTHORIZED with a message saying how to get a new link.',
          security: [],
          body: exchangeBodySchema,
          response: { 200: exchangedSchema },
        },
      },
      async (request) => exchangeLoginCode(deps.db, request.body.code, new Date(deps.clock.now())),
    );
  };
}
