import { Fragment, useState } from 'react';
import { RUN_STATUSES, type RunStatus } from '../api/api-types';
import { monitorsApi } from '../api/monitors-api';
import { useApiData } from '../hooks/use-api-data';
import { useCursorPager } from '../hooks/use-cursor-pager';
import { useReloadOnChange } from '../hooks/use-reload-on-change';
import { formatDuration } from '../lib/format';
import { ErrorNotice } from './error-notice';
import { Pager } from './pager';
import { RelativeTime } from './relative-time';
import { RunDetails } from './run-details';
import { StatusBadge } from './status-badge';

const PAGE_SIZE = 20;

/** A monitor's runs, newest first, filterable by status; each run opens to its requests. */
export function RunHistory({ monitorId, refreshKey }: { monitorId: string; refreshKey: string }) {
  const [status, setStatus] = useState<RunStatus | ''>('');
  const [open, setOpen] = useState<ReadonlySet<string>>(new Set());
  const pager = useCursorPager(`${monitorId}:${status}`);
  const runs = useApiData(`runs:${monitorId}:${status}:${pager.cursor ?? ''}`, (signal) =>
    monitorsApi.runs(
      monitorId,
      { limit: PAGE_SIZE, cursor: pager.cursor, status: status || undefined },
      signal,
    ),
  );
  useReloadOnChange(refreshKey, runs.reload);

  const toggle = (runId: string): void =>
    setOpen((previous) => {
      const next = new Set(previous);
      if (next.has(runId)) next.delete(runId);
      else next.add(runId);
      return next;
    });

  return (
    <section aria-labelledby="run-history-heading">
      <div className="section-heading">
        <h2 id="run-history-heading">Run history</h2>
        <label className="inline-label">
          Status{' '}
          <select value={status} onChange={(event) => setStatus(event.target.value as RunStatus | '')}>
            <option value="">All runs</option>
            {RUN_STATUSES.map((value) => (
              <option key={value} value={value}>
                {value}
              </option>
            ))}
          </select>
        </label>
      </div>
      <ErrorNotice error={runs.error} title="Could not load the runs" />
      {runs.data && runs.data.data.length === 0 ? (
        <p className="muted">
          {status ? `No ${status} runs.` : 'No runs yet: use "Run now" or wait for the schedule.'}
        </p>
      ) : null}
      {runs.data && runs.data.data.length > 0 ? (
        <div className="table-scroll">
          <table className="data-table" aria-label="Runs">
            <thead>
              <tr>
                <th scope="col">Run</th>
                <th scope="col">Status</th>
                <th scope="col">Trigger</th>
                <th scope="col">Duration</th>
                <th scope="col">Requests failed</th>
                <th scope="col">Assertions failed</th>
              </tr>
            </thead>
            <tbody>
              {runs.data.data.map((run) => {
                const expanded = open.has(run.id);
                return (
                  <Fragment key={run.id}>
                    <tr data-run-id={run.id}>
                      <th scope="row">
                        <button
                          type="button"
                          className="button-quiet disclosure"
                          aria-expanded={expanded}
                          aria-controls={`run-${run.id}`}
                          onClick={() => toggle(run.id)}
                        >
                          <span aria-hidden="true">{expanded ? '▾' : '▸'} </span>
                          <RelativeTime iso={run.finishedAt ?? run.startedAt ?? run.scheduledAt} />
                        </button>
                      </th>
                      <td>
                        <StatusBadge status={run.status} />
                      </td>
                      <td>
                        {run.trigger}
                        {run.attempt > 1 ? ` (attempt ${run.attempt})` : ''}
                      </td>
                      <td>{formatDuration(run.durationMs)}</td>
                      <td>
                        {run.stats.requests.failed} / {run.stats.requests.total}
                      </td>
                      <td>
                        {run.stats.assertions.failed} / {run.stats.assertions.total}
                      </td>
                    </tr>
                    {expanded ? (
                      <tr id={`run-${run.id}`} className="details-row">
                        <td colSpan={6}>
                          <RunDetails runId={run.id} />
                        </td>
                      </tr>
                    ) : null}
                  </Fragment>
                );
              })}
            </tbody>
          </table>
        </div>
      ) : null}
      <Pager pager={pager} nextCursor={runs.data?.pagination.nextCursor} label="Run" />
    </section>
  );
}
