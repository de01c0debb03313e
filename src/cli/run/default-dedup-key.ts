import { createHash } from 'node:crypto';
import { resolve } from 'node:path';

/**
 * The dedup key `pagewatch run` uses when none is given: stable across runs so that every run of the same
 * collection speaks about the same PagerDuty alert. From the collection's Postman id, else its name, else the
 * file's absolute path (hashed, to keep paths out of PagerDuty).
 */
export function defaultDedupKey(collection: Record<string, unknown>, file: string): string {
  const info = (collection.info ?? {}) as Record<string, unknown>;
  const id = typeof info._postman_id === 'string' ? info._postman_id.trim() : '';
  if (id) return `pagewatch/collection/${id}`;
  const name = typeof info.name === 'string' ? slug(info.name) : '';
  if (name) return `pagewatch/collection/${name}`;
  return `pagewatch/file/${createHash('sha256').update(resolve(file)).digest('hex').slice(0, 16)}`;
}

function slug(text: string): string {
  return text
    .normalize('NFKD')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 200);
}

/** The collection's display name: `info.name`, else the file name. */
export function collectionName(collection: Record<string, unknown>, file: string): string {
  const name = (collection.info as Record<string, unknown> | undefined)?.name;
  return typeof name === 'string' && name.trim() ? name : (file.split('/').pop() ?? file);
}
