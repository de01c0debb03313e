/** The outcome of reading pasted or uploaded JSON. */
export type JsonObjectResult = { ok: true; value: Record<string, unknown> } | { ok: false; problem: string };

/** Parses text that must hold one JSON object (a Postman collection or environment export). */
export function parseJsonObject(text: string): JsonObjectResult {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { ok: false, problem: `This is not valid JSON: ${(error as Error).message}` };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { ok: false, problem: 'This must be a JSON object (an exported Postman file).' };
  }
  return { ok: true, value: value as Record<string, unknown> };
}

/** Pretty JSON for a text area. */
export function toJsonText(value: unknown): string {
  return value === null || value === undefined ? '' : JSON.stringify(value, null, 2);
}
