import type {
  ListPage,
  Monitor,
  MonitorInput,
  MonitorListItem,
  Run,
  RunStatus,
  RunSummary,
} from './api-types';
import { apiRequest } from './http-client';

const base = '/api/v1/monitors';

export interface PageQuery {
  limit?: number;
  cursor?: string;
}

/** `/api/v1/monitors` and `/api/v1/runs`. */
export const monitorsApi = {
  list: (query: PageQuery & { include?: 'stats' } = {}, signal?: AbortSignal) =>
    apiRequest<ListPage<MonitorListItem>>('GET', base, { query: { ...query }, signal }),
  get: (id: string, signal?: AbortSignal) =>
    apiRequest<Monitor>('GET', `${base}/${encodeURIComponent(id)}`, { signal }),
  create: (input: MonitorInput) => apiRequest<Monitor>('POST', base, { body: input }),
  replace: (id: string, input: MonitorInput) =>
    apiRequest<Monitor>('PUT', `${base}/${encodeURIComponent(id)}`, { body: input }),
  remove: (id: string) => apiRequest<undefined>('DELETE', `${base}/${encodeURIComponent(id)}`),
  pause: (id: string) => apiRequest<Monitor>('POST', `${base}/${encodeURIComponent(id)}/pause`),
  resume: (id: string) => apiRequest<Monitor>('POST', `${base}/${encodeURIComponent(id)}/resume`),
  runNow: (id: string) => apiRequest<{ runId: string }>('POST', `${base}/${encodeURIComponent(id)}/run`),
  runs: (id: string, query: PageQuery & { status?: RunStatus } = {}, signal?: AbortSignal) =>
    apiRequest<ListPage<RunSummary>>('GET', `${base}/${encodeURIComponent(id)}/runs`, {
      query: { ...query },
      signal,
    }),
};

export const runsApi = {
  get: (id: string, signal?: AbortSignal) =>
    apiRequest<Run>('GET', `/api/v1/runs/${encodeURIComponent(id)}`, { signal }),
};
