import { useSyncExternalStore } from 'react';
import { tokenStore } from '../auth/token-store';

/** The stored API token; re-renders on login and logout (also a 401 from any request). */
export function useToken(): string | null {
  return useSyncExternalStore(tokenStore.subscribe, tokenStore.get);
}
