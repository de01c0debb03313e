import type { Execution } from '../api/api-types';
import { runsApi } from '../api/monitors-api';
import { useApiData } from '../hooks/use-api-data';
import { formatBytes, formatDuration } from '../lib/format';
import { ErrorNotice } from './error-notice';

/** One run, opened: each request with status, time, size and assertions (✓/✗ with messages), then the console. */
export function RunDetails({ runId }: { runId: string }) {
  const run = useApiData(`run:${runId}`, (signal) => runsApi.get(runId, signal));
  if (run.error) return <ErrorNotice error={run.error} title="Could not load the run" />;
  if (!run.data) return <p role="status">Loading the run…</p>;
  const { executions, console: lines = [], error, warnings = [] } = run.data;
  return (
    <div className="run-details">
      {error ? (
        <p className="notice notice-error">
          <span aria-hidden="true">⚠ </span>
          {error}
        </p>
      ) : null}
      {warnings.map((warning) => (
        <p key={warning} className="notice notice-info">
          {warning}
        </p>
      ))}
      {executions.length === 0 ? <p className="muted">No request was sent.</p> : null}
      <ol className="executions">
        {executions.map((execution, index) => (
          <ExecutionItem key={`${execution.iteration}-${index}`} execution={execution} />
        ))}
      </ol>
      <h4>Console</h4>
      {lines.length === 0 ? (
        <p className="muted">No console output.</p>
      ) : (
        <pre className="console" aria-label="Console output">
          {lines.map((line, index) => (
            <span key={index} className={`console-${line.level}`}>
              [{line.level}] {line.message}
              {'\n'}
            </span>
          ))}
        </pre>
      )}
    </div>
  );
}

function ExecutionItem({ execution }: { execution: Execution }) {
  const failed = execution.error !== undefined || execution.assertions.some((assertion) => !assertion.passed);
  return (
    <li className={`execution${failed ? ' execution-failed' : ''}`}>
      <div className="execution-heading">
        <strong>{execution.name}</strong>
        {execution.iteration > 0 ? (
          <span className="muted"> (iteration {execution.iteration + 1})</span>
        ) : null}
        <dl className="inline-facts">
          <div>
            <dt>Status</dt>
            <dd>{execution.status ?? '—'}</dd>
          </div>
          <div>
            <dt>Time</dt>
            <dd>{formatDuration(execution.responseTimeMs)}</dd>
          </div>
          <div>
            <dt>Size</dt>
            <dd>{formatBytes(execution.responseSize)}</dd>
          </div>
        </dl>
      </div>
      <div className="muted small mono">
        {execution.method} {execution.url}
      </div>
      {execution.error ? (
        <p className="assertion-failed">
          <span aria-hidden="true">✗ </span>
          Request error: {execution.error}
        </p>
      ) : null}
      {execution.assertions.length ? (
        <ul className="assertions" aria-label={`Assertions of ${execution.name}`}>
          {execution.assertions.map((assertion, index) => (
            <li key={index} className={assertion.passed ? 'assertion-passed' : 'assertion-failed'}>
              <span aria-hidden="true">{assertion.passed ? '✓ ' : '✗ '}</span>
              <span className="visually-hidden">{assertion.passed ? 'Passed: ' : 'Failed: '}</span>
              {assertion.name}
              {assertion.error ? <span className="assertion-message"> — {assertion.error}</span> : null}
            </li>
          ))}
        </ul>
      ) : (
        <p className="muted small">No assertions.</p>
      )}
    </li>
  );
}
