import type { Delivery, DeliveryStatus, Incident, ListPage } from './api-types';
import { apiRequest } from './http-client';
import type { PageQuery } from './monitors-api';

/** `?status=` of the incident list: `open` is triggered or acknowledged. */
export type IncidentFilter = 'open' | 'triggered' | 'acknowledged' | 'resolved';

/** `/api/v1/incidents` and the outbox, `/api/v1/deliveries`. */
export const incidentsApi = {
  list: (query: PageQuery & { status?: IncidentFilter; monitorId?: string } = {}, signal?: AbortSignal) =>
    apiRequest<ListPage<Incident>>('GET', '/api/v1/incidents', { query: { ...query }, signal }),
  acknowledge: (id: string) =>
    apiRequest<Incident>('POST', `/api/v1/incidents/${encodeURIComponent(id)}/acknowledge`),
  resolve: (id: string) =>
    apiRequest<Incident>('POST', `/api/v1/incidents/${encodeURIComponent(id)}/resolve`),
};

export const deliveriesApi = {
  list: (
    query: PageQuery & { status?: DeliveryStatus; incidentId?: string; integrationId?: string } = {},
    signal?: AbortSignal,
  ) => apiRequest<ListPage<Delivery>>('GET', '/api/v1/deliveries', { query: { ...query }, signal }),
};
