/**
 * The one error catalog: every error pagewatch reports has a stable code from here, an HTTP status for the API
 * and an exit code for the CLI. Codes never change meaning once released.
 */
export const ERROR_CATALOG = {
  PW_ERR_VALIDATION: { httpStatus: 400, exitCode: 2, title: 'Invalid input' },
  PW_ERR_FILE_NOT_FOUND: { httpStatus: 400, exitCode: 2, title: 'File not found' },
  PW_ERR_FILE_NOT_JSON: { httpStatus: 400, exitCode: 2, title: 'File is not valid JSON' },
  PW_ERR_NOT_A_COLLECTION: { httpStatus: 400, exitCode: 2, title: 'Not a Postman collection' },
  PW_ERR_COLLECTION_V1: { httpStatus: 400, exitCode: 2, title: 'Postman Collection v1 is not supported' },
  PW_ERR_BAD_DATA_FILE: { httpStatus: 400, exitCode: 2, title: 'Iteration data file cannot be read' },
  PW_ERR_USAGE: { httpStatus: 400, exitCode: 2, title: 'Invalid command usage' },
  PW_ERR_UNAUTHORIZED: { httpStatus: 401, exitCode: 2, title: 'Missing or invalid token' },
  PW_ERR_FORBIDDEN: { httpStatus: 403, exitCode: 2, title: 'Not allowed for this role' },
  PW_ERR_NOT_FOUND: { httpStatus: 404, exitCode: 2, title: 'Not found' },
  PW_ERR_CONFLICT: { httpStatus: 409, exitCode: 2, title: 'Conflict' },
  PW_ERR_PAYLOAD_TOO_LARGE: { httpStatus: 413, exitCode: 2, title: 'Payload too large' },
  PW_ERR_UNSUPPORTED_MEDIA_TYPE: { httpStatus: 415, exitCode: 2, title: 'Unsupported content type' },
  PW_ERR_PAGERDUTY_REJECTED: { httpStatus: 502, exitCode: 3, title: 'PagerDuty rejected the event' },
  PW_ERR_PAGERDUTY_UNREACHABLE: { httpStatus: 502, exitCode: 3, title: 'PagerDuty could not be reached' },
  PW_ERR_STATE_FILE: { httpStatus: 500, exitCode: 2, title: 'State file cannot be read or written' },
  PW_ERR_INTERNAL: { httpStatus: 500, exitCode: 1, title: 'Internal error' },
  PW_ERR_TOO_MANY_AUTH_FAILURES: { httpStatus: 429, exitCode: 2, title: 'Too many failed sign-in attempts' },
} as const satisfies Record<string, { httpStatus: number; exitCode: number; title: string }>;

export type ErrorCode = keyof typeof ERROR_CATALOG;

/** Where in the input a problem is: a file, a JSON path / field, and optionally a line. */
export interface ErrorDetail {
  /** JSON path or field name, e.g. `info.schema` or `routing_key`. */
  path?: string;
  /** The file the problem is in. */
  file?: string;
  line?: number;
  message: string;
}
