import pino, { type DestinationStream, type Logger } from 'pino';

/** Keys whose values are secrets wherever they appear in a logged object (compared case-insensitively). */
export const REDACTED_KEYS: readonly string[] = [
  'integrationKey',
  'integration_key',
  'routing_key',
  'service_key',
  'secret',
  'token',
  'password',
  'authorization',
  'cookie',
  'set-cookie',
];

export const REDACTION_CENSOR = '[redacted]';

/**
 * The same keys as pino paths, top level and one level down, plus request headers. They cover what the deep walk
 * below cannot see: values added by serializers (request headers) and child-logger bindings, which pino does not
 * pass through the formatters.
 */
const SECRET_PATHS = [
  ...REDACTED_KEYS.filter((key) => /^\w+$/.test(key)).flatMap((key) => [key, `*.${key}`]),
  'req.headers.authorization',
  'req.headers.cookie',
  'res.headers["set-cookie"]',
];

/**
 * Query parameters whose values are logged as they are: the API's own (ids, filters, paging). Any other value in a
 * logged URL is censored: a login link's `code`, a token a client put in `?token=`, a key a script appended.
 */
export const LOGGED_QUERY_PARAMETERS: ReadonlySet<string> = new Set([
  'limit',
  'cursor',
  'status',
  'include',
  'monitorId',
  'integrationId',
  'incidentId',
]);

/**
 * A URL fit for a log line: the path as it is, query values censored unless {@link LOGGED_QUERY_PARAMETERS} names
 * them. A parameter's name is kept when it looks like a name (short), else the whole pair is censored.
 */
export function redactUrl(url: string): string {
  const start = url.indexOf('?');
  if (start < 0) return url;
  const pairs = url
    .slice(start + 1)
    .split('&')
    .map((pair) => {
      const equals = pair.indexOf('=');
      const name = equals < 0 ? pair : pair.slice(0, equals);
      if (pair === '' || LOGGED_QUERY_PARAMETERS.has(name)) return pair;
      return /^[\w.-]{1,24}$/.test(name) ? `${name}=${REDACTION_CENSOR}` : REDACTION_CENSOR;
    });
  return `${url.slice(0, start)}?${pairs.join('&')}`;
}

/**
 * What a logged `req` shows, its URL censored by {@link redactUrl}: for Fastify's request (the "incoming request"
 * line) the fields Fastify's own serializer picks; a plain object logged as `req` is kept, but for its URL.
 */
function serializeRequest(request: {
  method?: string;
  url?: string;
  host?: string;
  ip?: string;
  socket?: { remotePort?: number } | null;
}): Record<string, unknown> {
  if (typeof request !== 'object' || request === null) return request;
  const prototype = Object.getPrototypeOf(request) as unknown;
  if (prototype === Object.prototype || prototype === null) {
    return typeof request.url === 'string' ? { ...request, url: redactUrl(request.url) } : request;
  }
  return {
    method: request.method,
    url: typeof request.url === 'string' ? redactUrl(request.url) : request.url,
    host: request.host,
    remoteAddress: request.ip,
    remotePort: request.socket?.remotePort,
  };
}

export interface LoggerOptions {
  /** Minimum level written: `fatal | error | warn | info | debug | trace | silent`. Default `info`. */
  level?: string;
  /** Where lines go. Default standard output. Tests pass a stream to read what was logged. */
  destination?: DestinationStream;
}

/**
 * The process logger: JSON lines (pino) with secrets censored. Redaction is by key name at any depth, in arrays
 * too, rather than by fixed paths: a secret is a secret whether it is logged as `integrationKey`,
 * `config.integrationKey` or `integrations[2].config.integrationKey`, and a path list always misses one.
 */
export function createLogger(options: LoggerOptions = {}): Logger {
  const pinoOptions = {
    level: options.level ?? 'info',
    redact: { paths: SECRET_PATHS, censor: REDACTION_CENSOR },
    // Fastify uses the logger's own `req` serializer over its default one, which logs the URL as sent.
    serializers: { req: serializeRequest },
    formatters: {
      log: (object: Record<string, unknown>) => redactSecrets(object),
      bindings: (bindings: Record<string, unknown>) => redactSecrets(bindings),
    },
  };
  return options.destination ? pino(pinoOptions, options.destination) : pino(pinoOptions);
}

const redactedKeys = new Set(REDACTED_KEYS.map((key) => key.toLowerCase()));

/**
 * A copy of `value` with every secret-named key censored. Only plain objects and arrays are walked (copied on
 * the way); other instances (errors, dates, buffers) are kept as they are so pino's serializers still see them.
 */
export function redactSecrets<T>(value: T): T {
  return redactValue(value, new WeakSet()) as T;
}

function redactValue(value: unknown, seen: WeakSet<object>): unknown {
  if (typeof value !== 'object' || value === null) return value;
  if (seen.has(value)) return value;
  if (Array.isArray(value)) {
    seen.add(value);
    return value.map((item) => redactValue(item, seen));
  }
  const prototype = Object.getPrototypeOf(value) as unknown;
  if (prototype !== Object.prototype && prototype !== null) return value;
  seen.add(value);
  const copy: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    copy[key] =
      redactedKeys.has(key.toLowerCase()) && item != null ? REDACTION_CENSOR : redactValue(item, seen);
  }
  return copy;
}
