/**
 * Who may do what. Three roles, each including the one below it:
 * - `viewer`: read anything (GET/HEAD);
 * - `editor`: also change monitors, integrations, incidents (every method) — everything except tokens;
 * - `admin`: also manage API tokens.
 */
export const ROLES = ['viewer', 'editor', 'admin'] as const;

export type Role = (typeof ROLES)[number];

/** The caller of an API request, resolved from its bearer token. */
export interface Principal {
  /** The token's id (`tok_…`). */
  id: string;
  name: string;
  role: Role;
}

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

export function roleAllows(role: Role, required: Role): boolean {
  return ROLES.indexOf(role) >= ROLES.indexOf(required);
}

/** The path prefix of token management, which only admins reach, reads included (token names are sensitive). */
export const TOKENS_PATH = '/api/v1/tokens';

/**
 * The least role a request needs. `routePath` is the matched route's pattern (e.g. `/api/v1/tokens/:id`), not the
 * raw URL, so encodings like `/api/v1/%74okens` cannot dodge the rule. A route may ask for more with `minimum`.
 */
export function requiredRole(method: string, routePath: string, minimum: Role = 'viewer'): Role {
  const byPath: Role =
    routePath === TOKENS_PATH || routePath.startsWith(`${TOKENS_PATH}/`)
      ? 'admin'
      : method === 'GET' || method === 'HEAD'
        ? 'viewer'
        : 'editor';
  return roleAllows(byPath, minimum) ? byPath : minimum;
}
