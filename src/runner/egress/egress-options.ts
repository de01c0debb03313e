import type { EgressPolicy } from './egress-policy.js';

/**
 * Limits on what monitor requests may reach and receive. Set once per runner (server-wide, by the operator), not
 * per monitor: a collection's author must not be able to lift them.
 */
export interface EgressOptions {
  /** Networks requests may and may not connect to. Default: everything allowed. */
  policy?: EgressPolicy;
  /**
   * Most bytes one response may bring over the wire (status line, headers and body, after TLS, before
   * decompression); past it the connection is closed and the request fails with a request error. 0 = no cap.
   * Default 50 MiB.
   */
  maxResponseBytes?: number;
}

export const EGRESS_DEFAULTS = {
  maxResponseBytes: 50 * 1024 * 1024,
} as const satisfies Required<Omit<EgressOptions, 'policy'>>;

/**
 * The header cap is postman-runtime's own: every request it sends sets Node's `maxHeaderSize` to
 * `requester.maxHeaderSize`, default 128 KiB (so `--max-http-header-size` does not apply to monitor requests).
 * A response with more header bytes fails as a request error ("Header overflow").
 */
export const RUNTIME_MAX_HEADER_BYTES = 128 * 1024;
