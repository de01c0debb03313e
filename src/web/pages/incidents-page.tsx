import { useState } from 'react';
import { incidentsApi, type IncidentFilter } from '../api/incidents-api';
import { integrationsApi } from '../api/integrations-api';
import { ErrorNotice } from '../components/error-notice';
import { FilterTabs, type FilterTab } from '../components/filter-tabs';
import { IncidentRow } from '../components/incident-row';
import { Pager } from '../components/pager';
import { useApiData } from '../hooks/use-api-data';
import { useCursorPager } from '../hooks/use-cursor-pager';
import { useDocumentTitle } from '../hooks/use-document-title';
import { useMonitorNames } from '../hooks/use-monitor-names';

type Tab = IncidentFilter | 'all';
const TABS: FilterTab<Tab>[] = [
  { value: 'open', label: 'Open' },
  { value: 'triggered', label: 'Triggered' },
  { value: 'acknowledged', label: 'Acknowledged' },
  { value: 'resolved', label: 'Resolved' },
  { value: 'all', label: 'All' },
];
const PAGE_SIZE = 25;

/** Incidents by state, newest first, refreshed every 5 s, with their PagerDuty deliveries and actions. */
export function IncidentsPage() {
  useDocumentTitle('Incidents');
  const [tab, setTab] = useState<Tab>('open');
  const pager = useCursorPager(tab);
  const incidents = useApiData(
    `incidents:${tab}:${pager.cursor ?? ''}`,
    (signal) =>
      incidentsApi.list(
        { limit: PAGE_SIZE, cursor: pager.cursor, status: tab === 'all' ? undefined : tab },
        signal,
      ),
    { pollMs: 5_000 },
  );
  const integrations = useApiData('integrations', (signal) => integrationsApi.list(signal));
  const rows = incidents.data?.data ?? [];
  const monitorName = useMonitorNames(rows.map((incident) => incident.monitorId));
  const integrationName = (id: string): string =>
    integrations.data?.data.find((integration) => integration.id === id)?.name ?? id;

  return (
    <section>
      <h1>Incidents</h1>
      <FilterTabs
        tabs={TABS}
        value={tab}
        onChange={setTab}
        label="Incident status"
        panelId="incidents-panel"
      />
      <div role="tabpanel" id="incidents-panel" aria-labelledby={`incidents-panel-tab-${tab}`}>
        <ErrorNotice error={incidents.error} title="Could not load the incidents" />
        {incidents.loading ? <p role="status">Loading incidents…</p> : null}
        {incidents.data && rows.length === 0 ? (
          <p className="empty">
            {tab === 'open' ? '✓ No open incidents.' : `No ${tab === 'all' ? '' : `${tab} `}incidents.`}
          </p>
        ) : null}
        {rows.length > 0 ? (
          <div className="table-scroll">
            <table className="data-table" aria-label="Incidents">
              <thead>
                <tr>
                  <th scope="col">Status</th>
                  <th scope="col">Incident</th>
                  <th scope="col">When</th>
                  <th scope="col">PagerDuty deliveries</th>
                  <th scope="col">
                    <span className="visually-hidden">Actions</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {rows.map((incident) => (
                  <IncidentRow
                    key={incident.id}
                    incident={incident}
                    monitorName={monitorName(incident.monitorId)}
                    integrationName={integrationName(incident.integrationId)}
                    onChanged={incidents.reload}
                  />
                ))}
              </tbody>
            </table>
          </div>
        ) : null}
        <Pager pager={pager} nextCursor={incidents.data?.pagination.nextCursor} label="Incident" />
      </div>
    </section>
  );
}
