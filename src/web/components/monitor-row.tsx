import { Link } from 'react-router-dom';
import type { MonitorListItem } from '../api/api-types';
import { useFirstVisible } from '../hooks/use-first-visible';
import { useMonitorRunStats } from '../hooks/use-monitor-run-stats';
import { describeSchedule, formatPercent } from '../lib/format';
import type { UptimeWindow } from '../lib/run-stats';
import { RelativeTime } from './relative-time';
import { Sparkline } from './sparkline';
import { StatusBadge } from './status-badge';

/** One monitor in the list. Its uptime and sparkline load once the row is on screen. */
export function MonitorRow({ monitor }: { monitor: MonitorListItem }) {
  const [ref, visible] = useFirstVisible<HTMLTableRowElement>();
  const stats = useMonitorRunStats(monitor.id, monitor.lastRun?.id ?? null, visible);
  const data = stats.data;
  /** What a stats cell shows until its numbers are there: "…" while loading, "?" when they could not load. */
  const placeholder = stats.error ? (
    <span className="muted" title="Could not load the runs">
      ?
    </span>
  ) : (
    <span className="muted" aria-label="loading">
      …
    </span>
  );
  return (
    <tr ref={ref} data-monitor-id={monitor.id}>
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
      <td className="numeric">{data ? <Uptime window={data.uptime24h} /> : placeholder}</td>
      <td className="numeric">{data ? <Uptime window={data.uptime7d} /> : placeholder}</td>
      <td>
        {data ? (
          <Sparkline values={data.recentDurations} label={`Run durations of ${monitor.name}`} />
        ) : (
          placeholder
        )}
      </td>
      <td>
        {monitor.enabled ? <RelativeTime iso={monitor.nextRunAt} /> : <span className="muted">paused</span>}
      </td>
    </tr>
  );
}

/** "99.3 %"; a figure that covers only part of the window says so (the API has no aggregate yet). */
function Uptime({ window }: { window: UptimeWindow }) {
  if (window.ratio === null) return <span className="muted">—</span>;
  const text = formatPercent(window.ratio);
  if (!window.partial) return <span title={`${window.runs} runs`}>{text}</span>;
  return (
    <span title={`From the latest ${window.runs} runs only, which do not reach back over the whole window`}>
      {text}
      <span aria-hidden="true">*</span>
      <span className="visually-hidden"> (latest {window.runs} runs only)</span>
    </span>
  );
}
