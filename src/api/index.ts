// What route authors and `pagewatch serve` use from the API layer.
export type { ApiApp, ApiRoutePlugin } from './api-types.js';
export { API_PREFIX, buildApiApp, DEFAULT_BODY_LIMIT, type ApiAppOptions } from './build-app.js';
export { apiErrorSchema, type ApiErrorBody } from './error-response.js';
export {
  DEFAULT_PAGE_LIMIT,
  listResponseSchema,
  MAX_PAGE_LIMIT,
  paginationQuerySchema,
  paginationSchema,
  toListResponse,
  type ListResponse,
  type PaginationQuery,
} from './pagination.js';
export type { HealthReport } from './routes/operations-routes.js';
