import { useState } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import type { Monitor, Run } from '../api/api-types';
import { monitorsApi, runsApi } from '../api/monitors-api';
import { ErrorNotice, SuccessNotice } from './error-notice';

const POLL_MS = 500;
const GIVE_UP_MS = 15 * 60_000;

/** Waits for a queued run to finish and returns it (or its last state if it takes longer than we wait). */
async function waitForRun(runId: string): Promise<Run> {
  const deadline = Date.now() + GIVE_UP_MS;
  for (;;) {
    const run = await runsApi.get(runId);
    if (!['queued', 'running'].includes(run.status) || Date.now() > deadline) return run;
    await new Promise((resolve) => window.setTimeout(resolve, POLL_MS));
  }
}

/** Run now, pause / resume, edit and delete one monitor. `onChanged` reloads the page's data. */
export function MonitorActions({ monitor, onChanged }: { monitor: Monitor; onChanged: () => Promise<void> }) {
  const navigate = useNavigate();
  const [busy, setBusy] = useState<string | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(undefined);

  const act = async (name: string, action: () => Promise<string | null>): Promise<void> => {
    setBusy(name);
    setError(undefined);
    setMessage(null);
    try {
      setMessage(await action());
      await onChanged();
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(null);
    }
  };

  const runNow = () =>
    act('run', async () => {
      const { runId } = await monitorsApi.runNow(monitor.id);
      setMessage('Run queued…');
      const run = await waitForRun(runId);
      return ['queued', 'running'].includes(run.status)
        ? `The run is still ${run.status}; it will appear in the history when it finishes.`
        : `Run finished: ${run.status} (${run.stats.assertions.failed} of ${run.stats.assertions.total} assertions failed).`;
    });
  const pause = () =>
    act('pause', async () => {
      await monitorsApi.pause(monitor.id);
      return 'Paused: no more scheduled runs; its open incidents were resolved.';
    });
  const resume = () =>
    act('resume', async () => {
      await monitorsApi.resume(monitor.id);
      return 'Resumed.';
    });
  const remove = async (): Promise<void> => {
    if (
      !window.confirm(
        `Delete the monitor "${monitor.name}"? Its open incidents are resolved; this cannot be undone.`,
      )
    )
      return;
    setBusy('delete');
    try {
      await monitorsApi.remove(monitor.id);
      navigate('/monitors');
    } catch (failure) {
      setError(failure);
      setBusy(null);
    }
  };

  return (
    <div className="actions-block">
      <div className="button-row">
        <button type="button" className="button-primary" onClick={runNow} disabled={busy !== null}>
          {busy === 'run' ? 'Running…' : 'Run now'}
        </button>
        {monitor.enabled ? (
          <button type="button" onClick={pause} disabled={busy !== null}>
            Pause
          </button>
        ) : (
          <button type="button" onClick={resume} disabled={busy !== null}>
            Resume
          </button>
        )}
        <Link className="button" to={`/monitors/${monitor.id}/edit`}>
          Edit
        </Link>
        <button type="button" className="button-danger" onClick={remove} disabled={busy !== null}>
          Delete
        </button>
      </div>
      <SuccessNotice message={message} tone="info" />
      <ErrorNotice error={error} />
    </div>
  );
}
