import { z } from 'zod';
import type { ErrorCode, ErrorDetail } from '../errors/catalog.js';
import { ERROR_CATALOG } from '../errors/catalog.js';
import { PagewatchError } from '../errors/pagewatch-error.js';
import { formatZodPath } from '../util/format-zod-path.js';
import { RequestValidationError } from './validation.js';

/** The API's one error body, `{error: {code, message, details?}}`, as a schema for OpenAPI and serialization. */
export const apiErrorSchema = z
  .object({
    error: z.object({
      code: z.string().describe('Stable code from the error catalog, e.g. PW_ERR_VALIDATION'),
      message: z.string().describe('A human sentence'),
      details: z
        .array(
          z.object({
            path: z.string().optional().describe('Where in the input, e.g. schedule.cron'),
            file: z.string().optional(),
            line: z.number().optional(),
            message: z.string(),
          }),
        )
        .optional(),
    }),
  })
  .meta({ id: 'ApiError' });

export type ApiErrorBody = z.infer<typeof apiErrorSchema>;

/** What to answer for an error, and whether it is ours (logged as an error) rather than the client's. */
export interface ApiErrorReply {
  status: number;
  body: ApiErrorBody;
  /** A server-side failure: log it with its stack; the body says nothing about it. */
  internal: boolean;
}

const CONTEXT_NAMES: Record<string, string> = {
  body: 'request body',
  querystring: 'query string',
  params: 'path',
  headers: 'request headers',
};

/**
 * Maps anything thrown while handling a request to the API's error reply. Only PagewatchErrors, validation errors
 * and Fastify's own client errors show their message; anything else is PW_ERR_INTERNAL with a message that names
 * the request id and nothing of the error (no stack, no SQL, no secrets).
 */
export function toApiError(error: unknown, context: { requestId: string; bodyLimit: number }): ApiErrorReply {
  if (error instanceof PagewatchError) {
    return { status: error.httpStatus, body: error.toJSON(), internal: error.httpStatus >= 500 };
  }
  const where =
    CONTEXT_NAMES[String((error as { validationContext?: unknown })?.validationContext)] ?? 'request';
  if (error instanceof RequestValidationError) {
    const details = error.issues.map((issue) => ({
      path: formatZodPath(issue.path),
      message: issue.message,
    }));
    return clientError('PW_ERR_VALIDATION', `The ${where} is not valid: ${summarize(details)}`, details);
  }
  const validation = (error as { validation?: unknown })?.validation;
  if (Array.isArray(validation)) {
    const details = validation.map((item: { instancePath?: string; message?: string }) => ({
      path: pointerToPath(item.instancePath ?? ''),
      message: item.message ?? 'is not valid',
    }));
    return clientError('PW_ERR_VALIDATION', `The ${where} is not valid: ${summarize(details)}`, details);
  }
  const statusCode = (error as { statusCode?: unknown })?.statusCode;
  if (typeof statusCode === 'number' && statusCode >= 400 && statusCode < 500) {
    return fastifyClientError(error as { statusCode: number; code?: unknown; message?: unknown }, context);
  }
  return {
    status: 500,
    body: {
      error: {
        code: 'PW_ERR_INTERNAL',
        message: `Internal error; it was logged with request id ${context.requestId}.`,
      },
    },
    internal: true,
  };
}

/** Fastify's own 4xx errors (body too large, bad JSON, bad content type, …) in the catalog's terms. */
function fastifyClientError(
  error: { statusCode: number; code?: unknown; message?: unknown },
  context: { bodyLimit: number },
): ApiErrorReply {
  // Fastify's FST_* messages are fixed texts about the request; other errors' messages may be anything.
  const ownMessage =
    typeof error.code === 'string' && error.code.startsWith('FST_') && typeof error.message === 'string'
      ? error.message
      : undefined;
  switch (error.statusCode) {
    case 401:
      return clientError('PW_ERR_UNAUTHORIZED', ERROR_CATALOG.PW_ERR_UNAUTHORIZED.title);
    case 403:
      return clientError('PW_ERR_FORBIDDEN', ERROR_CATALOG.PW_ERR_FORBIDDEN.title);
    case 404:
      return clientError('PW_ERR_NOT_FOUND', ownMessage ?? ERROR_CATALOG.PW_ERR_NOT_FOUND.title);
    case 409:
      return clientError('PW_ERR_CONFLICT', ownMessage ?? ERROR_CATALOG.PW_ERR_CONFLICT.title);
    case 413:
      return clientError(
        'PW_ERR_PAYLOAD_TOO_LARGE',
        `The request body is larger than the limit of ${context.bodyLimit} bytes.`,
      );
    case 415:
      return clientError('PW_ERR_UNSUPPORTED_MEDIA_TYPE', 'Send JSON: "Content-Type: application/json".');
    default: {
      const problem = typeof error.code === 'string' ? BODY_PROBLEMS[error.code] : undefined;
      if (problem) {
        return clientError(
          'PW_ERR_VALIDATION',
          problem.message ?? ownMessage ?? 'The request body is not valid.',
          [{ path: '$', message: problem.detail }],
        );
      }
      return clientError('PW_ERR_VALIDATION', ownMessage ?? 'The request is not valid.');
    }
  }
}

/**
 * Fastify's JSON body errors, said so that the sender can fix the body. Fastify's own text for the first one ("Body
 * is not valid JSON") is wrong for valid JSON with a `__proto__` key, which its parser refuses too (prototype
 * poisoning), and neither says which part of the request is meant.
 */
const BODY_PROBLEMS: Record<string, { message?: string; detail: string }> = {
  FST_ERR_CTP_INVALID_JSON_BODY: {
    message:
      'The request body is not valid JSON, or it has a "__proto__" or "constructor.prototype" key (refused: prototype poisoning).',
    detail: 'not valid JSON, or a "__proto__" / "constructor.prototype" key',
  },
  FST_ERR_CTP_EMPTY_JSON_BODY: {
    detail: 'empty, with content type application/json: send JSON or no content type',
  },
};

function clientError(code: ErrorCode, message: string, details: ErrorDetail[] = []): ApiErrorReply {
  return {
    status: ERROR_CATALOG[code].httpStatus,
    body: new PagewatchError(code, message, details).toJSON(),
    internal: false,
  };
}

function summarize(details: { path: string; message: string }[]): string {
  const [first] = details;
  if (!first) return 'see details.';
  const more = details.length > 1 ? ` (and ${details.length - 1} more)` : '';
  return `${first.path}: ${first.message}${more}`;
}

/** `/schedule/cron` → `schedule.cron`, `/item/2/request` → `item[2].request` (JSON Schema validators' paths). */
function pointerToPath(pointer: string): string {
  const parts = pointer
    .split('/')
    .filter((part) => part !== '')
    .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((part) => (/^\d+$/.test(part) ? Number(part) : part));
  return formatZodPath(parts);
}
