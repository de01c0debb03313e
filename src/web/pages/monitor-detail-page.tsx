import { lazy, Suspense } from 'react';
import { Link, useParams } from 'react-router-dom';
import { monitorsApi } from '../api/monitors-api';
import { ErrorNotice } from '../components/error-notice';
import { MonitorActions } from '../components/monitor-actions';
import { RelativeTime } from '../components/relative-time';
import { RunHistory } from '../components/run-history';
import { StatusBadge } from '../components/status-badge';
import { useApiData } from '../hooks/use-api-data';
import { useDocumentTitle } from '../hooks/use-document-title';
import { useRecentRuns } from '../hooks/use-recent-runs';
import { useReloadOnChange } from '../hooks/use-reload-on-change';
import { describeSchedule } from '../lib/format';

const ResponseTimeChart = lazy(() => import('../components/response-time-chart'));

/** One monitor: its state, actions, response times per request, and run history. */
export function MonitorDetailPage() {
  const { id = '' } = useParams();
  const monitor = useApiData(`monitor:${id}`, (signal) => monitorsApi.get(id, signal), { pollMs: 10_000 });
  const lastRunId = monitor.data?.lastRun?.id ?? 'none';
  const recentRuns = useRecentRuns(id);
  useReloadOnChange(lastRunId, recentRuns.reload);
  useDocumentTitle(monitor.data?.name ?? 'Monitor');

  if (monitor.error && !monitor.data) {
    return (
      <section>
        <h1>Monitor</h1>
        <ErrorNotice error={monitor.error} title="Could not load the monitor" />
        <Link to="/monitors">Back to the monitors</Link>
      </section>
    );
  }
  if (!monitor.data) return <p role="status">Loading the monitor…</p>;
  const current = monitor.data;
  const requestCount = Array.isArray(current.collection.item) ? current.collection.item.length : undefined;

  return (
    <section>
      <nav aria-label="Breadcrumb" className="breadcrumb">
        <Link to="/monitors">Monitors</Link> <span aria-hidden="true">›</span>
      </nav>
      <div className="page-heading">
        <h1>{current.name}</h1>
        <StatusBadge status={current.status} />
      </div>
      <dl className="facts">
        <div>
          <dt>Schedule</dt>
          <dd>{describeSchedule(current.schedule)}</dd>
        </div>
        <div>
          <dt>Last run</dt>
          <dd>
            {current.lastRun ? (
              <>
                <StatusBadge status={current.lastRun.status} />{' '}
                <RelativeTime iso={current.lastRun.finishedAt} />
              </>
            ) : (
              'never'
            )}
          </dd>
        </div>
        <div>
          <dt>Next run</dt>
          <dd>{current.enabled ? <RelativeTime iso={current.nextRunAt} /> : 'paused'}</dd>
        </div>
        <div>
          <dt>Collection</dt>
          <dd>
            {requestCount === undefined
              ? '—'
              : `${requestCount} top-level item${requestCount === 1 ? '' : 's'}`}
          </dd>
        </div>
      </dl>
      <MonitorActions monitor={current} onChanged={monitor.reload} />

      <section aria-labelledby="chart-heading">
        <h2 id="chart-heading">Response time per request</h2>
        <ErrorNotice error={recentRuns.error} title="Could not load the latest runs" />
        {recentRuns.data ? (
          <Suspense fallback={<p role="status">Loading the chart…</p>}>
            <ResponseTimeChart runs={recentRuns.data} />
          </Suspense>
        ) : (
          <p role="status">Loading the latest runs…</p>
        )}
      </section>

      <RunHistory monitorId={id} refreshKey={lastRunId} />
    </section>
  );
}
