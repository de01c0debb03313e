/** Formats a validation path the way users write it: `item[2].request.url`. */
export function formatZodPath(path: readonly PropertyKey[]): string {
  if (path.length === 0) return '$';
  return path
    .map((key, index) => (typeof key === 'number' ? `[${key}]` : `${index === 0 ? '' : '.'}${String(key)}`))
    .join('');
}
