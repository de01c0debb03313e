import { z } from 'zod';
import type { Page } from '../store/pagination.js';

export const DEFAULT_PAGE_LIMIT = 50;
export const MAX_PAGE_LIMIT = 200;

/**
 * `?limit=&cursor=` of every list. Extend it for filters: `paginationQuerySchema.extend({ status: … })`.
 * `cursor` is opaque: the `nextCursor` of the previous page.
 */
export const paginationQuerySchema = z.object({
  limit: z.coerce
    .number()
    .int()
    .min(1)
    .max(MAX_PAGE_LIMIT)
    .default(DEFAULT_PAGE_LIMIT)
    .describe(`Items per page, 1…${MAX_PAGE_LIMIT}. Default ${DEFAULT_PAGE_LIMIT}.`),
  cursor: z
    .string()
    .min(1)
    .max(1024)
    .optional()
    .describe('nextCursor of the previous page; omit for the first page'),
});

export type PaginationQuery = z.output<typeof paginationQuerySchema>;

export const paginationSchema = z.object({
  limit: z.number().int().min(1).max(MAX_PAGE_LIMIT),
  nextCursor: z.string().nullable().describe('Pass as ?cursor= for the next page; null on the last page'),
});

/** `{data: [...], pagination: {limit, nextCursor}}`: the shape of every list response. */
export interface ListResponse<T> {
  data: T[];
  pagination: { limit: number; nextCursor: string | null };
}

/** The response schema of a list of `item`, e.g. `response: { 200: listResponseSchema(monitorSchema) }`. */
export function listResponseSchema<Item extends z.ZodType>(item: Item) {
  return z.object({ data: z.array(item), pagination: paginationSchema });
}

/** Wraps a store page (`{items, nextCursor}`) in the API's list shape. */
export function toListResponse<T>(page: Page<T>, limit: number): ListResponse<T> {
  return { data: page.items, pagination: { limit, nextCursor: page.nextCursor } };
}
