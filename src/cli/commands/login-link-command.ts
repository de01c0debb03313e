import { existsSync } from 'node:fs';
import { Command } from 'commander';
import { createLoginCode, DEFAULT_LOGIN_CODE_TTL_MS } from '../../auth/login-codes.js';
import { PagewatchError } from '../../errors/pagewatch-error.js';
import { defaultServeOptions } from '../../server/serve-options.js';
import { isPostgresUrl, openStore } from '../../store/open-store.js';
import type { CliIo } from '../cli-io.js';

interface LoginLinkFlags {
  db?: string;
  home?: string;
  url?: string;
}

/**
 * `pagewatch login-link`: a one-time admin login link for the dashboard, made directly in the store (whoever can
 * read the data directory or the database already holds everything). For `serve` and `demo` alike.
 */
export function buildLoginLinkCommand(deps: { io: CliIo }): Command {
  return new Command('login-link')
    .description('Print a one-time login link to the dashboard (admin, valid 15 minutes).')
    .option('--db <url>', 'postgres://… or a SQLite file (default: DATABASE_URL or <home>/pagewatch.db)')
    .option('--home <dir>', 'data directory (default: PAGEWATCH_HOME or ./.pagewatch)')
    .option('--url <url>', "the server's address (default: http://127.0.0.1:<PORT or 8080>)")
    .addHelpText(
      'after',
      `
The link works once: opening it logs the browser in with a new admin API token named "dashboard login"
(revocable under tokens). Run it on the machine and with the data the server uses.

Examples:
  $ npx pagewatch login-link
  $ npx pagewatch login-link --home /var/lib/pagewatch --url https://pagewatch.example.com`,
    )
    .action(async (flags: LoginLinkFlags) => {
      const env = flags.home ? { ...deps.io.env, PAGEWATCH_HOME: flags.home } : deps.io.env;
      const defaults = defaultServeOptions(env);
      const base = flags.url ?? `http://127.0.0.1:${defaults.port}`;
      if (!/^https?:\/\/[^/]/.test(base)) {
        throw new PagewatchError('PW_ERR_USAGE', `--url must be an http(s) URL, got "${base}".`, [
          { path: '--url', message: 'expected e.g. http://127.0.0.1:8080' },
        ]);
      }
      const databaseUrl = flags.db ?? defaults.databaseUrl;
      // A link into a database the server does not use would never work: do not create an empty one by mistake.
      if (!isPostgresUrl(databaseUrl) && !existsSync(databaseUrl)) {
        throw new PagewatchError(
          'PW_ERR_USAGE',
          `No pagewatch data at ${databaseUrl}: run this where the server runs, or pass --home or --db.`,
          [{ path: '--home', message: `${databaseUrl} does not exist` }],
        );
      }
      const store = await openStore({ url: databaseUrl });
      try {
        const { code } = await createLoginCode(store.db, { role: 'admin', ttlMs: DEFAULT_LOGIN_CODE_TTL_MS });
        const link = `${base.replace(/\/+$/, '')}/login?code=${encodeURIComponent(code)}`;
        deps.io.stdout(
          `${link}\n\nOne-time admin login link, valid ${DEFAULT_LOGIN_CODE_TTL_MS / 60_000} minutes (data: ${store.location}).\n`,
        );
      } finally {
        await store.close();
      }
    });
}
