import assert from 'node:assert/strict';

type Headers = Record<string, string | string[] | number | undefined>;

/** The headers every answer carries (src/api/security-headers.ts), whatever its status or content. */
export function assertSecurityHeaders(
  response: { statusCode: number; headers: Headers },
  label: string,
): void {
  const { headers } = response;
  const where = `${label} (${response.statusCode})`;
  assert.equal(headers['x-content-type-options'], 'nosniff', where);
  assert.equal(headers['x-frame-options'], 'DENY', where);
  assert.equal(headers['referrer-policy'], 'no-referrer', where);
  assert.equal(headers['cross-origin-resource-policy'], 'same-origin', where);
  assert.ok(headers['x-request-id'], `${where}: x-request-id`);
  if (response.statusCode !== 304) {
    const csp = String(headers['content-security-policy'] ?? '');
    assert.match(csp, /frame-ancestors 'none'/, `${where}: content-security-policy`);
    assert.match(csp, /object-src 'none'|default-src 'none'/, `${where}: content-security-policy`);
  }
  assert.ok(headers['cache-control'], `${where}: cache-control`);
}

/** The same check for a `fetch` Response. */
export function assertFetchSecurityHeaders(response: Response, label: string): void {
  assertSecurityHeaders(
    { statusCode: response.status, headers: Object.fromEntries(response.headers) },
    label,
  );
}
