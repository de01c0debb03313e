/**
 * The environment variables a runner process may inherit when the operator names none. Only what the runtime needs
 * for time, locale, temporary files and extra TLS roots; no credentials of any kind.
 */
export const DEFAULT_WORKER_ENV_ALLOW = [
  'PATH',
  'TZ',
  'LANG',
  'LC_ALL',
  'LC_CTYPE',
  'TMPDIR',
  'NODE_EXTRA_CA_CERTS',
];

/**
 * Names never passed to a runner process, even when allow-listed: pagewatch's own settings and secrets, database and
 * queue URLs, `NODE_OPTIONS` (it would load code or lift limits in the runner) and anything that looks like a
 * credential.
 */
const NEVER = [
  /^PAGEWATCH_/i,
  /^NODE_OPTIONS$/i,
  /^NODE_(?:PATH|REPL_EXTERNAL_MODULE|V8_COVERAGE|DEBUG_NATIVE)$/i,
  /^(?:DATABASE|REDIS|POSTGRES|PG)(?:_|$)/i,
  /TOKEN|SECRET|PASSW(?:OR)?D|CREDENTIAL|PRIVATE|API_?KEY|ACCESS_?KEY|AUTH/i,
];

/**
 * The environment of a runner process: only the allow-listed names present in `env`, minus every name a secret
 * could hide in. Pure.
 */
export function scrubEnvironment(
  env: Readonly<Record<string, string | undefined>>,
  allow: readonly string[] = DEFAULT_WORKER_ENV_ALLOW,
): Record<string, string> {
  const scrubbed: Record<string, string> = {};
  for (const name of allow) {
    const value = env[name];
    if (value !== undefined && !isForbiddenEnvName(name)) scrubbed[name] = value;
  }
  return scrubbed;
}

/** Whether a variable name is one a runner process must never see. */
export function isForbiddenEnvName(name: string): boolean {
  return NEVER.some((pattern) => pattern.test(name));
}
