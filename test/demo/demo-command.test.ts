import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { after, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { exchangeLoginCode } from '../../src/auth/login-codes.js';
import { openStore } from '../../src/store/open-store.js';
import { runCli } from '../helpers/cli-harness.js';

const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const READY = 'Ctrl-C stops everything.';

describe('pagewatch demo as a real process (what npm start runs)', () => {
  const homes: string[] = [];
  after(async () => {
    for (const home of homes) await rm(home, { recursive: true, force: true });
  });

  test('PORT=0: prints a working one-time login link and the switch, and stops cleanly on Ctrl-C', async () => {
    const home = await mkdtemp(join(tmpdir(), 'pagewatch-demo-process-'));
    homes.push(home);
    // --no-build: a test must not build the dashboard into the repository.
    const child = spawn(process.execPath, [join(REPO_ROOT, 'bin', 'pagewatch.js'), 'demo', '--no-build'], {
      cwd: REPO_ROOT,
      env: { ...process.env, PORT: '0', PAGEWATCH_HOME: home, NO_COLOR: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((done) =>
      child.on('exit', (code, signal) => done({ code, signal })),
    );
    try {
      const deadline = Date.now() + 60_000;
      while (!output.includes(READY)) {
        if (child.exitCode !== null) assert.fail(`demo exited early (${child.exitCode}):\n${output}`);
        if (Date.now() > deadline) assert.fail(`demo not ready after 60 s:\n${output}`);
        await new Promise((wait) => setTimeout(wait, 100));
      }
      const link = /(http:\/\/127\.0\.0\.1:\d+)\/login\?code=([A-Za-z0-9_-]+)/.exec(output);
      assert.ok(link, output);
      const [, base, code] = link;
      const exchanged = await fetch(`${base}/api/v1/auth/exchange`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ code }),
      });
      assert.equal(exchanged.status, 200);
      const { token } = (await exchanged.json()) as { token: string };
      const state = await fetch(`${base}/api/v1/demo`, { headers: { authorization: `Bearer ${token}` } });
      assert.equal(state.status, 200);
      assert.equal(((await state.json()) as { broken: boolean }).broken, false);

      child.kill('SIGINT');
      const { code: exitCode, signal } = await exited;
      assert.equal(signal, null, output);
      assert.equal(exitCode, 0, output);
      assert.match(output, /Stopped\. The data stays in /);
    } finally {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    }
  });
});

describe('pagewatch demo on a taken port', () => {
  test('exit 2 with what to do, before anything starts', async () => {
    const home = await mkdtemp(join(tmpdir(), 'pagewatch-demo-busy-'));
    const busy = createServer();
    await new Promise<void>((listening) => busy.listen(0, '127.0.0.1', listening));
    try {
      const port = String((busy.address() as AddressInfo).port);
      const run = await runCli(['demo', '--no-build', '--port', port, '--home', home]);
      assert.equal(run.code, 2, run.stdout + run.stderr);
      assert.match(run.stderr, new RegExp(`error PW_ERR_USAGE: Port ${port} is in use.*PORT=8081 npm start`));
      assert.equal(existsSync(join(home, 'pagewatch.db')), false, 'no store was opened');
    } finally {
      await new Promise((closed) => busy.close(closed));
      await rm(home, { recursive: true, force: true });
    }
  });
});

describe('pagewatch login-link', () => {
  test('prints a one-time link for the store in --home; the code exchanges once', async () => {
    const home = await mkdtemp(join(tmpdir(), 'pagewatch-login-link-'));
    try {
      const store = await openStore({ url: join(home, 'pagewatch.db') });
      try {
        const run = await runCli(['login-link', '--home', home]);
        assert.equal(run.code, 0, run.stderr);
        const code = /^http:\/\/127\.0\.0\.1:8080\/login\?code=([A-Za-z0-9_-]+)$/m.exec(run.stdout)?.[1];
        assert.ok(code, run.stdout);
        assert.match(run.stdout, /valid 15 minutes/);
        assert.equal((await exchangeLoginCode(store.db, code)).role, 'admin');
        await assert.rejects(exchangeLoginCode(store.db, code), /already used/);

        const other = await runCli(['login-link', '--url', 'https://pw.example.com/base/'], {
          PAGEWATCH_HOME: home,
        });
        assert.equal(other.code, 0, other.stderr);
        assert.match(other.stdout, /^https:\/\/pw\.example\.com\/base\/login\?code=[A-Za-z0-9_-]+$/m);
        const port = await runCli(['login-link'], { PAGEWATCH_HOME: home, PORT: '9191' });
        assert.match(port.stdout, /^http:\/\/127\.0\.0\.1:9191\/login\?code=/m);
      } finally {
        await store.close();
      }
    } finally {
      await rm(home, { recursive: true, force: true });
    }
  });

  test('no data where it looks: exit 2 and nothing created', async () => {
    const home = await mkdtemp(join(tmpdir(), 'pagewatch-login-link-'));
    try {
      const run = await runCli(['login-link', '--home', join(home, 'nothing-here')]);
      assert.equal(run.code, 2);
      assert.match(run.stderr, /error PW_ERR_USAGE: No pagewatch data at .*nothing-here/);
      assert.equal(existsSync(join(home, 'nothing-here')), false, 'no empty store was created');
      const bad = await runCli(['login-link', '--home', home, '--url', 'localhost:8080']);
      assert.equal(bad.code, 2);
    } finally {
      await rm(home, { recursive: true, force: true });
    }
  });
});

describe('pagewatch demo --cli (the terminal walkthrough)', () => {
  test('runs the collection healthy, broken twice and fixed: one alert, triggered then resolved', async () => {
    const home = await mkdtemp(join(tmpdir(), 'pagewatch-demo-cli-'));
    try {
      const run = await runCli(['demo', '--cli'], { PAGEWATCH_HOME: home });
      assert.equal(run.code, 0, run.stderr);
      assert.match(run.stdout, /1\/4[\s\S]*PagerDuty sandbox: no alerts\./);
      assert.match(run.stdout, /2\/4[\s\S]*alert \S+ TRIGGERED/);
      assert.match(run.stdout, /4\/4[\s\S]*alert \S+ RESOLVED/);
      assert.match(run.stdout, /That is the whole loop\./);
    } finally {
      await rm(home, { recursive: true, force: true });
    }
  });

  test('--help names the server demo, --cli and where the data is', async () => {
    const run = await runCli(['demo', '--help']);
    assert.equal(run.code, 0);
    for (const expected of ['--cli', '--no-build', '--port', 'PAGEWATCH_HOME', 'login-link', 'npm start']) {
      assert.ok(run.stdout.includes(expected), `"${expected}" missing from:\n${run.stdout}`);
    }
  });
});
