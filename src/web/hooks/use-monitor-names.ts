import { useEffect, useState } from 'react';
import { knownMonitorName, loadMonitorNames } from '../lib/monitor-name-cache';

/**
 * A function from monitor id to a display name: the name once known, "(deleted monitor)" for one that is gone,
 * and the id meanwhile. Loads the names it does not know yet.
 */
export function useMonitorNames(ids: readonly string[]): (id: string | null) => string {
  const missing = [...new Set(ids)].filter((id) => knownMonitorName(id) === undefined).sort();
  const key = missing.join(',');
  const [, setLoaded] = useState(0);
  useEffect(() => {
    if (!key) return undefined;
    let current = true;
    loadMonitorNames(key.split(','))
      .catch(() => undefined) // names are a nicety: the ids stay visible
      .finally(() => current && setLoaded((count) => count + 1));
    return () => {
      current = false;
    };
  }, [key]);
  return (id) => {
    if (id === null) return '—';
    const name = knownMonitorName(id);
    return name === null ? '(deleted monitor)' : (name ?? id);
  };
}
