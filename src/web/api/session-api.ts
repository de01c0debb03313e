import { ApiError } from './api-error';
import type { DemoState, LoginExchange } from './api-types';
import { apiRequest } from './http-client';

/** Logging in, and the demo's switch (`pagewatch demo` only). */
export const sessionApi = {
  /** Turns the code of a one-time login link into a token; needs no token itself. */
  exchangeLoginCode: (code: string) =>
    apiRequest<LoginExchange>('POST', '/api/v1/auth/exchange', { body: { code }, token: null }),
  /** Resolves when the API accepts `token` (any role can list monitors). */
  checkToken: async (token: string): Promise<void> => {
    await apiRequest('GET', '/api/v1/monitors', { query: { limit: 1 }, token });
  },
  /** The demo's state, or null when this server is not running the demo (404). */
  demoState: async (signal?: AbortSignal): Promise<DemoState | null> => {
    try {
      return await apiRequest<DemoState>('GET', '/api/v1/demo', { signal });
    } catch (error) {
      if (error instanceof ApiError && error.status === 404) return null;
      throw error;
    }
  },
  setDemoBroken: (broken: boolean) =>
    apiRequest<{ broken: boolean }>('POST', `/api/v1/demo/${broken ? 'break' : 'fix'}`),
};
