import { useCallback, useEffect, useRef, useState } from 'react';

export interface ApiData<T> {
  data: T | undefined;
  error: unknown;
  /** True until the first answer (later reloads keep showing the previous data). */
  loading: boolean;
  /** Loads again now; resolves when done. */
  reload: () => Promise<void>;
}

export interface ApiDataOptions {
  /** Reload this often while the page is visible, e.g. 5000. Default: never. */
  pollMs?: number;
  /** Don't load at all while false (e.g. a row not yet scrolled into view). Default true. */
  enabled?: boolean;
  /**
   * While a new `key` loads, keep showing the previous key's data (e.g. a row's stats while its newer runs load)
   * instead of nothing. Default false.
   */
  keepPreviousData?: boolean;
}

/**
 * Loads `load()` when `key` changes (and every `pollMs`), aborting a stale request; errors are kept, not thrown.
 * `key` must capture everything `load` depends on, e.g. `monitors:${cursor}`.
 */
export function useApiData<T>(
  key: string,
  load: (signal: AbortSignal) => Promise<T>,
  options: ApiDataOptions = {},
): ApiData<T> {
  const { pollMs, enabled = true, keepPreviousData = false } = options;
  const [state, setState] = useState<{ key: string; data: T | undefined; error: unknown }>({
    key: '',
    data: undefined,
    error: undefined,
  });
  const loadRef = useRef(load);
  loadRef.current = load;
  const controllerRef = useRef<AbortController | null>(null);

  const reload = useCallback(async () => {
    controllerRef.current?.abort();
    const controller = new AbortController();
    controllerRef.current = controller;
    try {
      const data = await loadRef.current(controller.signal);
      if (!controller.signal.aborted) setState({ key, data, error: undefined });
    } catch (error) {
      if (!controller.signal.aborted) setState((previous) => ({ key, data: previous.data, error }));
    }
  }, [key]);

  useEffect(() => {
    if (!enabled) return undefined;
    void reload();
    const timer =
      pollMs === undefined
        ? undefined
        : window.setInterval(() => {
            if (document.visibilityState === 'visible') void reload();
          }, pollMs);
    return () => {
      window.clearInterval(timer);
      controllerRef.current?.abort();
    };
  }, [reload, pollMs, enabled]);

  const current = state.key === key;
  return {
    data: current || keepPreviousData ? state.data : undefined,
    error: current ? state.error : undefined,
    loading: !current,
    reload,
  };
}
