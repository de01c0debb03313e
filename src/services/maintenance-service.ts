import { z } from 'zod';
import { PagewatchError } from '../errors/pagewatch-error.js';
import { maintenanceWindowProblem, type MaintenanceWindow } from '../incidents/index.js';
import { checkCronExpression, checkTimeZone } from '../monitors/schedule-cron.js';
import {
  deleteMaintenanceWindow,
  insertMaintenanceWindow,
  listMaintenanceWindows,
  type StoredMaintenanceWindow,
} from '../store/repositories/maintenance-repository.js';
import { getMonitor } from '../store/repositories/monitor-repository.js';
import { newId } from '../util/ids.js';
import type { ServerContext } from './server-context.js';
import { validateInput } from './validate-input.js';

/**
 * A maintenance window: one-off (`startsAt`–`endsAt`) or recurring (`cron` start in `timezone`, lasting
 * `durationMinutes`), for one monitor (`monitorId`) or all (null). While one is active, alerts are suppressed.
 */
export const maintenanceWindowInputSchema = z
  .strictObject({
    name: z.string().trim().min(1, 'must not be empty').max(200),
    monitorId: z
      .string()
      .nullable()
      .optional()
      .describe('The monitor it covers; null or absent = every monitor'),
    startsAt: z.iso.datetime({ offset: true }).optional().describe('One-off window: ISO start'),
    endsAt: z.iso.datetime({ offset: true }).optional().describe('One-off window: ISO end'),
    cron: z.string().optional().describe('Recurring window: 5-field cron of each start'),
    timezone: z.string().optional().describe('Recurring window: IANA time zone, default UTC'),
    durationMinutes: z
      .int()
      .min(1)
      .max(7 * 24 * 60)
      .optional()
      .describe('Recurring window: length of each occurrence'),
  })
  .superRefine((input, context) => {
    const oneOff = input.startsAt !== undefined || input.endsAt !== undefined;
    const recurring = input.cron !== undefined || input.durationMinutes !== undefined;
    if (oneOff === recurring) {
      context.addIssue({
        code: 'custom',
        message: 'give either startsAt + endsAt (one-off) or cron + durationMinutes (recurring)',
        path: [],
      });
      return;
    }
    if (oneOff) {
      if (!input.startsAt)
        context.addIssue({ code: 'custom', message: 'required with endsAt', path: ['startsAt'] });
      if (!input.endsAt)
        context.addIssue({ code: 'custom', message: 'required with startsAt', path: ['endsAt'] });
      if (input.startsAt && input.endsAt && Date.parse(input.endsAt) <= Date.parse(input.startsAt)) {
        context.addIssue({ code: 'custom', message: 'must be after startsAt', path: ['endsAt'] });
      }
      return;
    }
    if (!input.cron)
      context.addIssue({ code: 'custom', message: 'required for a recurring window', path: ['cron'] });
    if (!input.durationMinutes)
      context.addIssue({ code: 'custom', message: 'required with cron', path: ['durationMinutes'] });
    const zoneProblem = input.timezone !== undefined ? checkTimeZone(input.timezone) : undefined;
    if (zoneProblem) context.addIssue({ code: 'custom', message: zoneProblem, path: ['timezone'] });
    const cronProblem =
      input.cron && !zoneProblem ? checkCronExpression(input.cron, input.timezone) : undefined;
    if (cronProblem) context.addIssue({ code: 'custom', message: cronProblem, path: ['cron'] });
  });

export async function createMaintenanceWindow(
  context: ServerContext,
  body: unknown,
): Promise<StoredMaintenanceWindow> {
  const input = validateInput(maintenanceWindowInputSchema, body, 'maintenance window');
  if (input.monitorId && !(await getMonitor(context.store.db, input.monitorId))) {
    throw new PagewatchError('PW_ERR_VALIDATION', `monitorId: no monitor ${input.monitorId}.`, [
      { path: 'monitorId', message: `no monitor ${input.monitorId}` },
    ]);
  }
  const scope = { monitorId: input.monitorId ?? null };
  const window: MaintenanceWindow =
    input.cron !== undefined
      ? {
          ...scope,
          cron: input.cron,
          timezone: input.timezone ?? null,
          durationMinutes: input.durationMinutes ?? 0,
        }
      : {
          ...scope,
          startsAt: new Date(input.startsAt ?? '').toISOString(),
          endsAt: new Date(input.endsAt ?? '').toISOString(),
        };
  const problem = maintenanceWindowProblem(window);
  if (problem)
    throw new PagewatchError('PW_ERR_VALIDATION', `Invalid maintenance window: ${problem}.`, [
      { message: problem },
    ]);
  const stored: StoredMaintenanceWindow = {
    ...window,
    id: newId('mw'),
    name: input.name,
    createdAt: new Date(context.clock.now()).toISOString(),
  };
  await insertMaintenanceWindow(context.store.db, stored);
  return stored;
}

export async function listWindows(context: ServerContext): Promise<StoredMaintenanceWindow[]> {
  return listMaintenanceWindows(context.store.db);
}

export async function removeMaintenanceWindow(context: ServerContext, id: string): Promise<void> {
  if (!(await deleteMaintenanceWindow(context.store.db, id))) {
    throw new PagewatchError('PW_ERR_NOT_FOUND', `No maintenance window ${id}.`, [
      { path: 'id', message: 'not found' },
    ]);
  }
}
