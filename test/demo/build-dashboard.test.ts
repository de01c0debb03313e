import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { ensureDashboardBundle } from '../../src/demo/build-dashboard.js';

/** A throwaway package whose `build:web` script is `script` (or none). */
async function fakePackage(script: string | undefined): Promise<string> {
  const root = await mkdtemp(join(tmpdir(), 'pagewatch-build-web-'));
  const scripts = script ? { 'build:web': script } : {};
  await writeFile(join(root, 'package.json'), JSON.stringify({ name: 'fake', private: true, scripts }));
  return root;
}

async function ensure(root: string): Promise<{ built: boolean; notes: string[]; logFile: string }> {
  const notes: string[] = [];
  const logFile = join(root, 'home', 'dashboard-build.log');
  const built = await ensureDashboardBundle({
    packageRoot: root,
    webRoot: join(root, 'dist', 'web'),
    logFile,
    note: (line) => notes.push(line),
  });
  return { built, notes, logFile };
}

test('a missing bundle is built with npm run build:web; a present one is left alone', async () => {
  const make = `node -e "require('fs').mkdirSync('dist/web',{recursive:true});require('fs').writeFileSync('dist/web/index.html','ok')"`;
  const root = await fakePackage(make);
  try {
    const first = await ensure(root);
    assert.equal(first.built, true);
    assert.deepEqual(first.notes, ['Building the dashboard (npm run build:web, first start only)…']);
    assert.ok(existsSync(join(root, 'dist', 'web', 'index.html')));
    const second = await ensure(root);
    assert.equal(second.built, true);
    assert.deepEqual(second.notes, [], 'nothing to build, nothing said');
  } finally {
    await rm(root, { recursive: true, force: true });
  }
});

test('no build:web script, or a failing build: one line, API-only, the output kept in a log', async () => {
  const none = await fakePackage(undefined);
  const failing = await fakePackage(`node -e "console.error('vite: boom'); process.exit(3)"`);
  try {
    const withoutScript = await ensure(none);
    assert.equal(withoutScript.built, false);
    assert.equal(withoutScript.notes.length, 1);
    assert.match(withoutScript.notes[0]!, /no "npm run build:web".*API-only/);

    const failed = await ensure(failing);
    assert.equal(failed.built, false);
    assert.equal(failed.notes.length, 2);
    assert.match(
      failed.notes[1]!,
      /dashboard build failed \(exit 3; output in .*dashboard-build\.log\): continuing API-only/,
    );
    assert.match(await readFile(failed.logFile, 'utf8'), /vite: boom/);
  } finally {
    await rm(none, { recursive: true, force: true });
    await rm(failing, { recursive: true, force: true });
  }
});
