import { z } from 'zod';
import { monitorOptionsSchema, scheduleSchema } from '../../monitors/monitor-input-schema.js';

/**
 * Response shapes of the resources in API.md, for serialization and the OpenAPI document. Request bodies use the
 * domain input schemas (monitorInputSchema, integrationInputSchema) directly, so the API and `apply` validate alike.
 */
const jsonObject = z.record(z.string(), z.unknown());

const lastRunSchema = z
  .object({ id: z.string(), status: z.string(), finishedAt: z.string().nullable() })
  .nullable()
  .describe('The last finished run');

const monitorFields = {
  id: z.string().describe('mon_…'),
  name: z.string(),
  schedule: scheduleSchema,
  options: monitorOptionsSchema.required(),
  enabled: z.boolean(),
  status: z.enum(['up', 'down', 'unknown', 'paused']),
  lastRun: lastRunSchema,
  nextRunAt: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
};

export const monitorSchema = z
  .object({
    ...monitorFields,
    collection: jsonObject,
    environment: jsonObject.nullable(),
    iterationData: z.array(jsonObject).nullable(),
  })
  .meta({ id: 'Monitor' });

const monitorStatsSchema = z
  .object({
    uptime24h: z
      .number()
      .nullable()
      .describe('Share (0…1) of the finished runs of the last 24 h that passed; null when none'),
    uptime7d: z.number().nullable().describe('The same over the last 7 days'),
    runs24h: z.number().describe('Finished runs in the last 24 h'),
    runs7d: z.number().describe('Finished runs in the last 7 days'),
    durations: z
      .array(z.number().nullable())
      .describe(
        'Average run duration (ms) per hour over the last 24 hours, oldest first; null for hours without runs',
      ),
  })
  .meta({ id: 'MonitorStats' });

export const monitorListItemSchema = z
  .object({
    ...monitorFields,
    collection: jsonObject.optional().describe('Only with ?include=collection'),
    environment: jsonObject.nullable().optional(),
    iterationData: z.array(jsonObject).nullable().optional(),
    stats: monitorStatsSchema.optional().describe('Only with ?include=stats'),
  })
  .meta({ id: 'MonitorListItem' });

const counter = z.object({ total: z.number(), failed: z.number() });

const runFields = {
  id: z.string().describe('run_…'),
  monitorId: z.string(),
  region: z.string(),
  trigger: z.enum(['schedule', 'manual', 'retry']),
  scheduledAt: z.string(),
  attempt: z.number(),
  status: z.enum(['queued', 'running', 'success', 'failure', 'error', 'abort', 'overlap']),
  startedAt: z.string().nullable(),
  finishedAt: z.string().nullable(),
  durationMs: z.number().nullable(),
  stats: z.object({ requests: counter, assertions: counter }),
  error: z.string().optional(),
  warnings: z.array(z.string()).optional(),
};

export const runSummarySchema = z.object(runFields).meta({ id: 'RunSummary' });

export const runSchema = z
  .object({
    ...runFields,
    executions: z.array(
      z.object({
        name: z.string(),
        method: z.string(),
        url: z.string(),
        status: z.number().optional(),
        responseTimeMs: z.number().optional(),
        responseSize: z.number().optional(),
        iteration: z.number(),
        assertions: z.array(
          z.object({ name: z.string(), passed: z.boolean(), error: z.string().optional() }),
        ),
        error: z.string().optional(),
      }),
    ),
    console: z.array(z.object({ level: z.string(), message: z.string() })).optional(),
  })
  .meta({ id: 'Run' });

export const integrationSchema = z
  .object({
    id: z.string().describe('int_…'),
    type: z.enum(['pagerduty', 'webhook']),
    name: z.string(),
    config: z.union([
      z.object({
        integrationKey: z.string().describe('Masked: ••••1a2b'),
        severity: z.enum(['critical', 'error', 'warning', 'info']),
        eventsUrl: z.string(),
        apiVersion: z.enum(['v2', 'v1']),
      }),
      z.object({ url: z.string(), secret: z.string().optional().describe('Masked') }),
    ]),
    policy: z.object({
      failureThreshold: z.number(),
      successThreshold: z.number(),
      onRecovery: z.enum(['resolve', 'acknowledge', 'nothing']),
      remindEveryMs: z.number().nullable(),
      flapping: z.object({ changes: z.number(), windowMs: z.number() }).nullable(),
    }),
    monitorIds: z.array(z.string()),
    lastDelivery: z
      .object({ status: z.string(), at: z.string(), lastError: z.string().nullable() })
      .nullable(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: 'Integration' });

export const incidentSchema = z
  .object({
    id: z.string().describe('inc_…'),
    monitorId: z.string(),
    integrationId: z.string(),
    region: z.string(),
    dedupKey: z.string(),
    status: z.enum(['triggered', 'acknowledged', 'resolved']),
    summary: z.string(),
    openedAt: z.string(),
    acknowledgedAt: z.string().nullable(),
    resolvedAt: z.string().nullable(),
    resolveReason: z
      .enum(['recovered', 'paused', 'deleted', 'manual', 'maintenance', 'reconciled'])
      .nullable(),
  })
  .meta({ id: 'Incident' });

export const deliverySchema = z
  .object({
    id: z.string().describe('dlv_…'),
    incidentId: z.string().nullable(),
    integrationId: z.string(),
    monitorId: z.string().nullable(),
    dedupKey: z.string(),
    action: z.enum(['trigger', 'acknowledge', 'resolve', 'test', 'change']),
    status: z.enum(['pending', 'sent', 'failed']),
    attempts: z.number(),
    nextAttemptAt: z.string(),
    lastError: z.string().nullable(),
    createdAt: z.string(),
    sentAt: z.string().nullable(),
  })
  .meta({ id: 'Delivery' });

export const idParamsSchema = z.object({ id: z.string().min(1).max(100) });
