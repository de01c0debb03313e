import { z } from 'zod';
import { integrationInputSchema } from '../../integrations/integration-input-schema.js';
import {
  createIntegration,
  deleteIntegration,
  getIntegrationView,
  listIntegrationViews,
  replaceIntegration,
  sendTestEvent,
} from '../../services/integration-service.js';
import type { ServerContext } from '../../services/server-context.js';
import type { ApiRoutePlugin } from '../api-types.js';
import { idParamsSchema, integrationSchema } from '../schemas/resource-schemas.js';

const tags = ['integrations'];

/**
 * `/api/v1/integrations`: the seed's flow "Integrations → PagerDuty → Add → key + monitor → Submit" is
 * `POST /integrations {type: "pagerduty", name, config: {integrationKey}, monitorIds}`.
 */
export function integrationRoutes(context: ServerContext): ApiRoutePlugin {
  return async (api) => {
    api.get(
      '/integrations',
      {
        schema: {
          tags,
          summary: 'List integrations (keys masked) with their monitors and last delivery',
          response: {
            200: z.object({
              data: z.array(integrationSchema),
              pagination: z.object({ limit: z.number(), nextCursor: z.null() }),
            }),
          },
        },
      },
      async () => {
        const data = await listIntegrationViews(context);
        return { data, pagination: { limit: data.length, nextCursor: null } };
      },
    );

    api.post(
      '/integrations',
      {
        schema: {
          tags,
          summary:
            'Add an integration (PagerDuty: the 32-character Integration Key) and attach it to monitors',
          body: integrationInputSchema,
          response: { 201: integrationSchema },
        },
      },
      async (request, reply) => reply.code(201).send(await createIntegration(context, request.body)),
    );

    api.get(
      '/integrations/:id',
      {
        schema: {
          tags,
          summary: 'One integration (key masked)',
          params: idParamsSchema,
          response: { 200: integrationSchema },
        },
      },
      async (request) => getIntegrationView(context, request.params.id),
    );

    api.put(
      '/integrations/:id',
      {
        schema: {
          tags,
          summary: 'Replace an integration; send the masked key back to keep the stored one',
          params: idParamsSchema,
          body: integrationInputSchema,
          response: { 200: integrationSchema },
        },
      },
      async (request) => replaceIntegration(context, request.params.id, request.body),
    );

    api.delete(
      '/integrations/:id',
      {
        schema: {
          tags,
          summary: 'Remove an integration; its open incidents are resolved first',
          params: idParamsSchema,
          response: { 204: z.undefined().describe('Removed') },
        },
      },
      async (request, reply) => {
        await deleteIntegration(context, request.params.id);
        return reply.code(204).send();
      },
    );

    api.post(
      '/integrations/:id/test',
      {
        schema: {
          tags,
          summary: 'Send a test trigger and resolve under a test dedup key',
          params: idParamsSchema,
          response: { 202: z.object({ deliveryIds: z.array(z.string()) }) },
        },
      },
      async (request, reply) => reply.code(202).send(await sendTestEvent(context, request.params.id)),
    );
  };
}
