import type { Integration, IntegrationInput, IntegrationType, OnRecovery, Severity } from '../api/api-types';
import { hasErrors, NO_FIELD_ERRORS, withFieldError, type FieldErrors } from './field-errors';
import { integrationKeyProblem } from './integration-key';

/** PagerDuty's Events API; the sandbox (`pagewatch sandbox`) or the EU service go in "Advanced". */
export const DEFAULT_EVENTS_URL = 'https://events.pagerduty.com';

/** The add/edit form's state, as typed. */
export interface IntegrationDraft {
  type: IntegrationType;
  name: string;
  integrationKey: string;
  severity: Severity;
  /** Empty: {@link DEFAULT_EVENTS_URL}. */
  eventsUrl: string;
  apiVersion: 'v2' | 'v1';
  webhookUrl: string;
  webhookSecret: string;
  monitorIds: string[];
  failureThreshold: string;
  successThreshold: string;
  onRecovery: OnRecovery;
  /** Milliseconds as text; empty: no reminders. */
  remindEveryMs: string;
  /** Kept as it was (the form does not edit flapping). */
  flapping: { changes: number; windowMs: number } | null;
}

/** Paths the API reports problems at, for {@link assignErrorsToFields}. */
export const INTEGRATION_FIELDS = [
  'type',
  'name',
  'config',
  'config.integrationKey',
  'config.severity',
  'config.eventsUrl',
  'config.apiVersion',
  'config.url',
  'config.secret',
  'monitorIds',
  'policy',
  'policy.failureThreshold',
  'policy.successThreshold',
  'policy.onRecovery',
  'policy.remindEveryMs',
] as const;

export function emptyIntegrationDraft(type: IntegrationType): IntegrationDraft {
  return {
    type,
    name: '',
    integrationKey: '',
    severity: 'critical',
    eventsUrl: '',
    apiVersion: 'v2',
    webhookUrl: '',
    webhookSecret: '',
    monitorIds: [],
    failureThreshold: '1',
    successThreshold: '1',
    onRecovery: 'resolve',
    remindEveryMs: '',
    flapping: null,
  };
}

/** A stored integration as a draft; its key stays masked, which the API reads as "keep the stored key". */
export function draftFromIntegration(integration: Integration): IntegrationDraft {
  const draft: IntegrationDraft = {
    ...emptyIntegrationDraft(integration.type),
    name: integration.name,
    monitorIds: [...integration.monitorIds],
    failureThreshold: String(integration.policy.failureThreshold),
    successThreshold: String(integration.policy.successThreshold),
    onRecovery: integration.policy.onRecovery,
    remindEveryMs: integration.policy.remindEveryMs === null ? '' : String(integration.policy.remindEveryMs),
    flapping: integration.policy.flapping,
  };
  if (integration.type === 'pagerduty') {
    const { config } = integration;
    return {
      ...draft,
      integrationKey: config.integrationKey,
      severity: config.severity,
      eventsUrl: config.eventsUrl === DEFAULT_EVENTS_URL ? '' : config.eventsUrl,
      apiVersion: config.apiVersion,
    };
  }
  return { ...draft, webhookUrl: integration.config.url, webhookSecret: integration.config.secret ?? '' };
}

/** The draft as an API body, or what is wrong before sending (key form, whole numbers). */
export function draftToIntegrationInput(
  draft: IntegrationDraft,
): { input: IntegrationInput; errors: null } | { input: null; errors: FieldErrors } {
  let errors = NO_FIELD_ERRORS;
  const whole = (field: string, text: string): number => {
    const value = Number(text);
    if (!text.trim() || !Number.isInteger(value))
      errors = withFieldError(errors, field, 'Enter a whole number.');
    return value;
  };
  const failureThreshold = whole('policy.failureThreshold', draft.failureThreshold);
  const successThreshold = whole('policy.successThreshold', draft.successThreshold);
  if (draft.type === 'pagerduty') {
    const problem = integrationKeyProblem(draft.integrationKey);
    if (problem) errors = withFieldError(errors, 'config.integrationKey', problem);
  }
  if (hasErrors(errors)) return { input: null, errors };
  const policy = {
    failureThreshold,
    successThreshold,
    onRecovery: draft.onRecovery,
    remindEveryMs: draft.remindEveryMs ? Number(draft.remindEveryMs) : null,
    flapping: draft.flapping,
  };
  const common = { name: draft.name, monitorIds: draft.monitorIds, policy };
  if (draft.type === 'webhook') {
    return {
      input: {
        ...common,
        type: 'webhook',
        config: {
          url: draft.webhookUrl.trim(),
          ...(draft.webhookSecret ? { secret: draft.webhookSecret } : {}),
        },
      },
      errors: null,
    };
  }
  return {
    input: {
      ...common,
      type: 'pagerduty',
      config: {
        integrationKey: draft.integrationKey,
        severity: draft.severity,
        apiVersion: draft.apiVersion,
        ...(draft.eventsUrl.trim() ? { eventsUrl: draft.eventsUrl.trim() } : {}),
      },
    },
    errors: null,
  };
}
