import type { Integration, IntegrationInput, ListPage } from './api-types';
import { apiRequest } from './http-client';

const base = '/api/v1/integrations';

/** `/api/v1/integrations`: keys come back masked; a masked key sent back keeps the stored one. */
export const integrationsApi = {
  list: (signal?: AbortSignal) => apiRequest<ListPage<Integration>>('GET', base, { signal }),
  get: (id: string, signal?: AbortSignal) =>
    apiRequest<Integration>('GET', `${base}/${encodeURIComponent(id)}`, { signal }),
  create: (input: IntegrationInput) => apiRequest<Integration>('POST', base, { body: input }),
  replace: (id: string, input: IntegrationInput) =>
    apiRequest<Integration>('PUT', `${base}/${encodeURIComponent(id)}`, { body: input }),
  remove: (id: string) => apiRequest<undefined>('DELETE', `${base}/${encodeURIComponent(id)}`),
  sendTest: (id: string) =>
    apiRequest<{ deliveryIds: string[] }>('POST', `${base}/${encodeURIComponent(id)}/test`),
};
