/** `{{name}}` placeholders; names starting with `$` are Postman's dynamic variables, always resolved. */
const PLACEHOLDER = /\{\{([^{}]+)\}\}/g;

/**
 * Names of `{{variables}}` still present in text sent on the wire, i.e. ones that no environment, globals,
 * collection, data or script defined. postman-runtime sends them literally (URL-encoded in URLs).
 */
export function findUnresolvedVariables(texts: readonly string[]): string[] {
  const names = new Set<string>();
  for (const text of texts) {
    for (const match of safeDecode(text).matchAll(PLACEHOLDER)) {
      const name = match[1]?.trim();
      if (name && !name.startsWith('$')) names.add(name);
    }
  }
  return [...names];
}

function safeDecode(text: string): string {
  if (!text.includes('%7B') && !text.includes('%7b')) return text;
  try {
    return decodeURIComponent(text);
  } catch {
    return text.replace(/%7B/gi, '{').replace(/%7D/gi, '}');
  }
}
