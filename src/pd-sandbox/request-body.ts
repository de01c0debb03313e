/** Reading a request body with a size cap, without trusting Content-Length. */
import type { IncomingMessage } from 'node:http';

/** How much of an oversized or unparseable body the event log keeps, so one huge request cannot bloat it. */
export const BODY_PREVIEW_CHARACTERS = 2_048;

export type ReceivedBody =
  { kind: 'complete'; text: string; bytes: number } | { kind: 'too-large'; bytes: number; preview: string };

/**
 * Reads the whole body. Past `maxBytes` it keeps draining (and counting) but stops buffering, so the client can
 * finish sending and read our answer instead of seeing a broken pipe.
 */
export function readRequestBody(request: IncomingMessage, maxBytes: number): Promise<ReceivedBody> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let bytes = 0;
    let buffered = 0;
    request.on('data', (chunk: Buffer) => {
      bytes += chunk.length;
      // Keep the first chunk even when it alone is over the cap, so the log still has a preview.
      if (bytes <= maxBytes || buffered === 0) {
        chunks.push(chunk);
        buffered += chunk.length;
      }
    });
    request.on('error', reject);
    request.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      if (bytes > maxBytes)
        resolve({ kind: 'too-large', bytes, preview: text.slice(0, BODY_PREVIEW_CHARACTERS) });
      else resolve({ kind: 'complete', text, bytes });
    });
  });
}

export type ParsedJson = { ok: true; value: unknown } | { ok: false; problem: string };

/** Parses JSON, naming the problem (e.g. "Unexpected token } in JSON at position 12") when it is not. */
export function parseJson(text: string): ParsedJson {
  if (text.trim() === '') return { ok: false, problem: 'the request body is empty' };
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch (error) {
    return { ok: false, problem: error instanceof Error ? error.message : String(error) };
  }
}

/** True for a JSON object (not null, not an array). */
export function isJsonObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
