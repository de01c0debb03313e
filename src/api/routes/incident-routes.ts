import { z } from 'zod';
import { PagewatchError } from '../../errors/pagewatch-error.js';
import { acknowledgeIncident, resolveIncident } from '../../services/incident-service.js';
import type { ServerContext } from '../../services/server-context.js';
import { getIncident, listIncidents } from '../../store/repositories/incident-repository.js';
import type { ApiRoutePlugin } from '../api-types.js';
import { listResponseSchema, paginationQuerySchema, toListResponse } from '../pagination.js';
import { idParamsSchema, incidentSchema } from '../schemas/resource-schemas.js';

const tags = ['incidents'];

/** `/api/v1/incidents`: list, one, acknowledge, resolve (the last two go to PagerDuty through the outbox). */
export function incidentRoutes(context: ServerContext): ApiRoutePlugin {
  return async (api) => {
    api.get(
      '/incidents',
      {
        schema: {
          tags,
          summary: 'Incidents, newest first; ?status=open means triggered or acknowledged',
          querystring: paginationQuerySchema.extend({
            status: z.enum(['open', 'triggered', 'acknowledged', 'resolved']).optional(),
            monitorId: z.string().optional(),
          }),
          response: { 200: listResponseSchema(incidentSchema) },
        },
      },
      async (request) => {
        const { limit, cursor, status, monitorId } = request.query;
        const page = await listIncidents(context.store.db, {
          limit,
          ...(cursor ? { cursor } : {}),
          ...(status ? { status } : {}),
          ...(monitorId ? { monitorId } : {}),
        });
        return toListResponse(page, limit);
      },
    );

    api.get(
      '/incidents/:id',
      {
        schema: { tags, summary: 'One incident', params: idParamsSchema, response: { 200: incidentSchema } },
      },
      async (request) => {
        const incident = await getIncident(context.store.db, request.params.id);
        if (!incident)
          throw new PagewatchError('PW_ERR_NOT_FOUND', `No incident ${request.params.id}.`, [
            { path: 'id', message: 'not found' },
          ]);
        return incident;
      },
    );

    api.post(
      '/incidents/:id/acknowledge',
      {
        schema: {
          tags,
          summary: 'Acknowledge: PagerDuty gets an acknowledge',
          params: idParamsSchema,
          response: { 200: incidentSchema },
        },
      },
      async (request) => acknowledgeIncident(context, request.params.id),
    );

    api.post(
      '/incidents/:id/resolve',
      {
        schema: {
          tags,
          summary: 'Resolve: PagerDuty gets a resolve',
          params: idParamsSchema,
          response: { 200: incidentSchema },
        },
      },
      async (request) => resolveIncident(context, request.params.id),
    );
  };
}
