import assert from 'node:assert/strict';
import { test } from 'node:test';
import { runCli } from '../helpers/cli-harness.js';

test('serve --egress-deny with a bad network is a usage error naming it (exit 2), before anything starts', async () => {
  const run = await runCli([
    'serve',
    '--port',
    '0',
    '--egress-deny',
    '10.0.0.0/8,10.0.0.0/33',
    '--egress-allow',
    'intranet',
  ]);
  assert.equal(run.code, 2, run.stderr);
  assert.match(run.stderr, /PW_ERR_USAGE/);
  assert.match(run.stderr, /allow\[0\]: "intranet" is not an IP address or CIDR/);
  assert.match(run.stderr, /deny\[1\]: "10\.0\.0\.0\/33" is not an IP address or CIDR/);
});

test('serve --runner-processes takes a whole number ≥ 0', async () => {
  const run = await runCli(['serve', '--runner-processes', 'many']);
  assert.equal(run.code, 2);
  assert.match(run.stderr, /--runner-processes/);
});
