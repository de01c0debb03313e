import { integrationsApi } from '../api/integrations-api';
import { sessionApi } from '../api/session-api';
import { ErrorNotice } from '../components/error-notice';
import { SandboxAlertList } from '../components/sandbox-alert-list';
import { useApiData } from '../hooks/use-api-data';
import { useDocumentTitle } from '../hooks/use-document-title';

/** PagerDuty's own services never answer `/sandbox/alerts`; asking would only trip the page's CSP. */
const REAL_PAGERDUTY = /^https:\/\/events(\.eu)?\.pagerduty\.com\/?$/;

/**
 * The PagerDuty sandbox console: for every PagerDuty integration whose Events URL is a `pagewatch sandbox` (and the
 * demo's sandbox), what PagerDuty would show: its alerts and the events that moved them.
 */
export function SandboxConsolePage() {
  useDocumentTitle('PagerDuty sandbox');
  const integrations = useApiData('integrations', (signal) => integrationsApi.list(signal), {
    pollMs: 15_000,
  });
  const demo = useApiData('demo', (signal) => sessionApi.demoState(signal));
  const list = integrations.data?.data ?? [];
  const candidates = [
    ...new Set([
      ...(demo.data ? [demo.data.sandboxUrl] : []),
      ...list.flatMap((integration) =>
        integration.type === 'pagerduty' && !REAL_PAGERDUTY.test(integration.config.eventsUrl)
          ? [integration.config.eventsUrl.replace(/\/+$/, '')]
          : [],
      ),
    ]),
  ];

  return (
    <section>
      <h1>PagerDuty sandbox</h1>
      <p className="lead">
        A local stand-in for PagerDuty (<code>pagewatch sandbox</code>) takes the same events PagerDuty would.
        Here you see what would have reached your on-call: alerts opened, acknowledged and resolved, with
        every event.
      </p>
      <ErrorNotice error={integrations.error} title="Could not load the integrations" />
      {integrations.loading ? <p role="status">Loading integrations…</p> : null}
      {integrations.data && candidates.length === 0 ? (
        <div className="empty">
          <p>None of your PagerDuty integrations points at a sandbox.</p>
          <p>
            Start one with <code>pagewatch sandbox</code>, then set its URL as an integration’s Events URL
            (Integrations → Edit → Advanced).
          </p>
        </div>
      ) : null}
      {candidates.map((url) => (
        <SandboxAlertList key={url} eventsUrl={url} integrations={list} />
      ))}
    </section>
  );
}
