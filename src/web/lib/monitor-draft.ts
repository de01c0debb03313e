import type { Monitor, MonitorInput, MonitorOptions, Schedule } from '../api/api-types';
import { NO_FIELD_ERRORS, withFieldError, hasErrors, type FieldErrors } from './field-errors';
import { parseJsonObject, toJsonText } from './json-text';

/** Number options as typed (text), so an empty box means "the default". */
export type NumberOptionKey =
  'requestTimeoutMs' | 'scriptTimeoutMs' | 'delayRequestMs' | 'retries' | 'runTimeoutMs';

/** The create/edit form's state: what the user typed, before it is a {@link MonitorInput}. */
export interface MonitorDraft {
  name: string;
  collectionText: string;
  environmentText: string;
  scheduleKind: 'every' | 'cron';
  every: string;
  cron: string;
  timezone: string;
  numbers: Record<NumberOptionKey, string>;
  followRedirects: boolean;
  strictSSL: boolean;
  enabled: boolean;
}

/** The fields the API reports errors for (paths of `error.details`), for {@link assignErrorsToFields}. */
export const MONITOR_FIELDS = [
  'name',
  'collection',
  'environment',
  'iterationData',
  'schedule',
  'schedule.every',
  'schedule.cron',
  'schedule.timezone',
  'options',
  'options.requestTimeoutMs',
  'options.scriptTimeoutMs',
  'options.delayRequestMs',
  'options.retries',
  'options.runTimeoutMs',
  'options.followRedirects',
  'options.strictSSL',
  'enabled',
] as const;

export function emptyDraft(): MonitorDraft {
  return {
    name: '',
    collectionText: '',
    environmentText: '',
    scheduleKind: 'every',
    every: '5m',
    cron: '*/5 * * * *',
    timezone: 'UTC',
    numbers: { requestTimeoutMs: '', scriptTimeoutMs: '', delayRequestMs: '', retries: '', runTimeoutMs: '' },
    followRedirects: true,
    strictSSL: true,
    enabled: true,
  };
}

/** A stored monitor as a draft, for editing. */
export function draftFromMonitor(monitor: Monitor): MonitorDraft {
  const base = emptyDraft();
  const schedule = monitor.schedule;
  const options: Partial<MonitorOptions> = monitor.options;
  const number = (value: number | undefined): string => (value === undefined ? '' : String(value));
  return {
    ...base,
    name: monitor.name,
    collectionText: toJsonText(monitor.collection),
    environmentText: toJsonText(monitor.environment),
    scheduleKind: 'every' in schedule ? 'every' : 'cron',
    every: 'every' in schedule ? schedule.every : base.every,
    cron: 'cron' in schedule ? schedule.cron : base.cron,
    timezone: 'cron' in schedule ? (schedule.timezone ?? 'UTC') : base.timezone,
    numbers: {
      requestTimeoutMs: number(options.requestTimeoutMs),
      scriptTimeoutMs: number(options.scriptTimeoutMs),
      delayRequestMs: number(options.delayRequestMs),
      retries: number(options.retries),
      runTimeoutMs: number(options.runTimeoutMs),
    },
    followRedirects: options.followRedirects ?? true,
    strictSSL: options.strictSSL ?? true,
    enabled: monitor.enabled,
  };
}

/**
 * The draft as an API body, or the problems found before sending it (JSON that does not parse, numbers that are
 * not numbers). Everything else (collection shape, schedule, ranges) is the API's to judge.
 */
export function draftToInput(
  draft: MonitorDraft,
  iterationData: MonitorInput['iterationData'] = null,
): { input: MonitorInput; errors: null } | { input: null; errors: FieldErrors } {
  let errors = NO_FIELD_ERRORS;
  let collection: Record<string, unknown> = {};
  if (!draft.collectionText.trim()) {
    errors = withFieldError(errors, 'collection', 'Upload a Postman collection file or paste its JSON.');
  } else {
    const parsed = parseJsonObject(draft.collectionText);
    if (parsed.ok) collection = parsed.value;
    else errors = withFieldError(errors, 'collection', parsed.problem);
  }
  let environment: Record<string, unknown> | null = null;
  if (draft.environmentText.trim()) {
    const parsed = parseJsonObject(draft.environmentText);
    if (parsed.ok) environment = parsed.value;
    else errors = withFieldError(errors, 'environment', parsed.problem);
  }
  const options: Partial<MonitorOptions> = {
    followRedirects: draft.followRedirects,
    strictSSL: draft.strictSSL,
  };
  for (const [key, text] of Object.entries(draft.numbers) as [NumberOptionKey, string][]) {
    if (!text.trim()) continue;
    const value = Number(text);
    if (Number.isInteger(value)) options[key] = value;
    else errors = withFieldError(errors, `options.${key}`, 'Enter a whole number.');
  }
  if (hasErrors(errors)) return { input: null, errors };
  const schedule: Schedule =
    draft.scheduleKind === 'every'
      ? { every: draft.every.trim() }
      : { cron: draft.cron.trim(), ...(draft.timezone.trim() ? { timezone: draft.timezone.trim() } : {}) };
  return {
    input: {
      name: draft.name,
      collection,
      environment,
      iterationData,
      schedule,
      options,
      enabled: draft.enabled,
    },
    errors: null,
  };
}
