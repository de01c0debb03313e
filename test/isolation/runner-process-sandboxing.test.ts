import assert from 'node:assert/strict';
import { fork } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { ProcessRunnerPool } from '../../src/runner/isolation/index.js';
import { prepareWorkerEntry } from '../../src/runner/isolation/worker-entry-file.js';
import { buildWorkerLaunch } from '../../src/runner/isolation/worker-launch.js';

const SECRETS = {
  PAGEWATCH_SECRET: 'pw-secret-value',
  PAGEWATCH_ADMIN_TOKEN: 'pw-admin-token',
  DATABASE_URL: 'postgres://user:pass@db/pagewatch',
  REDIS_URL: 'redis://:pass@redis:6379',
  GITHUB_TOKEN: 'ghp_secret',
  NODE_OPTIONS: '--require /tmp/evil.js',
};

/** What a probe script, started exactly like a runner process, could do. Sent back over IPC. */
const PROBE = `
import { readFileSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { Worker } from 'node:worker_threads';
const attempt = (fn) => { try { fn(); return 'allowed'; } catch (error) { return error.code ?? error.message; } };
const worker = await new Promise((resolve) => {
  try {
    const w = new Worker('require("worker_threads").parentPort.postMessage(1)', { eval: true });
    w.once('message', () => { w.terminate(); resolve('allowed'); });
    w.once('error', (error) => resolve(error.code ?? error.message));
  } catch (error) { resolve(error.code ?? error.message); }
});
process.send({
  readPasswd: attempt(() => readFileSync('/etc/passwd')),
  readSelfEnviron: attempt(() => readFileSync('/proc/self/environ')),
  readOwnEntry: attempt(() => readFileSync(process.argv[1])),
  writeNextToEntry: attempt(() => writeFileSync(process.argv[1] + '.written', 'x')),
  spawnChild: attempt(() => { const r = spawnSync('/bin/sh', ['-c', 'true']); if (r.error) throw r.error; }),
  bigArrayBuffer: attempt(() => new ArrayBuffer(4 * 1024 ** 3)),
  worker,
  permission: {
    fsReadPasswd: process.permission.has('fs.read', '/etc/passwd'),
    fsWrite: process.permission.has('fs.write'),
    childProcess: process.permission.has('child'),
    worker: process.permission.has('worker'),
  },
  env: Object.keys(process.env).sort(),
}, () => process.exit(0));
`;

describe('runner processes run sandboxed', () => {
  let pool: ProcessRunnerPool;
  before(async () => {
    pool = new ProcessRunnerPool({
      processes: 1,
      sandbox: { size: 1 },
      env: { PATH: '/usr/bin:/bin', TZ: 'UTC', ...SECRETS },
    });
    await pool.whenReady();
  });
  after(() => pool.close());

  test("the runner process's own environment has no secrets (read from /proc/<pid>/environ)", () => {
    const pid = pool.stats().processes[0]?.pid;
    assert.ok(pid);
    const environ = readFileSync(`/proc/${pid}/environ`, 'utf8');
    const names = environ
      .split('\0')
      .filter(Boolean)
      .map((entry) => entry.slice(0, entry.indexOf('=')))
      .sort();
    for (const name of Object.keys(SECRETS)) assert.ok(!names.includes(name), `${name} reached the runner`);
    for (const value of Object.values(SECRETS)) assert.ok(!environ.includes(value));
    // Only the allow-list, plus what fork adds for its IPC channel and the PWD /bin/sh sets (the ulimit wrapper).
    assert.deepEqual(
      names.filter((name) => !name.startsWith('NODE_CHANNEL_')),
      ['PATH', 'PWD', 'TZ'],
    );
  });

  test('its command line: the permission model, no child processes, no writes, heap limit', () => {
    const pid = pool.stats().processes[0]?.pid;
    const argv = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
    assert.ok(argv.includes('--experimental-permission'));
    assert.ok(argv.includes('--allow-worker'));
    assert.ok(argv.includes('--max-old-space-size=512'));
    assert.ok(!argv.some((arg) => /^--allow-(child-process|fs-write|addons|wasi)/.test(arg)), argv.join(' '));
    assert.ok(
      !argv.some((arg) => arg === '--allow-fs-read=*' || arg === '--allow-fs-read=/'),
      argv.join(' '),
    );
  });

  test('a process started with the same launch cannot read other files, write, or spawn; it can start threads', async () => {
    const { readPaths } = await prepareWorkerEntry();
    const directory = mkdtempSync(join(tmpdir(), 'pagewatch-probe-'));
    try {
      const entry = join(directory, 'probe.mjs');
      writeFileSync(entry, PROBE);
      const launch = buildWorkerLaunch({
        entry,
        readPaths: [...readPaths, `${directory}/`],
        nodePath: process.execPath,
        heapMb: 512,
        semiSpaceMb: 4,
        memoryLimitMb: 2_048,
        maxHeaderBytes: 16_384,
        platform: process.platform,
      });
      const child = fork(launch.modulePath, [], {
        execPath: launch.execPath,
        execArgv: launch.execArgv,
        env: { PATH: '/usr/bin:/bin' },
        serialization: 'advanced',
        stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
      });
      const report = await new Promise<Record<string, unknown>>((resolve, reject) => {
        child.once('message', (message) => resolve(message as Record<string, unknown>));
        child.once('exit', (code) => reject(new Error(`probe exited with ${code}`)));
      });
      assert.deepEqual(report, {
        readPasswd: 'ERR_ACCESS_DENIED',
        readSelfEnviron: 'ERR_ACCESS_DENIED',
        readOwnEntry: 'allowed',
        writeNextToEntry: 'ERR_ACCESS_DENIED',
        spawnChild: 'ERR_ACCESS_DENIED',
        bigArrayBuffer: 'Array buffer allocation failed',
        worker: 'allowed',
        permission: { fsReadPasswd: false, fsWrite: false, childProcess: false, worker: true },
        // node removes NODE_CHANNEL_* from process.env once the IPC channel is open; /bin/sh sets PWD.
        env: ['PATH', 'PWD'],
      });
    } finally {
      rmSync(directory, { recursive: true, force: true });
    }
  });
});

test('bundles left by dead server processes are removed; a live one is kept', async () => {
  const { execFileSync, spawn } = await import('node:child_process');
  const { existsSync, mkdirSync } = await import('node:fs');
  // A pid that surely ran and is gone: a process that already exited.
  const deadPid = Number(execFileSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']));
  const stale = join(tmpdir(), `pagewatch-runner-${deadPid}-stale1`);
  const live = join(tmpdir(), `pagewatch-runner-${process.pid}-live01`);
  mkdirSync(stale, { recursive: true });
  mkdirSync(live, { recursive: true });
  try {
    const child = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        '-e',
        "import('./src/runner/isolation/worker-entry-file.ts').then((m) => m.prepareWorkerEntry())",
      ],
      { stdio: 'inherit' },
    );
    await new Promise((resolve) => child.once('exit', resolve));
    assert.equal(existsSync(stale), false);
    assert.equal(existsSync(live), true);
  } finally {
    rmSync(stale, { recursive: true, force: true });
    rmSync(live, { recursive: true, force: true });
  }
});
