import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { scrubEnvironment } from '../../src/runner/isolation/worker-env.js';
import {
  describeWorkerExit,
  lostRunResult,
  nextRestart,
  type WorkerExit,
} from '../../src/runner/isolation/worker-exit.js';
import { buildWorkerLaunch } from '../../src/runner/isolation/worker-launch.js';
import { toWireOptions } from '../../src/runner/isolation/worker-protocol.js';

describe('scrubEnvironment', () => {
  const env = {
    PATH: '/usr/bin',
    TZ: 'Europe/Paris',
    LANG: 'C.UTF-8',
    HOME: '/root',
    PAGEWATCH_SECRET: 's',
    PAGEWATCH_HOME: '/data',
    DATABASE_URL: 'postgres://x',
    REDIS_URL: 'redis://x',
    NODE_OPTIONS: '--inspect',
    AWS_SECRET_ACCESS_KEY: 'k',
    MY_API_TOKEN: 't',
  };

  test('default allow-list: only PATH, TZ, LANG… that are set', () => {
    assert.deepEqual(scrubEnvironment(env), { PATH: '/usr/bin', TZ: 'Europe/Paris', LANG: 'C.UTF-8' });
  });

  test('an operator allow-list can add names, never secrets', () => {
    assert.deepEqual(
      scrubEnvironment(env, [
        'PATH',
        'HOME',
        'PAGEWATCH_SECRET',
        'DATABASE_URL',
        'REDIS_URL',
        'NODE_OPTIONS',
        'AWS_SECRET_ACCESS_KEY',
        'MY_API_TOKEN',
      ]),
      { PATH: '/usr/bin', HOME: '/root' },
    );
  });
});

describe('describeWorkerExit: what a lost run is recorded with', () => {
  const base: WorkerExit = { pid: 42, code: null, signal: null, stderrTail: '' };
  const cases: [string, WorkerExit, number, string][] = [
    ['killed by a signal', { ...base, signal: 'SIGKILL' }, 1, 'runner process 42 killed by SIGKILL'],
    ['crashed', { ...base, code: 3 }, 1, 'runner process 42 crashed (exit code 3)'],
    [
      'out of memory (V8 fatal error on stderr)',
      {
        ...base,
        signal: 'SIGABRT',
        stderrTail: 'FATAL ERROR: Reached heap limit Allocation failed - JavaScript heap out of memory',
      },
      1,
      'runner process 42 ran out of memory and was stopped',
    ],
    [
      'the run whose wall-clock limit fired',
      { ...base, signal: 'SIGKILL', killedBy: { kind: 'wall-clock', runId: 7, limitMs: 615_000 } },
      7,
      'runner process 42 killed: the run exceeded its wall-clock limit of 615000 ms',
    ],
    [
      'another run in the same process',
      { ...base, signal: 'SIGKILL', killedBy: { kind: 'wall-clock', runId: 7, limitMs: 615_000 } },
      8,
      'runner process 42 killed: another run in the same process exceeded its wall-clock limit',
    ],
    [
      'closing',
      { ...base, signal: 'SIGKILL', killedBy: { kind: 'closing' } },
      1,
      'runner process 42 stopped: pagewatch is stopping',
    ],
    [
      'never spawned',
      { ...base, pid: undefined, stderrTail: '\nspawn /bin/sh ENOENT' },
      1,
      'runner process could not be started: spawn /bin/sh ENOENT',
    ],
  ];
  for (const [name, exit, runId, expected] of cases) {
    test(name, () => assert.equal(describeWorkerExit(exit, runId), expected));
  }

  test('a lost run is an error result carrying the reason', () => {
    const result = lostRunResult(
      'runner process 42 killed by SIGKILL',
      Date.parse('2026-01-01T00:00:00Z'),
      Date.parse('2026-01-01T00:00:02Z'),
    );
    assert.equal(result.status, 'error');
    assert.equal(result.error, 'runner process 42 killed by SIGKILL');
    assert.equal(result.durationMs, 2_000);
    assert.deepEqual(result.executions, []);
  });
});

describe('nextRestart: replacement with backoff', () => {
  const healthy = { becameReady: true, livedMs: 60_000, completedRuns: 10, killedByPool: false };
  test('a process that served runs is replaced at once and resets the backoff', () => {
    assert.deepEqual(nextRestart({ failedStarts: 4 }, healthy), { delayMs: 0, failedStarts: 0 });
  });
  test('one the pool killed (wall clock) is replaced at once', () => {
    assert.deepEqual(
      nextRestart({ failedStarts: 0 }, { ...healthy, livedMs: 10, completedRuns: 0, killedByPool: true }),
      {
        delayMs: 0,
        failedStarts: 0,
      },
    );
  });
  test('failed starts back off 250 ms, 500 ms, 1 s … up to 30 s', () => {
    const dead = { becameReady: false, livedMs: 50, completedRuns: 0, killedByPool: false };
    let state = { failedStarts: 0 };
    const delays: number[] = [];
    for (let i = 0; i < 10; i += 1) {
      const next = nextRestart(state, dead);
      delays.push(next.delayMs);
      state = next;
    }
    assert.deepEqual(delays, [250, 500, 1_000, 2_000, 4_000, 8_000, 16_000, 30_000, 30_000, 30_000]);
  });
  test('a young process killed before finishing any run (a script that kills every fresh runner) backs off too', () => {
    assert.deepEqual(
      nextRestart(
        { failedStarts: 1 },
        { becameReady: true, livedMs: 2_000, completedRuns: 0, killedByPool: false },
      ),
      {
        delayMs: 500,
        failedStarts: 2,
      },
    );
  });
});

describe('buildWorkerLaunch', () => {
  const spec = {
    entry: '/tmp/pw/runner-process.mjs',
    readPaths: ['/tmp/pw/', '/app/node_modules/'],
    nodePath: '/usr/bin/node',
    heapMb: 512,
    semiSpaceMb: 4,
    memoryLimitMb: 2_048,
    maxHeaderBytes: 16_384,
    platform: 'linux' as const,
  };
  const flags = [
    '--experimental-permission',
    '--allow-fs-read=/tmp/pw/',
    '--allow-fs-read=/app/node_modules/',
    '--allow-worker',
    '--max-old-space-size=512',
    '--max-semi-space-size=4',
    '--max-http-header-size=16384',
    '--disable-warning=ExperimentalWarning',
    '--disable-warning=SecurityWarning',
  ];
  test('with a memory limit: node exec-ed by /bin/sh after ulimit -d, no value inside the shell text but the number', () => {
    assert.deepEqual(buildWorkerLaunch(spec), {
      execPath: '/bin/sh',
      execArgv: ['-c', 'ulimit -d 2097152 && exec "$0" "$@"', '/usr/bin/node', ...flags],
      modulePath: '/tmp/pw/runner-process.mjs',
    });
  });
  test('without one (or on Windows): node directly', () => {
    assert.deepEqual(buildWorkerLaunch({ ...spec, memoryLimitMb: 0 }), {
      execPath: '/usr/bin/node',
      execArgv: flags,
      modulePath: '/tmp/pw/runner-process.mjs',
    });
    assert.equal(buildWorkerLaunch({ ...spec, platform: 'win32' }).execPath, '/usr/bin/node');
  });
});

test('toWireOptions: signal, agents and sandbox contexts do not cross IPC', () => {
  const wire = toWireOptions({
    runTimeoutMs: 5,
    signal: new AbortController().signal,
    agents: {},
    sandboxContext: {},
    hostIpMap: { a: '127.0.0.1' },
  });
  assert.deepEqual(wire, { runTimeoutMs: 5, hostIpMap: { a: '127.0.0.1' } });
});
