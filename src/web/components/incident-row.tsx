import { useState } from 'react';
import { Link } from 'react-router-dom';
import type { Incident } from '../api/api-types';
import { deliveriesApi, incidentsApi } from '../api/incidents-api';
import { useApiData } from '../hooks/use-api-data';
import { useFirstVisible } from '../hooks/use-first-visible';
import { DeliveryStatusList } from './delivery-status-list';
import { ErrorNotice } from './error-notice';
import { RelativeTime } from './relative-time';
import { StatusBadge } from './status-badge';

const RESOLVE_REASONS: Record<string, string> = {
  recovered: 'the monitor recovered',
  paused: 'the monitor was paused',
  deleted: 'the monitor or integration was deleted',
  manual: 'resolved by hand',
  maintenance: 'maintenance window',
  reconciled: 'reconciled at start-up',
};

export interface IncidentRowProps {
  incident: Incident;
  monitorName: string;
  integrationName: string;
  /** Reloads the list after an action. */
  onChanged: () => Promise<void>;
}

/** One incident: what, which monitor, when, its PagerDuty deliveries, and acknowledge / resolve. */
export function IncidentRow({ incident, monitorName, integrationName, onChanged }: IncidentRowProps) {
  const [ref, visible] = useFirstVisible<HTMLTableRowElement>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(undefined);
  const stateKey = `${incident.id}:${incident.status}`;
  const deliveries = useApiData(
    `incident-deliveries:${stateKey}`,
    (signal) => deliveriesApi.list({ incidentId: incident.id, limit: 50 }, signal),
    { enabled: visible, pollMs: incident.status === 'resolved' ? 15_000 : 3_000 },
  );

  const act = async (action: 'acknowledge' | 'resolve'): Promise<void> => {
    setBusy(true);
    setError(undefined);
    try {
      await (action === 'acknowledge'
        ? incidentsApi.acknowledge(incident.id)
        : incidentsApi.resolve(incident.id));
      await onChanged();
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  };

  return (
    <tr ref={ref} data-incident-id={incident.id} data-status={incident.status}>
      <td>
        <StatusBadge status={incident.status} />
      </td>
      <th scope="row">
        <div>{incident.summary}</div>
        <div className="small">
          Monitor <Link to={`/monitors/${incident.monitorId}`}>{monitorName}</Link> · via {integrationName}
        </div>
      </th>
      <td>
        <div>
          Opened <RelativeTime iso={incident.openedAt} />
        </div>
        {incident.acknowledgedAt ? (
          <div className="small">
            Acknowledged <RelativeTime iso={incident.acknowledgedAt} />
          </div>
        ) : null}
        {incident.resolvedAt ? (
          <div className="small">
            Resolved <RelativeTime iso={incident.resolvedAt} />
            {incident.resolveReason
              ? ` (${RESOLVE_REASONS[incident.resolveReason] ?? incident.resolveReason})`
              : ''}
          </div>
        ) : null}
      </td>
      <td>
        {deliveries.data ? <DeliveryStatusList deliveries={deliveries.data.data} /> : '…'}
        <ErrorNotice error={deliveries.error} />
      </td>
      <td>
        <div className="button-row compact">
          {incident.status === 'triggered' ? (
            <button type="button" onClick={() => act('acknowledge')} disabled={busy}>
              Acknowledge
            </button>
          ) : null}
          {incident.status !== 'resolved' ? (
            <button type="button" onClick={() => act('resolve')} disabled={busy}>
              Resolve
            </button>
          ) : null}
        </div>
        <ErrorNotice error={error} />
      </td>
    </tr>
  );
}
