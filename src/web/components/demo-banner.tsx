import { useState } from 'react';
import { Link } from 'react-router-dom';
import type { DemoState } from '../api/api-types';
import { sessionApi } from '../api/session-api';
import { useApiData } from '../hooks/use-api-data';
import { ErrorNotice } from './error-notice';

/**
 * Shown only when the server runs `pagewatch demo` (`GET /api/v1/demo` answers; it is 404 otherwise): explains the
 * demo and holds its switch, which makes the demo API fail so an incident opens, and heal so it resolves.
 */
export function DemoBanner() {
  const demo = useApiData('demo', (signal) => sessionApi.demoState(signal), { pollMs: 15_000 });
  const [override, setOverride] = useState<DemoState | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(undefined);
  const state = override && demo.data ? { ...demo.data, broken: override.broken } : demo.data;
  if (!state) return null;

  const toggle = async (): Promise<void> => {
    setBusy(true);
    setError(undefined);
    try {
      const { broken } = await sessionApi.setDemoBroken(!state.broken);
      setOverride({ ...state, broken });
      await demo.reload();
      setOverride(null);
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className={`demo-banner${state.broken ? ' demo-broken' : ''}`} aria-label="Demo">
      <p>
        <strong>Demo mode.</strong> pagewatch is checking a small demo API (<code>{state.demoApiUrl}</code>)
        and pages a local PagerDuty sandbox. The demo API is{' '}
        <strong>{state.broken ? '✗ broken: it answers with errors' : '✓ healthy'}</strong>.{' '}
        {state.broken
          ? 'Watch the next run fail and an incident open; then fix it to see it resolve.'
          : 'Break it and watch the next run fail and an incident open.'}{' '}
        <Link to="/sandbox">Open the PagerDuty sandbox console</Link>.
      </p>
      <button
        type="button"
        className={state.broken ? 'button-primary' : 'button-danger'}
        onClick={toggle}
        disabled={busy}
      >
        {state.broken ? 'Fix the demo API' : 'Break the demo API'}
      </button>
      <ErrorNotice error={error} title="The demo switch failed" />
    </section>
  );
}
