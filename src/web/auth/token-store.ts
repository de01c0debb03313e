/**
 * Where the dashboard keeps its API token: localStorage, so a reload or a new tab stays logged in. Components
 * subscribe (useSyncExternalStore) so a 401 anywhere sends the user back to the login page.
 */
const STORAGE_KEY = 'pagewatch.token';

/** Why the user is at the login page, shown there. */
export type LogoutReason = 'signed-out' | 'expired';

type Listener = () => void;
const listeners = new Set<Listener>();
let lastLogoutReason: LogoutReason | null = null;

function readStorage(): string | null {
  try {
    return window.localStorage.getItem(STORAGE_KEY);
  } catch {
    return null; // storage disabled: the token lives only as long as the page
  }
}

let current: string | null = readStorage();

function notify(): void {
  for (const listener of listeners) listener();
}

export const tokenStore = {
  get(): string | null {
    return current;
  },
  set(token: string): void {
    current = token;
    lastLogoutReason = null;
    try {
      window.localStorage.setItem(STORAGE_KEY, token);
    } catch {
      // storage disabled: keep it in memory
    }
    notify();
  },
  clear(reason: LogoutReason): void {
    current = null;
    lastLogoutReason = reason;
    try {
      window.localStorage.removeItem(STORAGE_KEY);
    } catch {
      // nothing stored
    }
    notify();
  },
  lastLogoutReason(): LogoutReason | null {
    return lastLogoutReason;
  },
  subscribe(listener: Listener): () => void {
    listeners.add(listener);
    return () => listeners.delete(listener);
  },
};
