import { useState } from 'react';
import { Link } from 'react-router-dom';
import type { Integration } from '../api/api-types';
import { integrationsApi } from '../api/integrations-api';
import { formatInterval } from '../lib/format';
import { DEFAULT_EVENTS_URL } from '../lib/integration-draft';
import { ErrorNotice, SuccessNotice } from './error-notice';
import { RelativeTime } from './relative-time';
import { StatusBadge } from './status-badge';

/** Whether an Events URL is on this machine: then it is most likely a `pagewatch sandbox`. */
export function isLocalEventsUrl(url: string): boolean {
  try {
    return ['127.0.0.1', 'localhost', '[::1]'].includes(new URL(url).hostname);
  } catch {
    return false;
  }
}

/** One configured integration: masked key, monitors, policy, last delivery; test, edit, remove. */
export function IntegrationCard({
  integration,
  monitorName,
  onChanged,
}: {
  integration: Integration;
  monitorName: (id: string) => string;
  onChanged: () => Promise<void>;
}) {
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(undefined);
  const { policy, lastDelivery } = integration;

  const sendTest = async (): Promise<void> => {
    setBusy(true);
    setError(undefined);
    setMessage(null);
    try {
      await integrationsApi.sendTest(integration.id);
      setMessage('Test event queued: a trigger and its resolve. See Deliveries for the outcome.');
      await onChanged();
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  };
  const remove = async (): Promise<void> => {
    if (
      !window.confirm(`Remove the integration "${integration.name}"? Its open incidents are resolved first.`)
    )
      return;
    setBusy(true);
    try {
      await integrationsApi.remove(integration.id);
      await onChanged();
    } catch (failure) {
      setError(failure);
      setBusy(false);
    }
  };

  return (
    <article
      className="card"
      aria-labelledby={`integration-${integration.id}`}
      data-integration-id={integration.id}
    >
      <header className="card-heading">
        <h3 id={`integration-${integration.id}`}>{integration.name}</h3>
        <span className="type-tag">{integration.type === 'pagerduty' ? 'PagerDuty' : 'Webhook'}</span>
      </header>
      <dl className="facts">
        {integration.type === 'pagerduty' ? (
          <>
            <div>
              <dt>Integration Key</dt>
              <dd className="mono" data-testid="masked-key">
                {integration.config.integrationKey}
              </dd>
            </div>
            <div>
              <dt>Severity</dt>
              <dd>{integration.config.severity}</dd>
            </div>
            {integration.config.eventsUrl !== DEFAULT_EVENTS_URL ? (
              <div>
                <dt>Events URL</dt>
                <dd className="mono">
                  {integration.config.eventsUrl}
                  {isLocalEventsUrl(integration.config.eventsUrl) ? (
                    <>
                      {' '}
                      (<Link to="/sandbox">sandbox console</Link>)
                    </>
                  ) : null}
                </dd>
              </div>
            ) : null}
          </>
        ) : (
          <div>
            <dt>URL</dt>
            <dd className="mono">{integration.config.url}</dd>
          </div>
        )}
        <div>
          <dt>Monitors</dt>
          <dd>
            {integration.monitorIds.length === 0 ? (
              <span className="muted">none yet</span>
            ) : (
              <ul className="inline-list">
                {integration.monitorIds.map((id) => (
                  <li key={id}>
                    <Link to={`/monitors/${id}`}>{monitorName(id)}</Link>
                  </li>
                ))}
              </ul>
            )}
          </dd>
        </div>
        <div>
          <dt>Policy</dt>
          <dd>
            opens after {policy.failureThreshold} failed run{policy.failureThreshold === 1 ? '' : 's'},
            recovers after {policy.successThreshold} passing; on recovery: {policy.onRecovery}
            {policy.remindEveryMs ? `; reminds every ${formatInterval(policy.remindEveryMs)}` : ''}
          </dd>
        </div>
        <div>
          <dt>Last delivery</dt>
          <dd>
            {lastDelivery ? (
              <>
                <StatusBadge status={lastDelivery.status} /> <RelativeTime iso={lastDelivery.at} />
                {lastDelivery.lastError ? (
                  <div className="delivery-error small">{lastDelivery.lastError}</div>
                ) : null}
              </>
            ) : (
              <span className="muted">nothing sent yet</span>
            )}
          </dd>
        </div>
      </dl>
      <div className="button-row">
        <button type="button" onClick={sendTest} disabled={busy}>
          Send test event
        </button>
        <Link className="button" to={`/integrations/${integration.id}/edit`}>
          Edit<span className="visually-hidden"> {integration.name}</span>
        </Link>
        <button type="button" className="button-danger" onClick={remove} disabled={busy}>
          Remove<span className="visually-hidden"> {integration.name}</span>
        </button>
      </div>
      <SuccessNotice message={message} />
      <ErrorNotice error={error} />
    </article>
  );
}
