import { Link } from 'react-router-dom';
import type { MonitorListItem } from '../api/api-types';
import { describeSchedule, formatPercent } from '../lib/format';
import { RelativeTime } from './relative-time';
import { Sparkline } from './sparkline';
import { StatusBadge } from './status-badge';

/** One monitor in the list, with the uptime and hourly durations the list came with (`?include=stats`). */
export function MonitorRow({ monitor }: { monitor: MonitorListItem }) {
  const stats = monitor.stats;
  const missing = (
    <span className="muted" title="No statistics in the answer">
      ?
    </span>
  );
  return (
    <tr data-monitor-id={monitor.id}>
      <th scope="row">
        <Link to={`/monitors/${monitor.id}`}>{monitor.name}</Link>
        <div className="muted small">{describeSchedule(monitor.schedule)}</div>
      </th>
      <td>
        <StatusBadge status={monitor.status} />
      </td>
      <td>
        {monitor.lastRun ? (
          <>
            <StatusBadge status={monitor.lastRun.status} /> <RelativeTime iso={monitor.lastRun.finishedAt} />
          </>
        ) : (
          <span className="muted">never</span>
        )}
      </td>
      <td className="numeric">{stats ? <Uptime ratio={stats.uptime24h} runs={stats.runs24h} /> : missing}</td>
      <td className="numeric">{stats ? <Uptime ratio={stats.uptime7d} runs={stats.runs7d} /> : missing}</td>
      <td>
        {stats ? (
          <Sparkline
            values={stats.durations}
            label={`Run durations of ${monitor.name} (average per hour)`}
            slot="hour"
          />
        ) : (
          missing
        )}
      </td>
      <td>
        {monitor.enabled ? <RelativeTime iso={monitor.nextRunAt} /> : <span className="muted">paused</span>}
      </td>
    </tr>
  );
}

/** "99.3 %", with the number of runs it covers as its title; "—" when no run finished in the window. */
function Uptime({ ratio, runs }: { ratio: number | null; runs: number }) {
  if (ratio === null) return <span className="muted">—</span>;
  return <span title={`${runs} runs`}>{formatPercent(ratio)}</span>;
}
