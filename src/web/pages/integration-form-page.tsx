import { useEffect, useRef, useState, type FormEvent } from 'react';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { ApiError, describeError } from '../api/api-error';
import type { Integration, IntegrationType, Severity } from '../api/api-types';
import { integrationsApi } from '../api/integrations-api';
import { ErrorNotice, FormErrors } from '../components/error-notice';
import { FormField } from '../components/form-field';
import { IncidentPolicyFields } from '../components/incident-policy-fields';
import { MonitorPicker } from '../components/monitor-picker';
import { PagerDutyKeyHelp } from '../components/pagerduty-key-help';
import { NotFoundPage } from './not-found-page';
import { useApiData } from '../hooks/use-api-data';
import { useDocumentTitle } from '../hooks/use-document-title';
import { assignErrorsToFields, NO_FIELD_ERRORS, type FieldErrors } from '../lib/field-errors';
import {
  DEFAULT_EVENTS_URL,
  draftFromIntegration,
  draftToIntegrationInput,
  emptyIntegrationDraft,
  INTEGRATION_FIELDS,
  type IntegrationDraft,
} from '../lib/integration-draft';
import { integrationKeyProblem } from '../lib/integration-key';

const TYPE_NAMES: Record<IntegrationType, string> = { pagerduty: 'PagerDuty', webhook: 'Webhook' };
const SEVERITIES: Severity[] = ['critical', 'error', 'warning', 'info'];

/** Add (`/integrations/new/pagerduty`) or edit (`/integrations/:id/edit`) an integration. */
export function IntegrationFormPage() {
  const { id, type } = useParams();
  const existing = useApiData(`integration-edit:${id ?? 'new'}`, (signal) =>
    id ? integrationsApi.get(id, signal) : Promise.resolve(null),
  );
  useDocumentTitle(id ? 'Edit integration' : 'Add integration');
  if (!id && type !== 'pagerduty' && type !== 'webhook') return <NotFoundPage />;
  if (existing.error) return <ErrorNotice error={existing.error} title="Could not load the integration" />;
  if (existing.data === undefined) return <p role="status">Loading…</p>;
  return (
    <IntegrationForm
      key={id ?? type}
      existing={existing.data}
      type={existing.data?.type ?? (type as IntegrationType)}
    />
  );
}

function IntegrationForm({ existing, type }: { existing: Integration | null; type: IntegrationType }) {
  const navigate = useNavigate();
  const formRef = useRef<HTMLFormElement>(null);
  const [draft, setDraft] = useState<IntegrationDraft>(() =>
    existing ? draftFromIntegration(existing) : emptyIntegrationDraft(type),
  );
  const [errors, setErrors] = useState<FieldErrors>(NO_FIELD_ERRORS);
  const [submitted, setSubmitted] = useState(false);
  const [busy, setBusy] = useState(false);
  const [attempt, setAttempt] = useState(0);
  const update = (change: Partial<IntegrationDraft>): void =>
    setDraft((previous) => ({ ...previous, ...change }));

  useEffect(() => {
    if (attempt > 0) formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
  }, [attempt]);

  // After a first submit the key is re-checked as the user types, so the message goes away once it is right.
  // (Not on blur: a message appearing then moves the form under the pointer mid-click.)
  const keyProblem = submitted ? integrationKeyProblem(draft.integrationKey) : null;
  const keyErrors = keyProblem ? [keyProblem] : errors.byField['config.integrationKey'];
  const advancedHasErrors = Boolean(
    errors.byField['config.eventsUrl'] ?? errors.byField['config.apiVersion'],
  );

  const submit = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    setSubmitted(true);
    const built = draftToIntegrationInput(draft);
    if (built.errors) {
      // The key's own message is the live check above; keep only the other fields' problems here.
      const { 'config.integrationKey': _key, ...others } = built.errors.byField;
      setErrors({ ...built.errors, byField: others });
      setAttempt((count) => count + 1);
      return;
    }
    setBusy(true);
    setErrors(NO_FIELD_ERRORS);
    try {
      if (existing) await integrationsApi.replace(existing.id, built.input);
      else await integrationsApi.create(built.input);
      navigate('/integrations');
    } catch (failure) {
      setErrors(
        failure instanceof ApiError
          ? assignErrorsToFields(failure.details, INTEGRATION_FIELDS, failure.message)
          : { byField: {}, general: [describeError(failure)] },
      );
      setAttempt((count) => count + 1);
    } finally {
      setBusy(false);
    }
  };

  const title = existing ? `Edit ${existing.name}` : `Add a ${TYPE_NAMES[type]} integration`;
  return (
    <section>
      <nav aria-label="Breadcrumb" className="breadcrumb">
        <Link to="/integrations">Integrations</Link> <span aria-hidden="true">›</span>
      </nav>
      <h1>{title}</h1>
      <form ref={formRef} onSubmit={submit} noValidate className="stacked-form">
        {Object.keys(errors.byField).length || keyErrors ? (
          <p className="notice notice-error" role="alert">
            The integration was not saved: see the fields marked below.
          </p>
        ) : null}
        <FormErrors messages={errors.general} />
        <FormField
          id="integration-name"
          label="Name"
          hint="e.g. Payments on-call"
          errors={errors.byField.name}
        >
          {(control) => (
            <input
              {...control}
              value={draft.name}
              onChange={(event) => update({ name: event.target.value })}
            />
          )}
        </FormField>

        {type === 'pagerduty' ? (
          <>
            <FormField
              id="integration-key"
              label="Integration Key"
              hint={
                existing
                  ? 'Leave the masked key to keep the stored one, or paste a new key.'
                  : '32 letters and digits, from the PagerDuty service’s Events API v2 integration.'
              }
              errors={keyErrors}
            >
              {(control) => (
                <input
                  {...control}
                  className="mono"
                  autoComplete="off"
                  spellCheck={false}
                  value={draft.integrationKey}
                  onChange={(event) => update({ integrationKey: event.target.value })}
                />
              )}
            </FormField>
            <PagerDutyKeyHelp open={!existing} />
          </>
        ) : (
          <>
            <FormField id="webhook-url" label="Webhook URL" errors={errors.byField['config.url']}>
              {(control) => (
                <input
                  {...control}
                  type="url"
                  value={draft.webhookUrl}
                  onChange={(event) => update({ webhookUrl: event.target.value })}
                />
              )}
            </FormField>
            <FormField
              id="webhook-secret"
              label="Signing secret (optional)"
              hint="At least 16 characters; requests then carry an HMAC-SHA256 signature."
              errors={errors.byField['config.secret']}
            >
              {(control) => (
                <input
                  {...control}
                  autoComplete="off"
                  value={draft.webhookSecret}
                  onChange={(event) => update({ webhookSecret: event.target.value })}
                />
              )}
            </FormField>
          </>
        )}

        <MonitorPicker
          selected={draft.monitorIds}
          onChange={(monitorIds) => update({ monitorIds })}
          errors={errors.byField.monitorIds}
        />

        {type === 'pagerduty' ? (
          <FormField id="integration-severity" label="Severity" errors={errors.byField['config.severity']}>
            {(control) => (
              <select
                {...control}
                value={draft.severity}
                onChange={(event) => update({ severity: event.target.value as Severity })}
              >
                {SEVERITIES.map((severity) => (
                  <option key={severity} value={severity}>
                    {severity}
                  </option>
                ))}
              </select>
            )}
          </FormField>
        ) : null}

        <IncidentPolicyFields draft={draft} update={update} errors={errors} />

        {type === 'pagerduty' ? (
          <details
            className="disclosure-group"
            open={advancedHasErrors || Boolean(draft.eventsUrl) || undefined}
          >
            <summary>Advanced</summary>
            <FormField
              id="integration-events-url"
              label="Events URL"
              hint={`Default ${DEFAULT_EVENTS_URL}. EU accounts: https://events.eu.pagerduty.com. A local PagerDuty sandbox: its URL, e.g. http://127.0.0.1:8787.`}
              errors={errors.byField['config.eventsUrl']}
            >
              {(control) => (
                <input
                  {...control}
                  type="url"
                  placeholder={DEFAULT_EVENTS_URL}
                  value={draft.eventsUrl}
                  onChange={(event) => update({ eventsUrl: event.target.value })}
                />
              )}
            </FormField>
            <FormField
              id="integration-api-version"
              label="Events API version"
              errors={errors.byField['config.apiVersion']}
            >
              {(control) => (
                <select
                  {...control}
                  value={draft.apiVersion}
                  onChange={(event) => update({ apiVersion: event.target.value as 'v2' | 'v1' })}
                >
                  <option value="v2">v2 (recommended)</option>
                  <option value="v1">v1 (legacy “Generic API” integrations)</option>
                </select>
              )}
            </FormField>
          </details>
        ) : null}

        <div className="button-row">
          <button type="submit" className="button-primary" disabled={busy}>
            {busy ? 'Saving…' : existing ? 'Save changes' : 'Submit'}
          </button>
          <Link className="button" to="/integrations">
            Cancel
          </Link>
        </div>
      </form>
    </section>
  );
}
