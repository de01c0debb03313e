import { z } from 'zod';
import { CONFIG_SCHEMA_ROUTE, configJsonSchema } from '../../config/config-file-schema.js';
import type { ApiRoutePlugin } from '../api-types.js';

/**
 * `GET /api/v1/schema/config.json`: the JSON Schema of `pagewatch.yaml` (API.md, "Config file"), generated from the
 * same zod schema `apply` validates with; `schemas/pagewatch.schema.json` in the repository is the same document.
 * Like everything under /api/, it needs a token (any role).
 */
export function schemaRoutes(): ApiRoutePlugin {
  const document = configJsonSchema();
  return async (api) => {
    api.get(
      CONFIG_SCHEMA_ROUTE,
      {
        schema: {
          tags: ['schema'],
          summary: 'JSON Schema (draft-07) of the config file of `pagewatch apply` and `serve --config`',
          response: { 200: z.record(z.string(), z.unknown()) },
        },
      },
      async (_request, reply) => reply.type('application/schema+json; charset=utf-8').send(document),
    );
  };
}
