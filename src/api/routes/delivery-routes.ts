import { z } from 'zod';
import { PagewatchError } from '../../errors/pagewatch-error.js';
import { getDelivery, listDeliveries } from '../../outbox/index.js';
import type { ServerContext } from '../../services/server-context.js';
import type { ApiRoutePlugin } from '../api-types.js';
import { listResponseSchema, paginationQuerySchema, toListResponse } from '../pagination.js';
import { deliverySchema, idParamsSchema } from '../schemas/resource-schemas.js';

const tags = ['deliveries'];

/** `/api/v1/deliveries`: the outbox, read-only — pending, sent and failed events with PagerDuty's errors. */
export function deliveryRoutes(context: ServerContext): ApiRoutePlugin {
  return async (api) => {
    api.get(
      '/deliveries',
      {
        schema: {
          tags,
          summary: 'Outbound events, newest first',
          querystring: paginationQuerySchema.extend({
            status: z.enum(['pending', 'sent', 'failed']).optional(),
            integrationId: z.string().optional(),
            incidentId: z.string().optional(),
            monitorId: z.string().optional(),
          }),
          response: { 200: listResponseSchema(deliverySchema) },
        },
      },
      async (request) => {
        const { limit, cursor, status, integrationId, incidentId, monitorId } = request.query;
        const page = await listDeliveries(context.store.db, {
          limit,
          ...(cursor ? { cursor } : {}),
          ...(status ? { status } : {}),
          ...(integrationId ? { integrationId } : {}),
          ...(incidentId ? { incidentId } : {}),
          ...(monitorId ? { monitorId } : {}),
        });
        return toListResponse(page, limit);
      },
    );

    api.get(
      '/deliveries/:id',
      {
        schema: {
          tags,
          summary: 'One outbound event',
          params: idParamsSchema,
          response: { 200: deliverySchema },
        },
      },
      async (request) => {
        const delivery = await getDelivery(context.store.db, request.params.id);
        if (!delivery)
          throw new PagewatchError('PW_ERR_NOT_FOUND', `No delivery ${request.params.id}.`, [
            { path: 'id', message: 'not found' },
          ]);
        return delivery;
      },
    );
  };
}
