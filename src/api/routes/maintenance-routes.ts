import { z } from 'zod';
import {
  createMaintenanceWindow,
  listWindows,
  maintenanceWindowInputSchema,
  removeMaintenanceWindow,
} from '../../services/maintenance-service.js';
import type { ServerContext } from '../../services/server-context.js';
import type { ApiRoutePlugin } from '../api-types.js';
import { idParamsSchema } from '../schemas/resource-schemas.js';

const tags = ['maintenance'];

const maintenanceWindowSchema = z
  .object({
    id: z.string().describe('mw_…'),
    name: z.string(),
    monitorId: z.string().nullable().optional(),
    startsAt: z.string().optional(),
    endsAt: z.string().optional(),
    cron: z.string().optional(),
    timezone: z.string().nullable().optional(),
    durationMinutes: z.number().optional(),
    createdAt: z.string(),
  })
  .meta({ id: 'MaintenanceWindow' });

/**
 * `/api/v1/maintenance-windows` (an addition to API.md, which has no maintenance resource yet): while a window
 * covers a monitor its alerts are suppressed; when it ends, what is still down is confirmed again before paging.
 */
export function maintenanceRoutes(context: ServerContext): ApiRoutePlugin {
  return async (api) => {
    api.get(
      '/maintenance-windows',
      {
        schema: {
          tags,
          summary: 'List maintenance windows',
          response: {
            200: z.object({
              data: z.array(maintenanceWindowSchema),
              pagination: z.object({ limit: z.number(), nextCursor: z.null() }),
            }),
          },
        },
      },
      async () => {
        const data = await listWindows(context);
        return { data, pagination: { limit: data.length, nextCursor: null } };
      },
    );
    api.post(
      '/maintenance-windows',
      {
        schema: {
          tags,
          summary: 'Create a one-off or recurring maintenance window',
          body: maintenanceWindowInputSchema,
          response: { 201: maintenanceWindowSchema },
        },
      },
      async (request, reply) => reply.code(201).send(await createMaintenanceWindow(context, request.body)),
    );
    api.delete(
      '/maintenance-windows/:id',
      {
        schema: {
          tags,
          summary: 'Delete a maintenance window',
          params: idParamsSchema,
          response: { 204: z.undefined().describe('Deleted') },
        },
      },
      async (request, reply) => {
        await removeMaintenanceWindow(context, request.params.id);
        return reply.code(204).send();
      },
    );
  };
}
