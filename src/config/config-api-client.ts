import type { ErrorDetail } from '../errors/catalog.js';
import type { CurrentState, RemoteIntegration, RemoteMonitor } from './plan.js';

/**
 * How `apply` reaches the REST API: one request, one answer. Over HTTP with fetch for the CLI
 * ({@link fetchTransport}); through Fastify's inject for `serve --config` (inject-transport.ts). Either way the
 * request goes through the same auth, validation and routes as any other client's (API.md: one interface).
 */
export interface ApiTransport {
  /** A description of where requests go, for messages ("http://127.0.0.1:8080"). */
  target: string;
  request(method: string, path: string, body?: unknown): Promise<{ status: number; body: unknown }>;
}

/**
 * The API answered with an error (`{error: {code, message, details}}`), or with something that is not the API
 * (then `code` is undefined).
 */
export class ApiCallError extends Error {
  readonly status: number;
  readonly code: string | undefined;
  readonly details: ErrorDetail[];

  constructor(status: number, code: string | undefined, message: string, details: ErrorDetail[] = []) {
    super(message);
    this.name = 'ApiCallError';
    this.status = status;
    this.code = code;
    this.details = details;
  }
}

/** The server could not be reached at all (refused, DNS, timeout): nothing was read or written by that call. */
export class ServerUnreachableError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ServerUnreachableError';
  }
}

export interface FetchTransportOptions {
  /** Base URL of the server, e.g. `http://127.0.0.1:8080`. */
  server: string;
  /** Bearer token (editor role or above). */
  token?: string;
  /** Default the global fetch. */
  fetch?: typeof fetch;
  /** Per-request timeout. Default 60 000 ms. */
  timeoutMs?: number;
}

export function fetchTransport(options: FetchTransportOptions): ApiTransport {
  const base = options.server.replace(/\/+$/, '');
  const doFetch = options.fetch ?? fetch;
  return {
    target: base,
    async request(method, path, body) {
      let response: Response;
      try {
        response = await doFetch(`${base}${path}`, {
          method,
          headers: {
            accept: 'application/json',
            ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
            ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
          },
          ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
          signal: AbortSignal.timeout(options.timeoutMs ?? 60_000),
        });
      } catch (error) {
        const cause = (error as { cause?: { code?: string; message?: string } }).cause;
        const reason = cause?.code ?? cause?.message ?? (error as Error).message;
        throw new ServerUnreachableError(`the pagewatch server at ${base} cannot be reached (${reason})`, {
          cause: error,
        });
      }
      const text = await response.text();
      let parsed: unknown = undefined;
      try {
        parsed = text ? JSON.parse(text) : undefined;
      } catch {
        parsed = text;
      }
      return { status: response.status, body: parsed };
    },
  };
}

/** The calls `apply` makes, over any transport. Errors are {@link ApiCallError} / {@link ServerUnreachableError}. */
export interface ConfigApiClient {
  target: string;
  readState(): Promise<CurrentState>;
  createMonitor(body: unknown): Promise<{ id: string }>;
  replaceMonitor(id: string, body: unknown): Promise<void>;
  deleteMonitor(id: string): Promise<void>;
  createIntegration(body: unknown): Promise<{ id: string }>;
  replaceIntegration(id: string, body: unknown): Promise<void>;
  deleteIntegration(id: string): Promise<void>;
}

const PAGE_LIMIT = 200;

export function createConfigApiClient(transport: ApiTransport): ConfigApiClient {
  const call = async <T>(method: string, path: string, body?: unknown): Promise<T> => {
    const response = await transport.request(method, path, body);
    if (response.status >= 200 && response.status < 300) return response.body as T;
    throw toApiCallError(response.status, response.body, `${method} ${path}`);
  };
  const ref = (id: string) => encodeURIComponent(id);
  return {
    target: transport.target,
    async readState() {
      const monitors: RemoteMonitor[] = [];
      let cursor: string | null = null;
      do {
        const query = `limit=${PAGE_LIMIT}&include=collection${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
        const page: { data: RemoteMonitor[]; pagination: { nextCursor: string | null } } = await call(
          'GET',
          `/api/v1/monitors?${query}`,
        );
        monitors.push(...page.data);
        cursor = page.pagination.nextCursor;
      } while (cursor);
      const integrations = await call<{ data: RemoteIntegration[] }>('GET', '/api/v1/integrations');
      return { monitors, integrations: integrations.data };
    },
    createMonitor: (body) => call('POST', '/api/v1/monitors', body),
    replaceMonitor: async (id, body) => void (await call('PUT', `/api/v1/monitors/${ref(id)}`, body)),
    deleteMonitor: async (id) => void (await call('DELETE', `/api/v1/monitors/${ref(id)}`)),
    createIntegration: (body) => call('POST', '/api/v1/integrations', body),
    replaceIntegration: async (id, body) => void (await call('PUT', `/api/v1/integrations/${ref(id)}`, body)),
    deleteIntegration: async (id) => void (await call('DELETE', `/api/v1/integrations/${ref(id)}`)),
  };
}

/** Proxy answers that mean the pagewatch server behind them is not there. */
const GATEWAY_STATUSES = new Set([502, 503, 504]);

function toApiCallError(status: number, body: unknown, what: string): Error {
  const error = (body as { error?: { code?: unknown; message?: unknown; details?: unknown } } | undefined)
    ?.error;
  if (error && typeof error.code === 'string' && typeof error.message === 'string') {
    return new ApiCallError(
      status,
      error.code,
      error.message,
      Array.isArray(error.details) ? (error.details as ErrorDetail[]) : [],
    );
  }
  const text = typeof body === 'string' ? body.slice(0, 200) : JSON.stringify(body ?? null).slice(0, 200);
  if (GATEWAY_STATUSES.has(status)) {
    return new ServerUnreachableError(`${what} answered ${status} from a proxy, not from pagewatch: ${text}`);
  }
  return new ApiCallError(
    status,
    undefined,
    `${what} answered ${status}, not a pagewatch API reply: ${text}`,
  );
}
