import { z } from 'zod';
import { PagewatchError } from '../errors/pagewatch-error.js';
import type { ErrorDetail } from '../errors/catalog.js';
import { formatZodPath } from '../util/format-zod-path.js';

/** Schema URLs of the collection formats pagewatch runs. */
const SUPPORTED_SCHEMAS = [
  'https://schema.getpostman.com/json/collection/v2.0.0/collection.json',
  'https://schema.getpostman.com/json/collection/v2.1.0/collection.json',
  'https://schema.postman.com/json/collection/v2.0.0/collection.json',
  'https://schema.postman.com/json/collection/v2.1.0/collection.json',
];

const CONVERT_HINT =
  'Convert it to v2.1 first: import it in Postman and export it as "Collection v2.1", or run ' +
  '`npx postman-collection-transformer convert -i <v1.json> -o <v2.json> -j 1.0.0 -p 2.1.0`.';

const eventSchema = z.looseObject({ listen: z.string(), script: z.unknown().optional() });
/** postman-collection (and so Newman) also takes a single event object where the format has an array. */
const eventsSchema = z.union([z.array(eventSchema), eventSchema]);

/**
 * The minimum a v2 collection needs for postman-runtime to run it. Deliberately loose (unknown fields are
 * kept): the job here is to name the first thing that is structurally wrong, not to re-implement the schema.
 */
interface ItemShape {
  item?: ItemShape[];
  request?: unknown;
}
const itemSchema: z.ZodType<ItemShape> = z.lazy(() =>
  z
    .looseObject({
      name: z.string().optional(),
      request: z.union([z.string(), z.looseObject({ url: z.unknown().optional() })]).optional(),
      item: z.array(itemSchema).optional(),
      event: eventsSchema.optional(),
    })
    .refine((value) => value.request !== undefined || value.item !== undefined, {
      message: 'an item needs either "request" (a request) or "item" (a folder)',
    }),
);

const collectionSchema = z.looseObject({
  info: z.looseObject({ name: z.string().optional(), schema: z.string().optional() }).optional(),
  item: z.array(itemSchema, { message: 'must be an array of requests and folders' }),
  event: eventsSchema.optional(),
  variable: z.array(z.looseObject({})).optional(),
});

/**
 * How deep folders may nest. Postman's own UI makes a few levels; the limit is there so that a (generated or
 * malicious) collection nested thousands of levels deep gets an error naming the spot instead of overflowing the
 * stack of the recursive checks and of postman-runtime.
 */
export const MAX_FOLDER_DEPTH = 100;

/** The path of the first item nested deeper than {@link MAX_FOLDER_DEPTH} (iteratively: no recursion here). */
function firstFolderTooDeep(items: unknown): (string | number)[] | undefined {
  const stack: { items: unknown; path: (string | number)[] }[] = [{ items, path: ['item'] }];
  while (stack.length) {
    const { items: current, path } = stack.pop() as { items: unknown; path: (string | number)[] };
    if (!Array.isArray(current)) continue;
    const depth = path.filter((key) => key === 'item').length;
    for (const [index, item] of current.entries()) {
      if (depth - 1 > MAX_FOLDER_DEPTH) return [...path, index]; // inside more than MAX folders
      const children = (item as { item?: unknown } | null)?.item;
      if (typeof item === 'object' && item !== null && children !== undefined) {
        stack.push({ items: children, path: [...path, index, 'item'] });
      }
    }
  }
  return undefined;
}

/** True when the JSON is in Postman's old v1 format (`requests`, `order`, `folders` at the top). */
export function isV1Collection(json: Record<string, unknown>): boolean {
  const schema = (json.info as Record<string, unknown> | undefined)?.schema;
  if (typeof schema === 'string' && /collection\/v1/.test(schema)) return true;
  return !('item' in json) && (Array.isArray(json.requests) || Array.isArray(json.order));
}

/** The field that shows a collection is v1: its schema URL when it names v1, else `requests` or `order`. */
function v1Marker(json: Record<string, unknown>): string {
  if (typeof (json.info as Record<string, unknown> | undefined)?.schema === 'string' && 'info' in json) {
    const schema = (json.info as Record<string, unknown>).schema as string;
    if (/collection\/v1/.test(schema)) return 'info.schema';
  }
  return Array.isArray(json.requests) ? 'requests' : 'order';
}

/**
 * Checks that JSON is a Postman Collection v2.0/v2.1 that can be run. Throws a PagewatchError naming the file
 * and the JSON path of each problem; returns warnings for things that run but look wrong.
 */
export function checkCollection(json: unknown, file: string): { warnings: string[] } {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    throw new PagewatchError(
      'PW_ERR_NOT_A_COLLECTION',
      `${file} is not a Postman collection: expected a JSON object, found ${describe(json)}.`,
      [{ file, path: '$', message: `expected an object, found ${describe(json)}` }],
    );
  }
  const record = json as Record<string, unknown>;
  if (isV1Collection(record)) {
    throw new PagewatchError(
      'PW_ERR_COLLECTION_V1',
      `${file} is a Postman Collection v1, which is no longer supported. ${CONVERT_HINT}`,
      [{ file, path: v1Marker(record), message: 'Postman Collection v1 format' }],
    );
  }
  const tooDeep = firstFolderTooDeep(record.item);
  if (tooDeep) {
    const path = formatZodPath(tooDeep);
    const message = `folders are nested more than ${MAX_FOLDER_DEPTH} levels deep`;
    throw new PagewatchError(
      'PW_ERR_NOT_A_COLLECTION',
      `${file} is not a Postman collection: field "${path}": ${message}.`,
      [{ file, path, message }],
    );
  }
  const parsed = collectionSchema.safeParse(record);
  if (!parsed.success) {
    const details: ErrorDetail[] = parsed.error.issues.slice(0, 20).map((issue) => ({
      file,
      path: formatZodPath(issue.path),
      message: issue.message,
    }));
    const first = details[0];
    throw new PagewatchError(
      'PW_ERR_NOT_A_COLLECTION',
      `${file} is not a Postman collection: field "${first?.path}" ${first?.message}.`,
      details,
    );
  }
  const warnings: string[] = [];
  const schema = parsed.data.info?.schema;
  if (schema !== undefined && !SUPPORTED_SCHEMAS.includes(schema)) {
    warnings.push(
      `${file}: info.schema "${schema}" is not a known v2.0/v2.1 schema URL; running it as v2.1.`,
    );
  }
  return { warnings };
}

function describe(value: unknown): string {
  if (Array.isArray(value)) return 'an array';
  if (value === null) return 'null';
  return `a ${typeof value}`;
}
