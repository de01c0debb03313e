import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { test } from 'node:test';

test('pagewatch sandbox --port 0 serves the Events API until SIGTERM', async () => {
  const child = spawn(process.execPath, ['bin/pagewatch.js', 'sandbox', '--port', '0'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  try {
    let output = '';
    const url = await new Promise<string>((resolve, reject) => {
      child.stdout.on('data', (chunk: Buffer) => {
        output += chunk.toString();
        const match = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(output);
        if (match?.[1]) resolve(match[1]);
      });
      child.once('exit', (code) => reject(new Error(`sandbox exited early with ${code}: ${output}`)));
    });
    const response = await fetch(`${url}/v2/enqueue`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        routing_key: 'a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6',
        event_action: 'trigger',
        dedup_key: 'cli/sandbox',
        payload: { summary: 'from the sandbox command test', source: 'test', severity: 'info' },
      }),
    });
    assert.equal(response.status, 202);
    const { alerts } = (await (await fetch(`${url}/sandbox/alerts`)).json()) as {
      alerts: { dedupKey: string; status: string }[];
    };
    assert.deepEqual(
      alerts.map((alert) => [alert.dedupKey, alert.status]),
      [['cli/sandbox', 'triggered']],
    );
  } finally {
    child.kill('SIGTERM');
    const [code] = (await once(child, 'exit')) as [number | null];
    assert.equal(code, 0, 'stops cleanly on SIGTERM');
  }
});
