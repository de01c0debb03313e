import type { FieldErrors } from '../lib/field-errors';
import type { MonitorDraft, NumberOptionKey } from '../lib/monitor-draft';
import { FieldErrorText, FormField } from './form-field';

const NUMBER_OPTIONS: { key: NumberOptionKey; label: string; hint: string }[] = [
  { key: 'requestTimeoutMs', label: 'Request timeout (ms)', hint: '0 = none. Default 30000.' },
  {
    key: 'scriptTimeoutMs',
    label: 'Script timeout (ms)',
    hint: 'Per pre-request or test script. Default 5000.',
  },
  { key: 'delayRequestMs', label: 'Delay between requests (ms)', hint: 'Default 0.' },
  {
    key: 'retries',
    label: 'Retries',
    hint: 'Re-run a failed run up to 0–2 times before it counts. Default 0.',
  },
  {
    key: 'runTimeoutMs',
    label: 'Run timeout (ms)',
    hint: 'The whole run, then it is aborted. Default 600000.',
  },
];

/** The run options (timeouts, retries, redirects, TLS), folded away unless one of them has a problem. */
export function MonitorOptionsFields({
  draft,
  update,
  errors,
}: {
  draft: MonitorDraft;
  update: (change: Partial<MonitorDraft>) => void;
  errors: FieldErrors;
}) {
  const hasProblem = Object.keys(errors.byField).some((field) => field.startsWith('options'));
  return (
    <details className="disclosure-group" open={hasProblem || undefined}>
      <summary>Options</summary>
      <div className="field-grid">
        {NUMBER_OPTIONS.map(({ key, label, hint }) => (
          <FormField
            key={key}
            id={`option-${key}`}
            label={label}
            hint={hint}
            errors={errors.byField[`options.${key}`]}
          >
            {(control) => (
              <input
                {...control}
                type="number"
                inputMode="numeric"
                min={0}
                placeholder="default"
                value={draft.numbers[key]}
                onChange={(event) => update({ numbers: { ...draft.numbers, [key]: event.target.value } })}
              />
            )}
          </FormField>
        ))}
      </div>
      <div className="checkbox-row">
        <label>
          <input
            type="checkbox"
            checked={draft.followRedirects}
            onChange={(event) => update({ followRedirects: event.target.checked })}
          />{' '}
          Follow redirects
        </label>
        <label>
          <input
            type="checkbox"
            checked={draft.strictSSL}
            onChange={(event) => update({ strictSSL: event.target.checked })}
          />{' '}
          Verify TLS certificates
        </label>
      </div>
      {errors.byField.options ? <FieldErrorText id="options-error" errors={errors.byField.options} /> : null}
    </details>
  );
}
