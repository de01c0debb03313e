/**
 * `pagewatch serve` as a child process for the fault suite: the same contract as test/helpers/server-process.ts
 * (same ready line, admin token, secret, `ServerProcess` interface, SIGKILL on exit), plus what that helper does
 * not offer: the DNS hook preloaded with `node --import` and extra environment variables.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  E2E_ADMIN_TOKEN,
  type ApiReply,
  type ProcessExit,
  type ServerData,
  type ServerProcess,
} from '../helpers/server-process.js';

const HERE = dirname(fileURLToPath(import.meta.url));
const REPO_ROOT = resolve(HERE, '..', '..');
const PAGEWATCH_BIN = join(REPO_ROOT, 'bin', 'pagewatch.js');
export const DNS_HOOK = join(HERE, 'dns-outage-hook.mjs');
/** Hosts under this suffix are answered by the DNS hook (127.0.0.1, or ENOTFOUND while DNS is "down"). */
export const FAULT_HOST_SUFFIX = '.pagewatch-faults.invalid';
const READY_LINE = /pagewatch is serving on (http:\/\/\S+)/;
const HOOK_LINE = 'pagewatch-faults: DNS hook active';
const NOT_INHERITED = new Set(['DATABASE_URL', 'PORT', 'LOG_LEVEL', 'NODE_OPTIONS', 'NODE_TEST_CONTEXT']);
const KEPT_LINES = 400;
/** Same as server-process.ts: every process on the same data must decrypt the same integration keys. */
const E2E_SECRET = 'e2e-secret-0123456789abcdef';

const live = new Set<ChildProcess>();
let hooksInstalled = false;

export function killAllFaultServers(): void {
  for (const child of live) child.kill('SIGKILL');
}

function installExitHooks(): void {
  if (hooksInstalled) return;
  hooksInstalled = true;
  process.once('exit', killAllFaultServers);
  for (const [signal, number] of [
    ['SIGINT', 2],
    ['SIGTERM', 15],
  ] as const) {
    process.once(signal, () => {
      killAllFaultServers();
      process.exit(128 + number);
    });
  }
}

export interface FaultServerOptions {
  data: ServerData;
  args?: string[];
  label?: string;
  /** Where the DNS hook looks for its "DNS is down" flag file. */
  dnsDownFlag: string;
  readyTimeoutMs?: number;
}

/** Starts `node --import dns-outage-hook.mjs bin/pagewatch.js serve --port 0 …` and resolves once it listens. */
export async function startFaultServer(options: FaultServerOptions): Promise<ServerProcess> {
  installExitHooks();
  const label = options.label ?? 'server';
  const inherited = Object.entries(process.env).filter(([name]) => !NOT_INHERITED.has(name));
  const env: NodeJS.ProcessEnv = {
    ...Object.fromEntries(inherited),
    PAGEWATCH_HOME: options.data.home,
    PAGEWATCH_ADMIN_TOKEN: E2E_ADMIN_TOKEN,
    PAGEWATCH_SECRET: E2E_SECRET,
    PAGEWATCH_FAULTS_DNS_DOWN: options.dnsDownFlag,
  };
  const args = [
    '--import',
    DNS_HOOK,
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
  child.unref();

  const lines: string[] = [];
  const keep = (line: string) => {
    lines.push(`[${label}] ${line}`);
    if (lines.length > KEPT_LINES) lines.shift();
  };
  let hookSeen = false;
  let onReady: (url: string) => void = () => undefined;
  const ready = new Promise<string>((resolveReady) => {
    onReady = resolveReady;
  });
  for (const stream of [child.stdout!, child.stderr!]) {
    let partial = '';
    stream.setEncoding('utf8');
    stream.on('data', (chunk: string) => {
      const parts = (partial + chunk).split('\n');
      partial = parts.pop() ?? '';
      for (const line of parts) {
        keep(line);
        if (line.startsWith(HOOK_LINE)) hookSeen = true;
        const match = READY_LINE.exec(line);
        if (match?.[1]) onReady(match[1]);
      }
    });
    (stream as unknown as { unref?: () => void }).unref?.();
  }
  let running = true;
  const exited = new Promise<ProcessExit>((resolveExit) => {
    child.once('exit', (code, signal) => {
      running = false;
      live.delete(child);
      keep(`(process exited: ${signal ?? `code ${code}`})`);
      resolveExit({ code, signal });
    });
  });
  const output = () => lines.join('\n');

  let timer: NodeJS.Timeout | undefined;
  const readyTimeoutMs = options.readyTimeoutMs ?? 60_000;
  const outcome = await Promise.race([
    ready,
    exited.then(() => undefined),
    new Promise<undefined>((resolveTimeout) => {
      timer = setTimeout(() => resolveTimeout(undefined), readyTimeoutMs);
    }),
  ]);
  clearTimeout(timer);
  if (!outcome) {
    child.kill('SIGKILL');
    await exited;
    throw new Error(`pagewatch serve did not get ready; its output:\n${output()}`);
  }
  if (!hookSeen) {
    // Without the hook, a lookup of the fault host would go to the real resolver: refuse to go on.
    child.kill('SIGKILL');
    await exited;
    throw new Error(`the DNS hook did not load in ${label}; its output:\n${output()}`);
  }
  const url = outcome;
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
      return exited;
    },
  };
}
