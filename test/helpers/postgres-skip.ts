/**
 * Why PostgreSQL tests cannot run here, or undefined when DATABASE_URL is set: the `skip` option of `node:test`.
 * `what` names the tests in the printed reason. Default 'PostgreSQL tests'.
 */
export function postgresSkipReason(what = 'PostgreSQL tests'): string | undefined {
  return process.env.DATABASE_URL ? undefined : `DATABASE_URL is not set: ${what} skipped`;
}
