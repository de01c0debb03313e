import { useEffect, useRef } from 'react';

/** Calls `reload` whenever `value` changes after the first render (e.g. a monitor's last run id). */
export function useReloadOnChange(value: string, reload: () => Promise<void>): void {
  const seen = useRef(value);
  useEffect(() => {
    if (seen.current === value) return;
    seen.current = value;
    void reload();
  }, [value, reload]);
}
