import assert from 'node:assert/strict';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { startServer } from '../../src/server/start-server.js';
import { defaultServeOptions } from '../../src/server/serve-options.js';
import { createLogger } from '../../src/observability/logger.js';
import { startTestServer } from '../helpers/server-harness.js';

test('a taken port makes startServer fail with the reason and release what it opened', async () => {
  const first = await startTestServer('sqlite');
  try {
    const home = await mkdtemp(join(tmpdir(), 'pagewatch-taken-'));
    const port = Number(new URL(first.url).port);
    await assert.rejects(
      startServer(
        {
          ...defaultServeOptions({}),
          home,
          databaseUrl: join(home, 'db.sqlite'),
          port,
          secret: 'test-secret-0123456789',
        },
        { logger: createLogger({ level: 'silent' }) },
      ),
      /EADDRINUSE/,
    );
  } finally {
    await first.close();
  }
});
