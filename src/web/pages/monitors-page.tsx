import { Link } from 'react-router-dom';
import { monitorsApi } from '../api/monitors-api';
import { ErrorNotice } from '../components/error-notice';
import { MonitorRow } from '../components/monitor-row';
import { Pager } from '../components/pager';
import { useApiData } from '../hooks/use-api-data';
import { useCursorPager } from '../hooks/use-cursor-pager';
import { useDocumentTitle } from '../hooks/use-document-title';

/** Monitors per page; each page comes with its rows' uptime and durations, aggregated by the server. */
const PAGE_SIZE = 25;

/** All monitors, newest first, a page at a time, refreshed every 10 s. */
export function MonitorsPage() {
  useDocumentTitle('Monitors');
  const pager = useCursorPager('monitors');
  const monitors = useApiData(
    `monitors:${pager.cursor ?? ''}`,
    (signal) => monitorsApi.list({ limit: PAGE_SIZE, cursor: pager.cursor, include: 'stats' }, signal),
    { pollMs: 10_000 },
  );
  const rows = monitors.data?.data;
  return (
    <section>
      <div className="page-heading">
        <h1>Monitors</h1>
        <Link className="button button-primary" to="/monitors/new">
          New monitor
        </Link>
      </div>
      <ErrorNotice error={monitors.error} title="Could not load the monitors" />
      {monitors.loading ? <p role="status">Loading monitors…</p> : null}
      {rows && rows.length === 0 && pager.pageNumber === 1 ? (
        <div className="empty">
          <p>
            No monitors yet. A monitor runs a Postman collection on a schedule and opens an incident when it
            fails.
          </p>
          <Link className="button button-primary" to="/monitors/new">
            Add your first monitor
          </Link>
        </div>
      ) : null}
      {rows && rows.length > 0 ? (
        <div className="table-scroll">
          <table className="data-table" aria-label="Monitors">
            <thead>
              <tr>
                <th scope="col">Monitor</th>
                <th scope="col">Status</th>
                <th scope="col">Last run</th>
                <th scope="col" className="numeric">
                  Uptime 24 h
                </th>
                <th scope="col" className="numeric">
                  Uptime 7 d
                </th>
                <th scope="col">Run duration</th>
                <th scope="col">Next run</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((monitor) => (
                <MonitorRow key={monitor.id} monitor={monitor} />
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      <Pager pager={pager} nextCursor={monitors.data?.pagination.nextCursor} label="Monitor" />
    </section>
  );
}
