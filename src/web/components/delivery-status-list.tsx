import type { Delivery } from '../api/api-types';
import { StatusBadge } from './status-badge';

/** "Sent", "Retrying (3 attempts)", "Failed after 1 attempt": what the outbox did with one event. */
export function deliveryLabel(delivery: Delivery): string {
  const attempts = `${delivery.attempts} attempt${delivery.attempts === 1 ? '' : 's'}`;
  if (delivery.status === 'sent') return 'Sent';
  if (delivery.status === 'failed') return `Failed after ${attempts}`;
  return delivery.attempts > 0 ? `Retrying (${attempts})` : 'Pending';
}

/** The events sent for one incident (oldest first), each with its delivery status and PagerDuty's error. */
export function DeliveryStatusList({ deliveries }: { deliveries: readonly Delivery[] }) {
  if (deliveries.length === 0) return <span className="muted">nothing sent</span>;
  const oldestFirst = [...deliveries].reverse();
  return (
    <ul className="delivery-list">
      {oldestFirst.map((delivery) => (
        <li key={delivery.id} data-action={delivery.action} data-status={delivery.status}>
          <span className="delivery-action">{delivery.action}</span>{' '}
          <StatusBadge status={delivery.status} label={deliveryLabel(delivery)} />
          {delivery.lastError ? <div className="delivery-error small">{delivery.lastError}</div> : null}
        </li>
      ))}
    </ul>
  );
}
