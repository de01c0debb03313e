import { Fragment, useState } from 'react';
import type { Integration } from '../api/api-types';
import { fetchSandboxAlerts, type SandboxAlert, type SandboxAlertStatus } from '../api/sandbox-api';
import { useApiData } from '../hooks/use-api-data';
import { ErrorNotice } from './error-notice';
import { FilterTabs, type FilterTab } from './filter-tabs';
import { RelativeTime } from './relative-time';
import { StatusBadge } from './status-badge';

type Tab = 'open' | SandboxAlertStatus | 'all';
const TABS: FilterTab<Tab>[] = [
  { value: 'open', label: 'Open' },
  { value: 'triggered', label: 'Triggered' },
  { value: 'acknowledged', label: 'Acknowledged' },
  { value: 'resolved', label: 'Resolved' },
  { value: 'all', label: 'Any status' },
];

function matches(alert: SandboxAlert, tab: Tab): boolean {
  if (tab === 'all') return true;
  if (tab === 'open') return alert.status !== 'resolved';
  return alert.status === tab;
}

/** Which integration sent an alert: the sandbox shows keys masked to their last 4 characters, so do we. */
function integrationFor(alert: SandboxAlert, integrations: readonly Integration[]): string {
  const last4 = alert.routingKey.slice(-4);
  const match = integrations.find(
    (integration) => integration.type === 'pagerduty' && integration.config.integrationKey.endsWith(last4),
  );
  return match ? match.name : `key …${last4}`;
}

/**
 * The alerts a local PagerDuty sandbox took, shown like PagerDuty's incident list (newest first, by status), each
 * with the log of the events that touched it. Polls every 2 s.
 */
export function SandboxAlertList({
  eventsUrl,
  integrations,
}: {
  eventsUrl: string;
  integrations: readonly Integration[];
}) {
  const [tab, setTab] = useState<Tab>('all');
  const [open, setOpen] = useState<ReadonlySet<string>>(new Set());
  const alerts = useApiData(`sandbox:${eventsUrl}`, (signal) => fetchSandboxAlerts(eventsUrl, signal), {
    pollMs: 2_000,
  });
  const panelId = `sandbox-panel-${eventsUrl.replace(/\W+/g, '-')}`;
  if (alerts.loading) return <p role="status">Asking {eventsUrl}…</p>;
  if (alerts.data === null) return <p className="muted">No PagerDuty sandbox answers at {eventsUrl}.</p>;
  const all = [...(alerts.data ?? [])].reverse();
  const shown = all.filter((alert) => matches(alert, tab));
  const toggle = (id: string): void =>
    setOpen((previous) => {
      const next = new Set(previous);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });

  return (
    <section
      className="sandbox"
      aria-label={`PagerDuty sandbox at ${eventsUrl}`}
      data-sandbox-url={eventsUrl}
    >
      <h2>
        Sandbox <span className="mono">{eventsUrl}</span>
      </h2>
      <ErrorNotice error={alerts.error} title="The sandbox stopped answering" />
      <FilterTabs tabs={TABS} value={tab} onChange={setTab} label="Alert status" panelId={panelId} />
      <div role="tabpanel" id={panelId} aria-labelledby={`${panelId}-tab-${tab}`}>
        {shown.length === 0 ? (
          <p className="empty">No alerts here.</p>
        ) : (
          <div className="table-scroll">
            <table className="data-table" aria-label="Sandbox alerts">
              <thead>
                <tr>
                  <th scope="col">Status</th>
                  <th scope="col">Alert</th>
                  <th scope="col">Severity</th>
                  <th scope="col">Created</th>
                  <th scope="col">Integration</th>
                </tr>
              </thead>
              <tbody>
                {shown.map((alert) => {
                  const expanded = open.has(alert.id);
                  return (
                    <Fragment key={alert.id}>
                      <tr data-alert-id={alert.id} data-dedup-key={alert.dedupKey} data-status={alert.status}>
                        <td>
                          <StatusBadge status={alert.status} />
                        </td>
                        <th scope="row">
                          <button
                            type="button"
                            className="button-quiet disclosure"
                            aria-expanded={expanded}
                            aria-controls={`log-${alert.id}`}
                            onClick={() => toggle(alert.id)}
                          >
                            <span aria-hidden="true">{expanded ? '▾ ' : '▸ '}</span>
                            {alert.summary || '(no summary)'}
                          </button>
                          <div className="small muted mono">{alert.dedupKey}</div>
                        </th>
                        <td>{alert.severity ?? '—'}</td>
                        <td>
                          <RelativeTime iso={alert.createdAt} />
                        </td>
                        <td>{integrationFor(alert, integrations)}</td>
                      </tr>
                      {expanded ? (
                        <tr id={`log-${alert.id}`} className="details-row">
                          <td colSpan={5}>
                            <h4>Events</h4>
                            <ol className="event-log">
                              {alert.log.map((entry, index) => (
                                <li key={index}>
                                  <RelativeTime iso={entry.at} /> — <strong>{entry.action}</strong> →{' '}
                                  {entry.outcome}
                                  {entry.summary ? <span className="muted">: {entry.summary}</span> : null}
                                </li>
                              ))}
                            </ol>
                          </td>
                        </tr>
                      ) : null}
                    </Fragment>
                  );
                })}
              </tbody>
            </table>
          </div>
        )}
      </div>
    </section>
  );
}
