import type { ApiErrorBody, ErrorDetail } from './api-types';

/** The API answered with an error body (`{error: {code, message, details}}`) or at least an error status. */
export class ApiError extends Error {
  readonly status: number;
  /** A code of the API's catalog, e.g. `PW_ERR_VALIDATION`; `PW_ERR_HTTP_<status>` when the body had none. */
  readonly code: string;
  readonly details: readonly ErrorDetail[];

  constructor(status: number, code: string, message: string, details: readonly ErrorDetail[] = []) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.details = details;
  }

  /** Builds the error from a response's status and whatever its body parsed to. */
  static fromResponse(status: number, body: unknown): ApiError {
    const error = (body as Partial<ApiErrorBody> | undefined)?.error;
    if (error && typeof error.message === 'string') {
      return new ApiError(status, String(error.code), error.message, error.details ?? []);
    }
    return new ApiError(status, `PW_ERR_HTTP_${status}`, `The server answered ${status}.`);
  }
}

/** The request never got an answer (server down, network, CORS). */
export class NetworkError extends Error {
  constructor(url: string, cause: unknown) {
    super(`Could not reach ${url}: ${cause instanceof Error ? cause.message : String(cause)}`);
    this.name = 'NetworkError';
  }
}

/** A sentence for any error a request can throw. */
export function describeError(error: unknown): string {
  if (error instanceof Error) return error.message;
  return String(error);
}
