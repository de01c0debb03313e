import { z } from 'zod';
import { roleAllows, type Role } from '../../auth/roles.js';
import { maskEnvironmentValues } from '../../monitors/mask-environment.js';
import { monitorInputSchema } from '../../monitors/monitor-input-schema.js';
import type { ServerContext } from '../../services/server-context.js';
import {
  createMonitor,
  deleteMonitor,
  getMonitorView,
  listMonitorViews,
  patchMonitor,
  pauseMonitor,
  replaceMonitor,
  resumeMonitor,
  runMonitorNow,
} from '../../services/monitor-service.js';
import { listRuns } from '../../store/repositories/run-repository.js';
import type { ApiRoutePlugin } from '../api-types.js';
import { listResponseSchema, paginationQuerySchema, toListResponse } from '../pagination.js';
import {
  idParamsSchema,
  monitorListItemSchema,
  monitorSchema,
  runSummarySchema,
} from '../schemas/resource-schemas.js';

const tags = ['monitors'];

/** `/api/v1/monitors`: CRUD, pause, resume, run now, and a monitor's runs (API.md). */
export function monitorRoutes(context: ServerContext): ApiRoutePlugin {
  return async (api) => {
    api.get(
      '/monitors',
      {
        schema: {
          tags,
          summary:
            'List monitors, newest first, with status and last run (bodies only with ?include=collection; uptime and hourly durations with ?include=stats; both: ?include=collection,stats)',
          querystring: paginationQuerySchema.extend({
            include: z
              .string()
              .regex(/^(collection|stats)(,(collection|stats))*$/, 'collection, stats or collection,stats')
              .optional(),
          }),
          response: { 200: listResponseSchema(monitorListItemSchema) },
        },
      },
      async (request) => {
        const { limit, cursor, include } = request.query;
        const includes = new Set(include?.split(',') ?? []);
        const page = await listMonitorViews(context, {
          limit,
          ...(cursor ? { cursor } : {}),
          includeBodies: includes.has('collection'),
          includeStats: includes.has('stats'),
        });
        const visible = canReadEnvironments(request.principal?.role)
          ? page
          : { ...page, items: page.items.map(withMaskedEnvironment) };
        return toListResponse(visible, limit);
      },
    );

    api.post(
      '/monitors',
      {
        schema: {
          tags,
          summary: 'Create a monitor',
          body: monitorInputSchema,
          response: { 201: monitorSchema },
        },
      },
      async (request, reply) => reply.code(201).send(await createMonitor(context, request.body)),
    );

    api.get(
      '/monitors/:id',
      {
        schema: {
          tags,
          summary: 'One monitor with its collection',
          params: idParamsSchema,
          response: { 200: monitorSchema },
        },
      },
      async (request) => {
        const monitor = await getMonitorView(context, request.params.id);
        return canReadEnvironments(request.principal?.role) ? monitor : withMaskedEnvironment(monitor);
      },
    );

    api.put(
      '/monitors/:id',
      {
        schema: {
          tags,
          summary: 'Replace a monitor',
          params: idParamsSchema,
          body: monitorInputSchema,
          response: { 200: monitorSchema },
        },
      },
      async (request) => replaceMonitor(context, request.params.id, request.body),
    );

    api.patch(
      '/monitors/:id',
      {
        schema: {
          tags,
          summary: 'Change some fields of a monitor (the result is validated as a whole)',
          params: idParamsSchema,
          body: z.record(z.string(), z.unknown()),
          response: { 200: monitorSchema },
        },
      },
      async (request) => patchMonitor(context, request.params.id, request.body),
    );

    api.delete(
      '/monitors/:id',
      {
        schema: {
          tags,
          summary: 'Delete a monitor; its open incidents are resolved (reason "deleted")',
          params: idParamsSchema,
          response: { 204: z.undefined().describe('Deleted') },
        },
      },
      async (request, reply) => {
        await deleteMonitor(context, request.params.id);
        return reply.code(204).send();
      },
    );

    api.post(
      '/monitors/:id/pause',
      {
        schema: {
          tags,
          summary: 'Pause: no more runs; open incidents are resolved (reason "paused")',
          params: idParamsSchema,
          response: { 200: monitorSchema },
        },
      },
      async (request) => pauseMonitor(context, request.params.id),
    );

    api.post(
      '/monitors/:id/resume',
      {
        schema: {
          tags,
          summary: 'Resume a paused monitor',
          params: idParamsSchema,
          response: { 200: monitorSchema },
        },
      },
      async (request) => resumeMonitor(context, request.params.id),
    );

    api.post(
      '/monitors/:id/run',
      {
        schema: {
          tags,
          summary: 'Run now; the run is queued and its id returned at once',
          params: idParamsSchema,
          response: { 202: z.object({ runId: z.string() }) },
        },
      },
      async (request, reply) => reply.code(202).send(await runMonitorNow(context, request.params.id)),
    );

    api.get(
      '/monitors/:id/runs',
      {
        schema: {
          tags,
          summary: "A monitor's runs, newest first",
          params: idParamsSchema,
          querystring: paginationQuerySchema.extend({
            status: z
              .enum(['queued', 'running', 'success', 'failure', 'error', 'abort', 'overlap'])
              .optional(),
          }),
          response: { 200: listResponseSchema(runSummarySchema) },
        },
      },
      async (request) => {
        await getMonitorView(context, request.params.id); // 404 for an unknown monitor
        const { limit, cursor, status } = request.query;
        const page = await listRuns(context.store.db, request.params.id, {
          limit,
          ...(cursor ? { cursor } : {}),
          ...(status ? { status } : {}),
        });
        return toListResponse(page, limit);
      },
    );
  };
}

/** Environment values (the monitored API's credentials) are for editors and admins; viewers see them masked. */
function canReadEnvironments(role: Role | undefined): boolean {
  return role !== undefined && roleAllows(role, 'editor');
}

function withMaskedEnvironment<T extends { environment?: Record<string, unknown> | null }>(monitor: T): T {
  return monitor.environment === undefined
    ? monitor
    : { ...monitor, environment: maskEnvironmentValues(monitor.environment) };
}
