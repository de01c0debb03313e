import { PagewatchError } from '../../errors/pagewatch-error.js';
import type { ServerContext } from '../../services/server-context.js';
import { getRun } from '../../store/repositories/run-repository.js';
import type { ApiRoutePlugin } from '../api-types.js';
import { idParamsSchema, runSchema } from '../schemas/resource-schemas.js';

/** `/api/v1/runs/{id}`: one run with its requests and assertions. */
export function runRoutes(context: ServerContext): ApiRoutePlugin {
  return async (api) => {
    api.get(
      '/runs/:id',
      {
        schema: {
          tags: ['runs'],
          summary: 'One run: its RunResult with every request, assertion and console line',
          params: idParamsSchema,
          response: { 200: runSchema },
        },
      },
      async (request) => {
        const run = await getRun(context.store.db, request.params.id);
        if (!run)
          throw new PagewatchError('PW_ERR_NOT_FOUND', `No run ${request.params.id}.`, [
            { path: 'id', message: 'not found' },
          ]);
        return run;
      },
    );
  };
}
