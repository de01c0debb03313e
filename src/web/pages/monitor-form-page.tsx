import { useEffect, useRef, useState, type FormEvent } from 'react';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { ApiError, describeError } from '../api/api-error';
import type { Monitor } from '../api/api-types';
import { monitorsApi } from '../api/monitors-api';
import { ErrorNotice, FormErrors } from '../components/error-notice';
import { FormField } from '../components/form-field';
import { JsonSourceField } from '../components/json-source-field';
import { MonitorOptionsFields } from '../components/monitor-options-fields';
import { ScheduleFields } from '../components/schedule-fields';
import { useApiData } from '../hooks/use-api-data';
import { useDocumentTitle } from '../hooks/use-document-title';
import { assignErrorsToFields, NO_FIELD_ERRORS, type FieldErrors } from '../lib/field-errors';
import {
  draftFromMonitor,
  draftToInput,
  emptyDraft,
  MONITOR_FIELDS,
  type MonitorDraft,
} from '../lib/monitor-draft';

/** Create a monitor (`/monitors/new`) or edit one (`/monitors/:id/edit`). */
export function MonitorFormPage() {
  const { id } = useParams();
  const existing = useApiData(`monitor-edit:${id ?? 'new'}`, (signal) =>
    id ? monitorsApi.get(id, signal) : Promise.resolve(null),
  );
  useDocumentTitle(id ? 'Edit monitor' : 'New monitor');
  if (existing.error) return <ErrorNotice error={existing.error} title="Could not load the monitor" />;
  if (existing.data === undefined) return <p role="status">Loading…</p>;
  return <MonitorForm key={id ?? 'new'} existing={existing.data} />;
}

function MonitorForm({ existing }: { existing: Monitor | null }) {
  const navigate = useNavigate();
  const formRef = useRef<HTMLFormElement>(null);
  const [draft, setDraft] = useState<MonitorDraft>(() =>
    existing ? draftFromMonitor(existing) : emptyDraft(),
  );
  const [errors, setErrors] = useState<FieldErrors>(NO_FIELD_ERRORS);
  const [busy, setBusy] = useState(false);
  const [attempt, setAttempt] = useState(0);
  const update = (change: Partial<MonitorDraft>): void =>
    setDraft((previous) => ({ ...previous, ...change }));

  // After a refused submit, take the keyboard to the first field with a problem.
  useEffect(() => {
    if (attempt === 0) return;
    formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
  }, [attempt]);

  const submit = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    const built = draftToInput(draft, existing?.iterationData ?? null);
    if (built.errors) {
      setErrors(built.errors);
      setAttempt((count) => count + 1);
      return;
    }
    setBusy(true);
    setErrors(NO_FIELD_ERRORS);
    try {
      const saved = existing
        ? await monitorsApi.replace(existing.id, built.input)
        : await monitorsApi.create(built.input);
      navigate(`/monitors/${saved.id}`);
    } catch (failure) {
      const fieldErrors =
        failure instanceof ApiError
          ? assignErrorsToFields(failure.details, MONITOR_FIELDS, failure.message)
          : { byField: {}, general: [describeError(failure)] };
      setErrors(fieldErrors);
      setAttempt((count) => count + 1);
    } finally {
      setBusy(false);
    }
  };

  const hasFieldErrors = Object.keys(errors.byField).length > 0;
  return (
    <section>
      <nav aria-label="Breadcrumb" className="breadcrumb">
        <Link to="/monitors">Monitors</Link> <span aria-hidden="true">›</span>{' '}
        {existing ? <Link to={`/monitors/${existing.id}`}>{existing.name}</Link> : null}
      </nav>
      <h1>{existing ? `Edit ${existing.name}` : 'New monitor'}</h1>
      <form ref={formRef} onSubmit={submit} noValidate className="stacked-form">
        {hasFieldErrors ? (
          <p className="notice notice-error" role="alert">
            The monitor was not saved: see the fields marked below.
          </p>
        ) : null}
        <FormErrors messages={errors.general} />
        <FormField id="monitor-name" label="Name" errors={errors.byField.name}>
          {(control) => (
            <input
              {...control}
              value={draft.name}
              onChange={(event) => update({ name: event.target.value })}
            />
          )}
        </FormField>
        <JsonSourceField
          id="monitor-collection"
          legend="Postman collection"
          required
          hint="In Postman: ⋯ next to the collection → Export → Collection v2.1. Its tests (pm.test) are the checks."
          value={draft.collectionText}
          onChange={(collectionText) => update({ collectionText })}
          errors={errors.byField.collection}
        />
        <JsonSourceField
          id="monitor-environment"
          legend="Postman environment"
          hint="Variables for {{placeholders}} in the collection: Environments → ⋯ → Export."
          value={draft.environmentText}
          onChange={(environmentText) => update({ environmentText })}
          errors={errors.byField.environment}
        />
        <ScheduleFields draft={draft} update={update} errors={errors} />
        <MonitorOptionsFields draft={draft} update={update} errors={errors} />
        <div className="checkbox-row">
          <label>
            <input
              type="checkbox"
              checked={draft.enabled}
              onChange={(event) => update({ enabled: event.target.checked })}
            />{' '}
            Active: run on the schedule (untick to save it paused)
          </label>
        </div>
        <div className="button-row">
          <button type="submit" className="button-primary" disabled={busy}>
            {busy ? 'Saving…' : existing ? 'Save changes' : 'Create monitor'}
          </button>
          <Link className="button" to={existing ? `/monitors/${existing.id}` : '/monitors'}>
            Cancel
          </Link>
        </div>
      </form>
    </section>
  );
}
