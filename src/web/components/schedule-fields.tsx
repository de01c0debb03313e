import type { FieldErrors } from '../lib/field-errors';
import type { MonitorDraft } from '../lib/monitor-draft';
import { FieldErrorText, FormField } from './form-field';

const EVERY_SUGGESTIONS = ['30s', '1m', '5m', '15m', '30m', '1h', '6h', '24h'];

/** IANA zones the browser knows, for the time-zone suggestions. */
function timeZones(): string[] {
  try {
    return Intl.supportedValuesOf('timeZone');
  } catch {
    return ['UTC'];
  }
}

/** How often a monitor runs: every fixed interval, or on a cron expression in a time zone. */
export function ScheduleFields({
  draft,
  update,
  errors,
}: {
  draft: MonitorDraft;
  update: (change: Partial<MonitorDraft>) => void;
  errors: FieldErrors;
}) {
  const general = errors.byField.schedule;
  return (
    <fieldset className={`field-group${general ? ' field-invalid' : ''}`}>
      <legend>Schedule</legend>
      <div className="radio-row">
        <label>
          <input
            type="radio"
            name="schedule-kind"
            value="every"
            checked={draft.scheduleKind === 'every'}
            onChange={() => update({ scheduleKind: 'every' })}
          />{' '}
          Every fixed interval
        </label>
        <label>
          <input
            type="radio"
            name="schedule-kind"
            value="cron"
            checked={draft.scheduleKind === 'cron'}
            onChange={() => update({ scheduleKind: 'cron' })}
          />{' '}
          Cron expression
        </label>
      </div>
      {draft.scheduleKind === 'every' ? (
        <FormField
          id="schedule-every"
          label="Run every"
          hint="From 30s to 24h, e.g. 30s, 5m, 1h."
          errors={errors.byField['schedule.every']}
        >
          {(control) => (
            <>
              <input
                {...control}
                list="every-suggestions"
                value={draft.every}
                onChange={(event) => update({ every: event.target.value })}
              />
              <datalist id="every-suggestions">
                {EVERY_SUGGESTIONS.map((value) => (
                  <option key={value} value={value} />
                ))}
              </datalist>
            </>
          )}
        </FormField>
      ) : (
        <>
          <FormField
            id="schedule-cron"
            label="Cron expression"
            hint="Five fields: minute hour day-of-month month day-of-week, e.g. */5 * * * *."
            errors={errors.byField['schedule.cron']}
          >
            {(control) => (
              <input
                {...control}
                className="mono"
                value={draft.cron}
                onChange={(event) => update({ cron: event.target.value })}
              />
            )}
          </FormField>
          <FormField id="schedule-timezone" label="Time zone" errors={errors.byField['schedule.timezone']}>
            {(control) => (
              <>
                <input
                  {...control}
                  list="timezone-suggestions"
                  value={draft.timezone}
                  onChange={(event) => update({ timezone: event.target.value })}
                />
                <datalist id="timezone-suggestions">
                  {timeZones().map((zone) => (
                    <option key={zone} value={zone} />
                  ))}
                </datalist>
              </>
            )}
          </FormField>
        </>
      )}
      {general ? <FieldErrorText id="schedule-error" errors={general} /> : null}
    </fieldset>
  );
}
