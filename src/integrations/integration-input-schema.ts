import { z } from 'zod';
import { validateIntegrationKey } from '../notifiers/pagerduty/index.js';
import { DEFAULT_PAGERDUTY_EVENTS_URL } from './integration.js';

/**
 * The one definition of a valid integration (REST API, `pagewatch apply`, dashboard). A masked key (as read back,
 * starting with "•") means "keep the stored key" on update.
 */
const httpUrl = z.url({ protocol: /^https?$/, message: 'must be an http(s) URL' });

export const incidentPolicyInputSchema = z
  .strictObject({
    failureThreshold: z
      .int()
      .min(1)
      .max(100)
      .describe('Consecutive failed runs before triggering. Default 1.'),
    successThreshold: z
      .int()
      .min(1)
      .max(100)
      .describe('Consecutive passing runs before recovering. Default 1.'),
    onRecovery: z.enum(['resolve', 'acknowledge', 'nothing']).describe('Default "resolve".'),
    remindEveryMs: z
      .int()
      .min(60_000, 'must be at least 60000 (1 minute)')
      .nullable()
      .describe('Re-send the trigger this often while open; null = never (default).'),
    flapping: z
      .strictObject({
        changes: z.int().min(2).max(100).describe('State changes …'),
        windowMs: z.int().min(60_000).max(86_400_000).describe('… within this window mean flapping.'),
      })
      .nullable()
      .describe('Hold one incident open while the monitor flaps; null = off (default).'),
  })
  .partial();

const pagerDutyConfigSchema = z.strictObject({
  integrationKey: z.string().superRefine((key, context) => {
    if (key.startsWith('•')) return; // masked: keep the stored key
    const problem = validateIntegrationKey(key, 'integrationKey');
    if (problem) context.addIssue({ code: 'custom', message: problem.message });
  }),
  severity: z.enum(['critical', 'error', 'warning', 'info']).optional().describe('Default "critical".'),
  eventsUrl: httpUrl
    .optional()
    .describe(`Default ${DEFAULT_PAGERDUTY_EVENTS_URL} (EU: https://events.eu.pagerduty.com)`),
  apiVersion: z.enum(['v2', 'v1']).optional().describe('Default "v2".'),
});

const webhookConfigSchema = z.strictObject({
  url: httpUrl,
  secret: z
    .string()
    // A masked secret (as read back, starting with "•") keeps the stored one.
    .refine((secret) => secret.startsWith('•') || secret.length >= 16, 'must be at least 16 characters')
    .optional()
    .describe('HMAC-SHA256 signing secret (a masked value keeps the stored one)'),
});

const common = {
  name: z.string().trim().min(1, 'must not be empty').max(200),
  policy: incidentPolicyInputSchema.optional(),
  monitorIds: z.array(z.string().min(1)).default([]).describe('Monitors this integration pages for'),
};

export const integrationInputSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('pagerduty'), config: pagerDutyConfigSchema, ...common }),
  z.strictObject({ type: z.literal('webhook'), config: webhookConfigSchema, ...common }),
]);

export type ValidIntegrationInput = z.output<typeof integrationInputSchema>;
