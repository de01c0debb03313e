import { useState } from 'react';
import { useAllMonitors } from '../hooks/use-all-monitors';
import { ErrorNotice } from './error-notice';
import { FieldErrorText } from './form-field';
import { StatusBadge } from './status-badge';

/** Above this many monitors the list gets a filter box. */
const FILTER_FROM = 8;

/** Checkboxes to choose the monitors an integration pages for, with a filter when there are many. */
export function MonitorPicker({
  selected,
  onChange,
  errors,
}: {
  selected: readonly string[];
  onChange: (ids: string[]) => void;
  errors?: readonly string[] | undefined;
}) {
  const monitors = useAllMonitors();
  const [filter, setFilter] = useState('');
  const all = monitors.data ?? [];
  const shown = filter
    ? all.filter((monitor) => monitor.name.toLowerCase().includes(filter.trim().toLowerCase()))
    : all;
  const toggle = (id: string, checked: boolean): void =>
    onChange(checked ? [...selected, id] : selected.filter((value) => value !== id));

  return (
    <fieldset
      className={`field-group${errors?.length ? ' field-invalid' : ''}`}
      aria-describedby="monitors-hint"
    >
      <legend>Monitors</legend>
      <div className="field-hint" id="monitors-hint">
        An incident opens in PagerDuty when one of these fails. {selected.length} selected.
      </div>
      <ErrorNotice error={monitors.error} title="Could not load the monitors" />
      {monitors.loading ? <p role="status">Loading monitors…</p> : null}
      {monitors.data && all.length === 0 ? (
        <p className="muted">No monitors yet: add one first, or add it to this integration later.</p>
      ) : null}
      {all.length >= FILTER_FROM ? (
        <div className="field">
          <label htmlFor="monitor-filter">Filter monitors</label>
          <input
            id="monitor-filter"
            type="search"
            value={filter}
            onChange={(event) => setFilter(event.target.value)}
          />
        </div>
      ) : null}
      <ul className="checkbox-list">
        {shown.map((monitor) => (
          <li key={monitor.id}>
            <label>
              <input
                type="checkbox"
                value={monitor.id}
                checked={selected.includes(monitor.id)}
                onChange={(event) => toggle(monitor.id, event.target.checked)}
              />{' '}
              {monitor.name} <StatusBadge status={monitor.status} />
            </label>
          </li>
        ))}
      </ul>
      {errors?.length ? <FieldErrorText id="monitorIds-error" errors={errors} /> : null}
    </fieldset>
  );
}
