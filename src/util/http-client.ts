/**
 * The HTTP client notifiers are given. Injected so tests can fake the transport and so every outbound call goes
 * through one place (timeouts, no redirects to surprising hosts).
 */
export interface HttpRequest {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  url: string;
  headers: Record<string, string>;
  body?: string;
  /** Abort the request after this many milliseconds. Default 10 000. */
  timeoutMs?: number;
}

export interface HttpResponse {
  status: number;
  /** Header names lower-cased. */
  headers: Record<string, string>;
  body: string;
}

/** Resolves with any HTTP response (including 4xx/5xx); rejects only on network errors and timeouts. */
export type HttpClient = (request: HttpRequest) => Promise<HttpResponse>;

/** Default request timeout for {@link fetchHttpClient}. */
export const DEFAULT_HTTP_TIMEOUT_MS = 10_000;

/** An {@link HttpClient} on Node's built-in fetch (undici). */
export const fetchHttpClient: HttpClient = async (request) => {
  const response = await fetch(request.url, {
    method: request.method,
    headers: request.headers,
    body: request.body,
    redirect: 'manual',
    signal: AbortSignal.timeout(request.timeoutMs ?? DEFAULT_HTTP_TIMEOUT_MS),
  });
  const headers: Record<string, string> = {};
  response.headers.forEach((value, name) => {
    headers[name.toLowerCase()] = value;
  });
  return { status: response.status, headers, body: await response.text() };
};
