import { z } from 'zod';
import { DEFAULT_INCIDENT_POLICY } from '../incidents/incident-policy.js';
import {
  incidentPolicyInputSchema,
  integrationInputSchema,
} from '../integrations/integration-input-schema.js';
import { DEFAULT_PAGERDUTY_EVENTS_URL } from '../integrations/integration.js';
import {
  monitorInputSchema,
  monitorOptionsSchema,
  scheduleSchema,
} from '../monitors/monitor-input-schema.js';
import { DEFAULT_MONITOR_OPTIONS } from '../monitors/monitor.js';

/**
 * The config file of `pagewatch apply` and `pagewatch serve --config` (API.md, "Config file"). Built from the
 * API's own input schemas (names, schedules, options, PagerDuty/webhook fields, incident policy), so the file and
 * the API accept the same values; the file only differs where a file must: collections and environments are paths
 * (relative to the file), an integration's fields sit on the entry itself instead of under `config`, and monitors
 * are referenced by name. The JSON Schema at `schemas/pagewatch.schema.json` is generated from this.
 */

const filePath = (description: string) => z.string().trim().min(1, 'must not be empty').describe(description);

/** Adds `default` to the JSON Schema of each listed field (validation is unchanged: the API fills defaults). */
function documentDefaults<Shape extends z.ZodRawShape>(
  schema: z.ZodObject<Shape>,
  defaults: { [Key in keyof Shape]?: unknown },
): z.ZodObject<Shape> {
  const shape = Object.fromEntries(
    Object.entries(schema.shape).map(([key, field]) => [
      key,
      key in defaults ? (field as z.ZodType).meta({ default: defaults[key as keyof Shape] }) : field,
    ]),
  );
  return schema.extend(shape) as unknown as z.ZodObject<Shape>;
}

export const monitorEntrySchema = z
  .strictObject({
    name: monitorInputSchema.shape.name.describe('The identity of the monitor for apply: unique in the file'),
    collection: filePath('Path of a Postman Collection v2.0/v2.1 JSON file, relative to this file'),
    environment: filePath('Path of a Postman environment JSON file, relative to this file').optional(),
    iterationData: filePath(
      'Path of an iteration data file (a JSON array of objects, or CSV with a header row), relative to this file',
    ).optional(),
    schedule: scheduleSchema.meta({
      description: '{every: "30s".."24h"} or {cron: "*/5 * * * *", timezone: "Europe/Berlin"}',
      // What the refinements say, for editors: exactly one of "every" and "cron".
      oneOf: [{ required: ['every'] }, { required: ['cron'] }],
    }),
    options: documentDefaults(monitorOptionsSchema, DEFAULT_MONITOR_OPTIONS)
      .optional()
      .describe('How the collection is run; every field has a default'),
    enabled: z.boolean().default(true).describe('false = paused. Default true.'),
  })
  .describe('A monitor: a Postman collection run on a schedule');

const pagerDutyFields = integrationInputSchema.options[0].shape.config.shape;
const webhookFields = integrationInputSchema.options[1].shape.config.shape;

const integrationCommon = {
  name: integrationInputSchema.options[0].shape.name.describe(
    'The identity of the integration for apply: unique in the file',
  ),
  monitors: z
    .array(z.string().trim().min(1, 'must not be empty'))
    .default([])
    .describe('Names of the monitors it pages for (in this file, or already on the server)'),
  policy: documentDefaults(incidentPolicyInputSchema, DEFAULT_INCIDENT_POLICY)
    .optional()
    .describe('When to trigger and recover; every field has a default'),
};

export const pagerDutyEntrySchema = z
  .strictObject({
    type: z.literal('pagerduty'),
    integrationKey: pagerDutyFields.integrationKey
      .refine((key) => !key.startsWith('•'), {
        message: 'this is a masked key as the API shows it; put the real key here (e.g. ${PAGERDUTY_KEY})',
      })
      .describe('The 32-character Integration Key of a PagerDuty service integration; use ${VAR}'),
    severity: pagerDutyFields.severity.meta({ default: 'critical' }),
    eventsUrl: pagerDutyFields.eventsUrl.meta({ default: DEFAULT_PAGERDUTY_EVENTS_URL }),
    apiVersion: pagerDutyFields.apiVersion.meta({ default: 'v2' }),
    ...integrationCommon,
  })
  .describe('PagerDuty Events API integration');

export const webhookEntrySchema = z
  .strictObject({
    type: z.literal('webhook'),
    url: webhookFields.url.describe('http(s) URL the JSON events are POSTed to'),
    secret: webhookFields.secret,
    ...integrationCommon,
  })
  .describe('Generic webhook: a JSON POST per event, HMAC-SHA256 signed with a secret');

export const integrationEntrySchema = z.discriminatedUnion('type', [
  pagerDutyEntrySchema,
  webhookEntrySchema,
]);

export const configFileSchema = z
  .strictObject({
    monitors: z.array(monitorEntrySchema).default([]).describe('Monitors, by name'),
    integrations: z.array(integrationEntrySchema).default([]).describe('Integrations, by name'),
  })
  .meta({
    title: 'pagewatch config file',
    description:
      'Monitors and integrations for `pagewatch apply` and `pagewatch serve --config`. Names are the identity; ' +
      '${VAR} in a value is read from the environment.',
  });

export type ConfigFile = z.output<typeof configFileSchema>;
export type MonitorEntry = z.output<typeof monitorEntrySchema>;
export type IntegrationEntry = z.output<typeof integrationEntrySchema>;

/** Where the JSON Schema is published in the repository and by the API. */
export const CONFIG_SCHEMA_FILE = 'schemas/pagewatch.schema.json';
export const CONFIG_SCHEMA_ROUTE = '/schema/config.json';

/**
 * The JSON Schema (draft-07, which editors such as VS Code's YAML extension support best) of the config file,
 * generated from {@link configFileSchema}: the committed `schemas/pagewatch.schema.json` must equal it.
 */
export function configJsonSchema(): Record<string, unknown> {
  return z.toJSONSchema(configFileSchema, { target: 'draft-7', io: 'input', unrepresentable: 'any' });
}
