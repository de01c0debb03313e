import { useState } from 'react';
import type { DeliveryStatus } from '../api/api-types';
import { deliveriesApi } from '../api/incidents-api';
import { integrationsApi } from '../api/integrations-api';
import { deliveryLabel } from '../components/delivery-status-list';
import { ErrorNotice } from '../components/error-notice';
import { FilterTabs, type FilterTab } from '../components/filter-tabs';
import { Pager } from '../components/pager';
import { RelativeTime } from '../components/relative-time';
import { StatusBadge } from '../components/status-badge';
import { useApiData } from '../hooks/use-api-data';
import { useCursorPager } from '../hooks/use-cursor-pager';
import { useDocumentTitle } from '../hooks/use-document-title';
import { useMonitorNames } from '../hooks/use-monitor-names';

type Tab = DeliveryStatus | 'all';
const TABS: FilterTab<Tab>[] = [
  { value: 'all', label: 'All' },
  { value: 'pending', label: 'Pending and retrying' },
  { value: 'failed', label: 'Failed' },
  { value: 'sent', label: 'Sent' },
];
const PAGE_SIZE = 50;

/**
 * The outbox: every event for PagerDuty or a webhook, newest first. Pending ones are retried with backoff; a failed
 * one was refused for good (PagerDuty's 400), with the receiver's error text.
 */
export function DeliveriesPage() {
  useDocumentTitle('Deliveries');
  const [tab, setTab] = useState<Tab>('all');
  const pager = useCursorPager(tab);
  const deliveries = useApiData(
    `deliveries:${tab}:${pager.cursor ?? ''}`,
    (signal) =>
      deliveriesApi.list(
        { limit: PAGE_SIZE, cursor: pager.cursor, status: tab === 'all' ? undefined : tab },
        signal,
      ),
    { pollMs: 5_000 },
  );
  const integrations = useApiData('integrations', (signal) => integrationsApi.list(signal));
  const rows = deliveries.data?.data ?? [];
  const monitorName = useMonitorNames(
    rows.flatMap((delivery) => (delivery.monitorId ? [delivery.monitorId] : [])),
  );
  const integrationName = (id: string): string =>
    integrations.data?.data.find((integration) => integration.id === id)?.name ?? id;

  return (
    <section>
      <h1>Deliveries</h1>
      <p className="lead">
        Every event pagewatch sends, kept until delivered: network errors, 429 and 5xx answers are retried
        with backoff; a 400 from PagerDuty fails for good and shows its error here.
      </p>
      <FilterTabs
        tabs={TABS}
        value={tab}
        onChange={setTab}
        label="Delivery status"
        panelId="deliveries-panel"
      />
      <div role="tabpanel" id="deliveries-panel" aria-labelledby={`deliveries-panel-tab-${tab}`}>
        <ErrorNotice error={deliveries.error} title="Could not load the deliveries" />
        {deliveries.loading ? <p role="status">Loading deliveries…</p> : null}
        {deliveries.data && rows.length === 0 ? <p className="empty">No deliveries here.</p> : null}
        {rows.length > 0 ? (
          <div className="table-scroll">
            <table className="data-table" aria-label="Deliveries">
              <thead>
                <tr>
                  <th scope="col">Created</th>
                  <th scope="col">Event</th>
                  <th scope="col">To</th>
                  <th scope="col">Status</th>
                  <th scope="col" className="numeric">
                    Attempts
                  </th>
                  <th scope="col">Next attempt / sent</th>
                  <th scope="col">Last error</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((delivery) => (
                  <tr key={delivery.id} data-delivery-id={delivery.id} data-status={delivery.status}>
                    <td>
                      <RelativeTime iso={delivery.createdAt} />
                    </td>
                    <th scope="row">
                      <div>{delivery.action}</div>
                      <div className="small muted">
                        {delivery.monitorId ? monitorName(delivery.monitorId) : 'test event'} ·{' '}
                        <span className="mono">{delivery.dedupKey}</span>
                      </div>
                    </th>
                    <td>{integrationName(delivery.integrationId)}</td>
                    <td>
                      <StatusBadge status={delivery.status} label={deliveryLabel(delivery)} />
                    </td>
                    <td className="numeric">{delivery.attempts}</td>
                    <td>
                      {delivery.status === 'sent' ? (
                        <RelativeTime iso={delivery.sentAt} />
                      ) : delivery.status === 'pending' ? (
                        <RelativeTime iso={delivery.nextAttemptAt} />
                      ) : (
                        '—'
                      )}
                    </td>
                    <td className="delivery-error">{delivery.lastError ?? ''}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : null}
        <Pager pager={pager} nextCursor={deliveries.data?.pagination.nextCursor} label="Delivery" />
      </div>
    </section>
  );
}
