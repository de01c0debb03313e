import { z } from 'zod';
import type { Metrics } from '../../observability/metrics.js';
import type { ApiApp } from '../api-types.js';

export interface HealthReport {
  status: 'ok' | 'degraded';
  /** One entry per dependency, e.g. `{db: 'ok', dispatcher: 'stalled 5m'}`. */
  checks: Record<string, string>;
}

const healthSchema = z.object({
  status: z.enum(['ok', 'degraded']),
  checks: z.record(z.string(), z.string()),
});

/** `/healthz` (open; 503 when not ok) and `/metrics` (Prometheus text; the auth hook decides who may read it). */
export function registerOperationsRoutes(
  app: ApiApp,
  deps: { health: () => Promise<HealthReport>; metrics: Metrics; publicMetrics: boolean },
): void {
  app.get(
    '/healthz',
    {
      schema: {
        tags: ['operations'],
        summary: 'Liveness and dependencies; 503 when not ok',
        security: [],
        response: { 200: healthSchema, 503: healthSchema },
      },
    },
    async (request, reply) => {
      let report: HealthReport;
      try {
        report = await deps.health();
      } catch (error) {
        request.log.error({ err: error }, 'health check failed');
        report = { status: 'degraded', checks: { health: 'check failed' } };
      }
      return reply.code(report.status === 'ok' ? 200 : 503).send(report);
    },
  );

  app.get(
    '/metrics',
    {
      schema: {
        tags: ['operations'],
        summary: 'Prometheus metrics (series prefixed pagewatch_)',
        ...(deps.publicMetrics ? { security: [] } : {}),
      },
    },
    async (_request, reply) => {
      const text = await deps.metrics.registry.metrics();
      return reply.type(deps.metrics.registry.contentType).send(text);
    },
  );
}
