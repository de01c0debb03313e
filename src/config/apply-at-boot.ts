import type { Kysely } from 'kysely';
import type { ApiApp } from '../api/api-types.js';
import { createToken, revokeToken } from '../auth/tokens.js';
import { ERROR_CATALOG, type ErrorCode } from '../errors/catalog.js';
import { PagewatchError } from '../errors/pagewatch-error.js';
import type { Database } from '../store/schema.js';
import { applyDesiredState } from './apply-config.js';
import { ApiCallError, createConfigApiClient, type ApiTransport } from './config-api-client.js';
import type { DesiredState } from './desired-state.js';
import { ConfigFileError } from './diagnostics.js';
import { countChanges, describeFailure, formatPlan } from './format-plan.js';

/** The name of the short-lived token `serve --config` applies the file with (revoked right after). */
export const BOOT_TOKEN_NAME = 'serve --config (boot, revoked after apply)';

interface BootLogger {
  info(object: Record<string, unknown>, message: string): void;
}

/**
 * `pagewatch serve --config`: applies the (already loaded and checked) file at boot, before the server listens,
 * without pruning. It goes through the server's own REST API (Fastify inject, no socket) with a short-lived
 * editor token made for the purpose and revoked afterwards, so boot takes exactly the path of `pagewatch apply`:
 * the same planning and applying code, auth, validation, routes and services, and no second way to write monitors.
 *
 * @throws ConfigFileError when the plan has problems (e.g. a monitor reference that resolves to nothing);
 * PagewatchError when the API refuses a change (the changes before it stay applied).
 */
export async function applyConfigAtBoot(options: {
  app: ApiApp;
  db: Kysely<Database>;
  desired: DesiredState;
  logger: BootLogger;
}): Promise<{ applied: number; unchanged: number }> {
  const { token, record } = await createToken(options.db, { name: BOOT_TOKEN_NAME, role: 'editor' });
  try {
    const client = createConfigApiClient(injectTransport(options.app, token));
    const file = options.desired.file;
    const { plan, result } = await applyDesiredState(options.desired, client, {
      onPlan: (planned) => options.logger.info({ file, plan: formatPlan(planned) }, 'config file plan'),
    });
    if (plan.diagnostics.length) throw new ConfigFileError(file, plan.diagnostics);
    const total = countChanges(plan);
    const failure = result ? describeFailure(result, total) : undefined;
    if (failure) {
      const code: ErrorCode =
        failure.code && failure.code in ERROR_CATALOG ? (failure.code as ErrorCode) : 'PW_ERR_VALIDATION';
      // The details go into the message too: the CLI prints a PagewatchError's message and only later details.
      const details = failure.details.length ? ` (${failure.details.join('; ')})` : '';
      throw new PagewatchError(
        code,
        `${file}: ${failure.message}${details}`,
        failure.details.map((message) => ({ file, message })),
      );
    }
    const unchanged = plan.changes.length - total;
    options.logger.info({ file, applied: total, unchanged }, 'config file applied');
    return { applied: total, unchanged };
  } catch (error) {
    if (error instanceof ApiCallError) {
      throw new PagewatchError(
        'PW_ERR_INTERNAL',
        `Reading the state to apply the config file failed: ${error.message}`,
      );
    }
    throw error;
  } finally {
    await revokeToken(options.db, record.id);
  }
}

/** Requests into the app in-process (Fastify inject): the same hooks and routes as over HTTP, without a socket. */
export function injectTransport(app: ApiApp, token: string): ApiTransport {
  return {
    target: 'this server (in-process)',
    async request(method, path, body) {
      const response = await app.inject({
        method: method as 'GET',
        url: path,
        headers: {
          authorization: `Bearer ${token}`,
          ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        },
        ...(body !== undefined ? { payload: JSON.stringify(body) } : {}),
      });
      let parsed: unknown = undefined;
      try {
        parsed = response.body ? JSON.parse(response.body) : undefined;
      } catch {
        parsed = response.body;
      }
      return { status: response.statusCode, body: parsed };
    },
  };
}
