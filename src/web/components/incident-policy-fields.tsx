import type { OnRecovery } from '../api/api-types';
import type { FieldErrors } from '../lib/field-errors';
import { formatInterval } from '../lib/format';
import type { IntegrationDraft } from '../lib/integration-draft';
import { FormField } from './form-field';

const REMINDERS = [0, 5, 15, 30, 60, 240].map((minutes) => minutes * 60_000);

const ON_RECOVERY: { value: OnRecovery; label: string }[] = [
  { value: 'resolve', label: 'Resolve the incident' },
  { value: 'acknowledge', label: 'Only acknowledge it (someone resolves by hand)' },
  { value: 'nothing', label: 'Do nothing' },
];

/** When to open and close incidents: thresholds, what recovery does, and reminders. */
export function IncidentPolicyFields({
  draft,
  update,
  errors,
}: {
  draft: IntegrationDraft;
  update: (change: Partial<IntegrationDraft>) => void;
  errors: FieldErrors;
}) {
  const reminderOptions = REMINDERS.includes(Number(draft.remindEveryMs || 0))
    ? REMINDERS
    : [...REMINDERS, Number(draft.remindEveryMs)];
  return (
    <fieldset className="field-group">
      <legend>Incident policy</legend>
      <div className="field-grid">
        <FormField
          id="policy-failure-threshold"
          label="Open after failed runs in a row"
          hint="1 pages at the first failure; 2 or 3 ride out a blip."
          errors={errors.byField['policy.failureThreshold']}
        >
          {(control) => (
            <input
              {...control}
              type="number"
              min={1}
              max={100}
              value={draft.failureThreshold}
              onChange={(event) => update({ failureThreshold: event.target.value })}
            />
          )}
        </FormField>
        <FormField
          id="policy-success-threshold"
          label="Recover after passing runs in a row"
          errors={errors.byField['policy.successThreshold']}
        >
          {(control) => (
            <input
              {...control}
              type="number"
              min={1}
              max={100}
              value={draft.successThreshold}
              onChange={(event) => update({ successThreshold: event.target.value })}
            />
          )}
        </FormField>
        <FormField id="policy-on-recovery" label="On recovery" errors={errors.byField['policy.onRecovery']}>
          {(control) => (
            <select
              {...control}
              value={draft.onRecovery}
              onChange={(event) => update({ onRecovery: event.target.value as OnRecovery })}
            >
              {ON_RECOVERY.map((option) => (
                <option key={option.value} value={option.value}>
                  {option.label}
                </option>
              ))}
            </select>
          )}
        </FormField>
        <FormField
          id="policy-reminder"
          label="Remind while open"
          hint="Re-sends the trigger (same incident) at this interval."
          errors={errors.byField['policy.remindEveryMs']}
        >
          {(control) => (
            <select
              {...control}
              value={draft.remindEveryMs || '0'}
              onChange={(event) =>
                update({ remindEveryMs: event.target.value === '0' ? '' : event.target.value })
              }
            >
              {reminderOptions.map((ms) => (
                <option key={ms} value={String(ms)}>
                  {ms === 0 ? 'Never' : `Every ${formatInterval(ms)}`}
                </option>
              ))}
            </select>
          )}
        </FormField>
      </div>
    </fieldset>
  );
}
