import { tokenStore } from '../auth/token-store';
import { ApiError, NetworkError } from './api-error';

/** Query values; undefined ones are left out. */
export type Query = Record<string, string | number | boolean | undefined>;

export interface RequestOptions {
  body?: unknown;
  query?: Query;
  /**
   * The bearer token. Default: the stored one, and a 401 then logs the user out. Pass a token to check it (the
   * login page), or null to send none (the login-code exchange).
   */
  token?: string | null;
  signal?: AbortSignal;
}

/** `path` with its query string, e.g. `/api/v1/runs?limit=50&status=failure`. */
export function withQuery(path: string, query: Query = {}): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined) params.set(key, String(value));
  }
  const text = params.toString();
  return text ? `${path}?${text}` : path;
}

/**
 * Calls this origin's REST API and returns the parsed JSON (undefined for 204). Throws {@link ApiError} for an
 * error status (with the API's code and field details) and {@link NetworkError} when there is no answer.
 */
export async function apiRequest<T>(method: string, path: string, options: RequestOptions = {}): Promise<T> {
  const usesStoredToken = options.token === undefined;
  const token = usesStoredToken ? tokenStore.get() : options.token;
  const url = withQuery(path, options.query);
  const headers: Record<string, string> = { accept: 'application/json' };
  if (token) headers.authorization = `Bearer ${token}`;
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  let response: Response;
  try {
    response = await fetch(url, {
      method,
      headers,
      ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}),
      ...(options.signal ? { signal: options.signal } : {}),
    });
  } catch (error) {
    if (options.signal?.aborted) throw error;
    throw new NetworkError(url, error);
  }
  const body = await readJson(response);
  if (response.ok) return body as T;
  if (response.status === 401 && usesStoredToken && token) tokenStore.clear('expired');
  throw ApiError.fromResponse(response.status, body);
}

async function readJson(response: Response): Promise<unknown> {
  const text = await response.text();
  if (!text) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
