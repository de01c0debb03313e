import type { FastifyReply, FastifyRequest } from 'fastify';
import { DOCS_PATH, routePathOf } from './auth-hook.js';

/** API answers are data, never documents: nothing may load, run or frame them. */
const API_CSP = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

/** The Swagger UI loads its own scripts and styles (no inline scripts) and fetches the spec from this origin. */
const DOCS_CSP =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; " +
  "object-src 'none'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'";

/**
 * The dashboard: its own bundled scripts only; it calls this origin's API, and the local PagerDuty sandbox's
 * JSON (another port on this machine) for the sandbox console.
 */
const WEB_CSP =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; " +
  "connect-src 'self' http://127.0.0.1:* http://localhost:*; " +
  "object-src 'none'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'";

/** The dashboard's pages are the only HTML pagewatch serves outside the docs; everything else is data. */
function isHtml(reply: FastifyReply): boolean {
  return String(reply.getHeader('content-type') ?? '').startsWith('text/html');
}

/**
 * Basic security headers on every response (an onSend hook, so errors and 404s get them too; build-app also calls
 * it for the errors Fastify answers before routing, which skip the hooks). Stand-in for @fastify/helmet, which is
 * not a dependency; HSTS is left to the TLS-terminating proxy.
 */
export function setSecurityHeaders(request: FastifyRequest, reply: FastifyReply): void {
  const path = routePathOf(request);
  const isDocs = path === DOCS_PATH || path.startsWith(`${DOCS_PATH}/`);
  reply.header('x-content-type-options', 'nosniff');
  reply.header('x-frame-options', 'DENY');
  reply.header('referrer-policy', 'no-referrer');
  // A 304 carries no content type, and its headers replace the cached page's: leave the page's CSP alone.
  if (reply.statusCode !== 304) {
    reply.header('content-security-policy', isDocs ? DOCS_CSP : isHtml(reply) ? WEB_CSP : API_CSP);
  }
  reply.header('cross-origin-resource-policy', 'same-origin');
  reply.header('x-request-id', request.id);
  // Answers can hold tokens and incident data: no shared or browser cache keeps them. Docs assets set their own.
  if (!reply.hasHeader('cache-control')) reply.header('cache-control', 'no-store');
}
