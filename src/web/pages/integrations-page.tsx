import { Link } from 'react-router-dom';
import { integrationsApi } from '../api/integrations-api';
import { ErrorNotice } from '../components/error-notice';
import { IntegrationCard } from '../components/integration-card';
import { useApiData } from '../hooks/use-api-data';
import { useDocumentTitle } from '../hooks/use-document-title';
import { useMonitorNames } from '../hooks/use-monitor-names';

const TYPES = [
  {
    type: 'pagerduty',
    name: 'PagerDuty',
    description:
      'Open a PagerDuty incident when a monitor fails, and acknowledge and resolve it from here or on recovery (Events API v2).',
  },
  {
    type: 'webhook',
    name: 'Webhook',
    description:
      'POST a signed JSON event to your own URL when an incident opens, is acknowledged or resolves.',
  },
] as const;

/** The seed's flow: choose a type (PagerDuty first) → Add → key and monitors → Submit; then the list. */
export function IntegrationsPage() {
  useDocumentTitle('Integrations');
  const integrations = useApiData('integrations', (signal) => integrationsApi.list(signal), {
    pollMs: 10_000,
  });
  const list = integrations.data?.data ?? [];
  const monitorName = useMonitorNames(list.flatMap((integration) => integration.monitorIds));

  return (
    <section>
      <h1>Integrations</h1>
      <section aria-labelledby="types-heading">
        <h2 id="types-heading">Add an integration</h2>
        <ul className="type-list">
          {TYPES.map((type) => (
            <li key={type.type} className="card type-card">
              <h3>{type.name}</h3>
              <p>{type.description}</p>
              <Link className="button button-primary" to={`/integrations/new/${type.type}`}>
                Add<span className="visually-hidden"> {type.name} integration</span>
              </Link>
            </li>
          ))}
        </ul>
      </section>
      <section aria-labelledby="configured-heading">
        <h2 id="configured-heading">Your integrations</h2>
        <ErrorNotice error={integrations.error} title="Could not load the integrations" />
        {integrations.loading ? <p role="status">Loading integrations…</p> : null}
        {integrations.data && list.length === 0 ? (
          <p className="empty">None yet. Add PagerDuty above to get paged when a monitor fails.</p>
        ) : null}
        <div className="card-list">
          {list.map((integration) => (
            <IntegrationCard
              key={integration.id}
              integration={integration}
              monitorName={monitorName}
              onChanged={integrations.reload}
            />
          ))}
        </div>
      </section>
    </section>
  );
}
