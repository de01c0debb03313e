/**
 * `pagewatch serve` as a real child process, for end-to-end tests that kill it (SIGKILL, SIGTERM) and start it
 * again on the same data: `node bin/pagewatch.js serve --port 0 …` with its own data directory (SQLite file) or
 * its own PostgreSQL schema. The URL is read from the line the command prints when it listens; stdout and stderr
 * are captured so a failing test can show them.
 *
 * No orphans: every process started here is remembered until it exits and is killed (SIGKILL) when the test
 * process exits or is interrupted, whatever state the test was in.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { postgresSkipReason } from './postgres-skip.js';

/** The admin token the spawned servers accept (PAGEWATCH_ADMIN_TOKEN). */
export const E2E_ADMIN_TOKEN = 'pw_e2e_admin_token_0123456789abcdef';
/** Encrypts integration keys (PAGEWATCH_SECRET): the same for every process on the same data. */
const E2E_SECRET = 'e2e-secret-0123456789abcdef';

const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const PAGEWATCH_BIN = join(REPO_ROOT, 'bin', 'pagewatch.js');
/** What `pagewatch serve` prints once it listens (serve-command.ts). */
const READY_LINE = /pagewatch is serving on (http:\/\/\S+)/;
/** Environment variables a spawned server does not inherit from the test process. */
const NOT_INHERITED = new Set(['DATABASE_URL', 'PORT', 'LOG_LEVEL', 'NODE_OPTIONS', 'NODE_TEST_CONTEXT']);
/** Lines of output kept per process (the newest); enough for a failure report, bounded for long runs. */
const KEPT_LINES = 2_000;

export type EngineName = 'sqlite' | 'postgres';

/** Where a server keeps its state; shared by every process started on it, so a restart sees the same data. */
export interface ServerData {
  engine: EngineName;
  /** The data directory (PAGEWATCH_HOME): the SQLite file and the key file live here. */
  home: string;
  /** What `--db` gets: the SQLite file, or DATABASE_URL with `options=-c search_path=<schema>`. */
  databaseUrl: string;
  /** Removes the directory and drops the schema. Kill the processes first. */
  dispose(): Promise<void>;
}

/** Why PostgreSQL end-to-end tests cannot run here, or undefined when DATABASE_URL is set. */
export function postgresE2eSkipReason(): string | undefined {
  return postgresSkipReason('PostgreSQL e2e tests');
}

/** A fresh data directory and, on PostgreSQL, a fresh schema in DATABASE_URL's database. */
export async function createServerData(engine: EngineName): Promise<ServerData> {
  const home = await mkdtemp(join(tmpdir(), 'pagewatch-e2e-'));
  const removeHome = () => rm(home, { recursive: true, force: true });
  if (engine === 'sqlite') {
    return { engine, home, databaseUrl: join(home, 'pagewatch.db'), dispose: removeHome };
  }
  const base = process.env.DATABASE_URL;
  if (!base) throw new Error('DATABASE_URL is not set');
  const schema = `pw_e2e_${randomBytes(6).toString('hex')}`;
  await withPgClient(base, (client) => client.query(`CREATE SCHEMA ${schema}`));
  const url = new URL(base);
  url.search = `${url.search ? `${url.search}&` : '?'}options=${encodeURIComponent(`-c search_path=${schema}`)}`;
  return {
    engine,
    home,
    databaseUrl: url.toString(),
    async dispose() {
      await withPgClient(base, (client) => client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`));
      await removeHome();
    },
  };
}

async function withPgClient<T>(url: string, use: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await use(client);
  } finally {
    await client.end();
  }
}

export interface ProcessExit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface ApiReply<T> {
  status: number;
  body: T;
}

/** A running `pagewatch serve` process. */
export interface ServerProcess {
  /** Names this process in captured output (`server#1`, `server#2` …). */
  readonly label: string;
  readonly pid: number;
  /** Base URL, e.g. `http://127.0.0.1:41234`. */
  readonly url: string;
  /** Resolves when the process has exited. */
  readonly exited: Promise<ProcessExit>;
  isRunning(): boolean;
  /** Captured stdout and stderr, interleaved, one `[label] ` prefixed line each (the newest {@link KEPT_LINES}). */
  output(): string;
  /** Calls the API with the admin token; parses JSON. Rejects when the server cannot be reached. */
  api<T = unknown>(method: string, path: string, body?: unknown): Promise<ApiReply<T>>;
  /**
   * Sends `signal` (default SIGKILL) and resolves once the process has exited. A process still alive after
   * `timeoutMs` is SIGKILLed and the promise rejects: a SIGTERM that does not stop the server is a bug.
   */
  stop(signal?: NodeJS.Signals, timeoutMs?: number): Promise<ProcessExit>;
}

export interface StartServerProcessOptions {
  data: ServerData;
  /** More `serve` flags, e.g. `['--delivery-retry-min-ms', '200']`. */
  args?: string[];
  label?: string;
  /** How long to wait for the "serving on" line. Default 60 s (a loaded machine compiling TypeScript). */
  readyTimeoutMs?: number;
}

const live = new Set<ChildProcess>();
let exitHooksInstalled = false;

/** Kills every process this module started that is still alive (SIGKILL); for `after` hooks. */
export function killAllServerProcesses(): void {
  for (const child of live) child.kill('SIGKILL');
}

function installExitHooks(): void {
  if (exitHooksInstalled) return;
  exitHooksInstalled = true;
  // 'exit' covers normal ends and uncaught errors; signals need their own listeners. A listener replaces the
  // default "terminate" action, so when no one else (e.g. the test runner) handles the signal, exit like it.
  process.once('exit', killAllServerProcesses);
  for (const [signal, number] of [
    ['SIGINT', 2],
    ['SIGTERM', 15],
    ['SIGHUP', 1],
  ] as const) {
    process.on(signal, () => {
      killAllServerProcesses();
      if (process.listenerCount(signal) === 1) process.exit(128 + number);
    });
  }
}

/**
 * Starts `pagewatch serve --port 0` on `data` and resolves once it listens. Rejects (with the process's output)
 * if it exits first or does not get ready in time; the process is then killed.
 */
export async function startServerProcess(options: StartServerProcessOptions): Promise<ServerProcess> {
  installExitHooks();
  const label = options.label ?? 'server';
  // The command line says everything; nothing inherited may point the server elsewhere.
  const inherited = Object.entries(process.env).filter(([name]) => !NOT_INHERITED.has(name));
  const env: NodeJS.ProcessEnv = {
    ...Object.fromEntries(inherited),
    PAGEWATCH_HOME: options.data.home,
    PAGEWATCH_ADMIN_TOKEN: E2E_ADMIN_TOKEN,
    PAGEWATCH_SECRET: E2E_SECRET,
  };
  const args = [
    PAGEWATCH_BIN,
    'serve',
    '--port',
    '0',
    '--host',
    '127.0.0.1',
    '--home',
    options.data.home,
    '--db',
    options.data.databaseUrl,
    ...(options.args ?? []),
  ];
  const child = spawn(process.execPath, args, { cwd: REPO_ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  live.add(child);
  // A forgotten process must not keep the test process alive (its 'exit' hook then kills it); while a test waits
  // on it, the test's own timers keep the event loop going.
  child.unref();

  const lines: string[] = [];
  let dropped = 0;
  const keep = (line: string) => {
    lines.push(`[${label}] ${line}`);
    if (lines.length > KEPT_LINES) {
      lines.shift();
      dropped += 1;
    }
  };
  const output = () =>
    `${dropped ? `[${label}] … ${dropped} earlier lines not kept\n` : ''}${lines.join('\n')}`;

  let resolveUrl: (url: string) => void = () => undefined;
  const ready = new Promise<string>((resolveReady) => {
    resolveUrl = resolveReady;
  });
  const capture = (stream: NodeJS.ReadableStream, name: 'stdout' | 'stderr') => {
    let partial = '';
    stream.setEncoding('utf8');
    stream.on('data', (chunk: string) => {
      const parts = (partial + chunk).split('\n');
      partial = parts.pop() ?? '';
      for (const line of parts) {
        keep(name === 'stderr' ? `stderr: ${line}` : line);
        const match = READY_LINE.exec(line);
        if (match?.[1]) resolveUrl(match[1]);
      }
    });
    stream.on('end', () => {
      if (partial) keep(partial);
    });
  };
  capture(child.stdout!, 'stdout');
  capture(child.stderr!, 'stderr');
  for (const stream of [child.stdout, child.stderr]) (stream as unknown as { unref?: () => void }).unref?.();

  let running = true;
  const exited = new Promise<ProcessExit>((resolveExit) => {
    child.once('exit', (code, signal) => {
      running = false;
      live.delete(child);
      keep(`(process exited: ${signal ?? `code ${code}`})`);
      resolveExit({ code, signal });
    });
    child.once('error', (error) => {
      running = false;
      live.delete(child);
      keep(`(process error: ${error.message})`);
      resolveExit({ code: null, signal: null });
    });
  });

  const readyTimeoutMs = options.readyTimeoutMs ?? 60_000;
  let timer: NodeJS.Timeout | undefined;
  const outcome = await Promise.race([
    ready.then((url) => ({ kind: 'ready' as const, url })),
    exited.then((exit) => ({ kind: 'exited' as const, exit })),
    new Promise<{ kind: 'timeout' }>((resolveTimeout) => {
      timer = setTimeout(() => resolveTimeout({ kind: 'timeout' }), readyTimeoutMs);
    }),
  ]);
  clearTimeout(timer);
  if (outcome.kind !== 'ready') {
    child.kill('SIGKILL');
    await exited;
    const why =
      outcome.kind === 'exited'
        ? `exited (${outcome.exit.signal ?? `code ${outcome.exit.code}`}) before it was ready`
        : `was not ready after ${readyTimeoutMs} ms`;
    throw new Error(`pagewatch serve ${why}; its output:\n${output()}`);
  }
  const url = outcome.url;

  return {
    label,
    pid: child.pid ?? -1,
    url,
    exited,
    isRunning: () => running,
    output,
    async api<T>(method: string, path: string, body?: unknown): Promise<ApiReply<T>> {
      const response = await fetch(`${url}${path}`, {
        method,
        headers: {
          authorization: `Bearer ${E2E_ADMIN_TOKEN}`,
          ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        },
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
        signal: AbortSignal.timeout(20_000),
      });
      const text = await response.text();
      return { status: response.status, body: (text ? JSON.parse(text) : undefined) as T };
    },
    async stop(signal: NodeJS.Signals = 'SIGKILL', timeoutMs = 20_000): Promise<ProcessExit> {
      if (!running) return exited;
      child.kill(signal);
      let stopTimer: NodeJS.Timeout | undefined;
      const result = await Promise.race([
        exited,
        new Promise<undefined>((resolveTimeout) => {
          stopTimer = setTimeout(() => resolveTimeout(undefined), timeoutMs);
        }),
      ]);
      clearTimeout(stopTimer);
      if (result) return result;
      child.kill('SIGKILL');
      await exited;
      throw new Error(`${label} was still running ${timeoutMs} ms after ${signal}; it was SIGKILLed`);
    },
  };
}
