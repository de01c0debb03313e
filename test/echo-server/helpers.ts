import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { EchoServer } from '../fixtures/echo-server/index.js';

/** A raw reply: status line, headers and the undecoded body bytes. */
export interface RawReply {
  status: number;
  statusMessage: string;
  headers: IncomingHttpHeaders;
  body: Buffer;
  text: string;
  json<T = Record<string, unknown>>(): T;
}

export interface SendOptions {
  method?: string;
  headers?: Record<string, string | string[]>;
  body?: string | Buffer;
}

/**
 * Sends one real HTTP(S) request for `url` through the echo server's routing agents (the agent is chosen by the
 * URL's scheme, as Newman and pagewatch's runner do). The body is returned as received: no decompression.
 */
export function send(echo: EchoServer, url: string, options: SendOptions = {}): Promise<RawReply> {
  const target = new URL(url);
  const isHttps = target.protocol === 'https:';
  const request = isHttps ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const outgoing = request(
      target,
      {
        method: options.method ?? 'GET',
        // An explicit length: Node sends GET and DELETE bodies unframed otherwise.
        headers: {
          ...(options.body !== undefined
            ? { 'content-length': String(Buffer.byteLength(options.body)) }
            : {}),
          ...options.headers,
        },
        agent: isHttps ? echo.agents.https : echo.agents.http,
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('error', reject);
        response.on('end', () => {
          const body = Buffer.concat(chunks);
          const text = body.toString('utf8');
          resolve({
            status: response.statusCode ?? 0,
            statusMessage: response.statusMessage ?? '',
            headers: response.headers,
            body,
            text,
            json: <T>() => JSON.parse(text) as T,
          });
        });
      },
    );
    outgoing.on('error', reject);
    outgoing.end(options.body);
  });
}

/** `https://postman-echo.com` + path: the URL the corpus uses, left as is (the agents do the routing). */
export const ECHO = 'https://postman-echo.com';

/** Builds a multipart/form-data body from text fields and optional files. */
export function multipartBody(
  fields: [string, string][],
  files: { field: string; filename: string; contentType: string; data: Buffer }[] = [],
): { contentType: string; body: Buffer } {
  const boundary = '--------------------------echo' + Date.now();
  const pieces: Buffer[] = [];
  for (const [name, value] of fields) {
    pieces.push(
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`),
    );
  }
  for (const file of files) {
    pieces.push(
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="${file.field}"; filename="${file.filename}"\r\n` +
          `Content-Type: ${file.contentType}\r\n\r\n`,
      ),
      file.data,
      Buffer.from('\r\n'),
    );
  }
  pieces.push(Buffer.from(`--${boundary}--\r\n`));
  return { contentType: `multipart/form-data; boundary=${boundary}`, body: Buffer.concat(pieces) };
}
