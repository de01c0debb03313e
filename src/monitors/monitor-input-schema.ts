import { z } from 'zod';
import { PagewatchError } from '../errors/pagewatch-error.js';
import { checkCollection } from '../runner/check-collection.js';
import { toVariableScopeJson } from '../runner/load-variables.js';
import { DEFAULT_MONITOR_OPTIONS } from './monitor.js';
import { parseSchedule } from './schedule.js';

/**
 * The one definition of a valid monitor, shared by the REST API (validation and OpenAPI), `pagewatch apply` and
 * the dashboard's error messages. Problems are reported all at once, each with its path (`schedule.cron`,
 * `collection.item[2].request`, `options.retries`).
 */
const jsonObject = z.record(z.string(), z.unknown());

export const monitorOptionsSchema = z
  .strictObject({
    requestTimeoutMs: z
      .int()
      .min(0)
      .max(300_000)
      .describe('Per-request timeout in ms, 0 = none. Default 30000.'),
    scriptTimeoutMs: z.int().min(0).max(60_000).describe('Per-script timeout in ms. Default 5000.'),
    delayRequestMs: z.int().min(0).max(60_000).describe('Pause between requests in ms. Default 0.'),
    followRedirects: z.boolean().describe('Follow redirects. Default true.'),
    strictSSL: z.boolean().describe('Verify TLS certificates. Default true.'),
    retries: z
      .int()
      .min(0)
      .max(2)
      .describe('Re-run a failed run up to this many times before it counts. Default 0.'),
    runTimeoutMs: z
      .int()
      .min(1_000)
      .max(3_600_000)
      .describe('Whole-run cap in ms, then "abort". Default 600000.'),
  })
  .partial();

export const scheduleSchema = z
  .strictObject({
    every: z.string().optional().describe('30s … 24h, e.g. "1m", "15m", "1h"'),
    cron: z.string().optional().describe('5-field cron, e.g. "*/5 * * * *"'),
    timezone: z.string().optional().describe('IANA time zone of a cron schedule, default UTC'),
  })
  .refine((schedule) => (schedule.every === undefined) !== (schedule.cron === undefined), {
    message: 'give either "every" (e.g. "1m") or "cron" (with an optional "timezone"), not both or neither',
  })
  .refine((schedule) => schedule.timezone === undefined || schedule.cron !== undefined, {
    message: '"timezone" applies to "cron" schedules only',
    path: ['timezone'],
  });

export const monitorInputSchema = z
  .strictObject({
    name: z.string().trim().min(1, 'must not be empty').max(200),
    collection: jsonObject.describe('Postman Collection v2.0/v2.1 JSON'),
    environment: jsonObject.nullable().optional().describe('Postman environment JSON'),
    iterationData: z.array(jsonObject).nullable().optional().describe('Iteration data rows'),
    schedule: scheduleSchema,
    options: monitorOptionsSchema.optional(),
    enabled: z.boolean().optional().describe('Default true'),
  })
  .superRefine((input, context) => {
    reportProblems(context, () => checkCollection(input.collection, 'collection'), 'collection');
    if (input.environment) {
      reportProblems(
        context,
        () => toVariableScopeJson(input.environment, 'environment', 'environment'),
        'environment',
      );
    }
    reportProblems(context, () => parseSchedule(input.schedule, 'schedule'), '');
  });

export type ValidMonitorInput = z.output<typeof monitorInputSchema>;

/** Turns a thrown PagewatchError's details into issues at `prefix.<detail path>`. */
function reportProblems(context: z.RefinementCtx, check: () => unknown, prefix: string): void {
  try {
    check();
  } catch (error) {
    if (!(error instanceof PagewatchError)) throw error;
    const details = error.details.length ? error.details : [{ message: error.message }];
    for (const detail of details) {
      const path = [prefix, detail.path && detail.path !== '$' ? detail.path : ''].filter(Boolean).join('.');
      context.addIssue({ code: 'custom', message: detail.message, path: path ? splitPath(path) : [] });
    }
  }
}

/** `collection.item[2].request` → ['collection', 'item', 2, 'request'] so the API reports the same path. */
function splitPath(path: string): (string | number)[] {
  return path
    .replace(/\[(\d+)\]/g, '.$1')
    .split('.')
    .filter(Boolean)
    .map((part) => (/^\d+$/.test(part) ? Number(part) : part));
}

/** Options with every default filled in. */
export function withDefaultOptions(options: ValidMonitorInput['options']): typeof DEFAULT_MONITOR_OPTIONS {
  return { ...DEFAULT_MONITOR_OPTIONS, ...options };
}
