/**
 * A full scenario against a real `pagewatch serve` process at debug level: every secret it is given or hands out
 * (PAGEWATCH_SECRET, the admin token, API tokens, integration keys, a webhook secret, a login code, the token it is
 * exchanged for, bad tokens and codes sent by a stranger, a monitor's environment secret) must not appear anywhere
 * in what the process writes to stdout and stderr.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { promisify } from 'node:util';
import { createSecretBox, loadSecretKey } from '../../src/secrets/secret-box.js';
import { openStore } from '../../src/store/open-store.js';
import {
  call,
  dedupKeyOf,
  eventually,
  runNow,
  takenEvents,
  waitForOutboxDrained,
  withStage,
} from '../e2e/e2e-support.js';
import { collectionOf } from '../helpers/collections.js';
import { E2E_ADMIN_TOKEN } from '../helpers/server-process.js';

/** PAGEWATCH_SECRET as test/helpers/server-process.ts sets it (checked below by decrypting with it). */
const E2E_SECRET = 'e2e-secret-0123456789abcdef';
const BIN = join(process.cwd(), 'bin', 'pagewatch.js');

test(
  'no secret reaches the logs of pagewatch serve (debug level, full scenario)',
  { timeout: 180_000 },
  async (t) => {
    await withStage(t, 'sqlite', async (stage) => {
      const server = await stage.start(['--log-level', 'debug', '--auth-failure-limit', '7']);
      const secrets: Record<string, string> = {
        PAGEWATCH_SECRET: E2E_SECRET,
        PAGEWATCH_ADMIN_TOKEN: E2E_ADMIN_TOKEN,
      };
      const http = async (
        method: string,
        path: string,
        headers: Record<string, string> = {},
        body?: unknown,
      ) => {
        const response = await fetch(`${server.url}${path}`, {
          method,
          headers: { ...headers, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
          ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
        });
        const text = await response.text();
        return {
          status: response.status,
          body: (text ? JSON.parse(text) : undefined) as Record<string, unknown>,
        };
      };

      // A monitor whose environment holds a secret it sends as a header.
      secrets['monitor environment apiKey'] = `env-secret-${randomBytes(12).toString('hex')}`;
      const collection = collectionOf('Health API', [
        {
          name: 'Get health',
          url: `${stage.target.url}/health`,
          tests: ['pm.test("status is 200", () => pm.response.to.have.status(200));'],
        },
      ]) as { item: { request: Record<string, unknown> }[] };
      collection.item[0]!.request.header = [{ key: 'X-Api-Key', value: '{{apiKey}}' }];
      const monitor = await call<{ id: string }>(server, 'POST', '/api/v1/monitors', {
        name: 'Health API',
        collection,
        environment: {
          name: 'prod',
          values: [{ key: 'apiKey', value: secrets['monitor environment apiKey'], enabled: true }],
        },
        schedule: { every: '24h' },
      });

      // A PagerDuty integration (the sandbox) and a signed webhook (the target's echo), both on the monitor.
      secrets['PagerDuty integration key'] = randomBytes(16).toString('hex');
      secrets['webhook secret'] = `whsec-${randomBytes(16).toString('hex')}`;
      const pagerDuty = await call<{ id: string; config: { integrationKey: string } }>(
        server,
        'POST',
        '/api/v1/integrations',
        {
          type: 'pagerduty',
          name: 'On-call',
          config: { integrationKey: secrets['PagerDuty integration key'], eventsUrl: stage.sandbox.url },
          monitorIds: [monitor.id],
        },
      );
      assert.match(pagerDuty.config.integrationKey, /^•+[0-9a-f]{4}$/, 'masked when read back');
      await call(server, 'POST', '/api/v1/integrations', {
        type: 'webhook',
        name: 'Hook',
        config: { url: `${stage.target.url}/echo`, secret: secrets['webhook secret'] },
        monitorIds: [monitor.id],
      });
      // A near-miss key (one character too many) is refused; the refusal names the problem, not the key.
      secrets['mistyped integration key'] = `${secrets['PagerDuty integration key']}0`;
      const mistyped = await server.api<{ error: { message: string } }>('POST', '/api/v1/integrations', {
        type: 'pagerduty',
        name: 'Typo',
        config: { integrationKey: secrets['mistyped integration key'] },
      });
      assert.equal(mistyped.status, 400);
      assert.ok(!JSON.stringify(mistyped.body).includes(secrets['mistyped integration key']));
      assert.equal((await server.api('POST', `/api/v1/integrations/${pagerDuty.id}/test`)).status, 202);

      // Failing, then recovering: a trigger and a resolve are delivered (the first trigger after one 503).
      stage.sandbox.injectFault({ status: 503, count: 1 });
      stage.target.setHealthy(false);
      assert.equal(await runNow(server, monitor.id), 'failure');
      await waitForOutboxDrained(server, monitor.id);
      stage.target.setHealthy(true);
      assert.equal(await runNow(server, monitor.id), 'success');
      await waitForOutboxDrained(server, monitor.id);
      const dedupKey = dedupKeyOf(monitor.id);
      await eventually('the trigger and resolve taken by PagerDuty', () =>
        takenEvents(stage.sandbox, dedupKey, 'trigger').length &&
        takenEvents(stage.sandbox, dedupKey, 'resolve').length
          ? true
          : undefined,
      );

      // API tokens: made, used, revoked, used again.
      const made = await call<{ token: string; id: string }>(server, 'POST', '/api/v1/tokens', {
        name: 'ci',
        role: 'viewer',
      });
      secrets['API token (created)'] = made.token;
      const authorization = { authorization: `Bearer ${made.token}` };
      assert.equal((await http('GET', '/api/v1/monitors', authorization)).status, 200);
      assert.equal((await server.api('DELETE', `/api/v1/tokens/${made.id}`)).status, 204);
      assert.equal((await http('GET', '/api/v1/monitors', authorization)).status, 401);

      // A login link, as `pagewatch login-link` prints it, opened by a browser and exchanged once (then again).
      const { stdout } = await promisify(execFile)(process.execPath, [
        BIN,
        'login-link',
        '--home',
        stage.data.home,
        '--db',
        stage.data.databaseUrl,
        '--url',
        server.url,
      ]);
      const code = /[?&]code=([\w-]+)/.exec(stdout)?.[1];
      assert.ok(code, stdout);
      secrets['login code'] = code;
      await http('GET', `/login?code=${code}`);
      const exchanged = await http('POST', '/api/v1/auth/exchange', {}, { code });
      assert.equal(exchanged.status, 200);
      secrets['API token (login)'] = String(exchanged.body.token);
      assert.equal(
        (await http('GET', '/api/v1/incidents', { authorization: `Bearer ${exchanged.body.token}` })).status,
        200,
      );
      assert.equal((await http('POST', '/api/v1/auth/exchange', {}, { code })).status, 401, 'works once');

      // A stranger: bad tokens (some in odd forms), a bad code; with the revoked token and the reused code above
      // that makes 7 failures, the limit: the next request is 429 whatever its token.
      const statuses: number[] = [];
      for (let attempt = 0; attempt < 4; attempt += 1) {
        const guess = `pw_${randomBytes(16).toString('hex')}`;
        secrets[`bad token ${attempt}`] = guess;
        const headers = [
          { authorization: `Bearer ${guess}` },
          { authorization: `bearer   ${guess} ` },
          { authorization: `Basic ${Buffer.from(`admin:${guess}`).toString('base64')}` },
          { authorization: `Token ${guess}` },
        ][attempt]!;
        if (attempt === 2) secrets['Basic credentials'] = headers.authorization.slice('Basic '.length);
        statuses.push((await http('GET', `/api/v1/monitors?token=${guess}`, headers)).status);
      }
      secrets['bad login code'] = randomBytes(24).toString('base64url');
      statuses.push(
        (await http('POST', '/api/v1/auth/exchange', {}, { code: secrets['bad login code'] })).status,
      );
      statuses.push(
        (await http('GET', '/api/v1/monitors', { authorization: `Bearer ${E2E_ADMIN_TOKEN}` })).status,
      );
      assert.deepEqual(statuses, [401, 401, 401, 401, 401, 429]);

      await server.stop('SIGTERM');
      const output = server.output();
      assert.doesNotMatch(output, /earlier lines not kept/, 'the whole output was searched');
      assert.match(output, /"level":20/, 'debug lines were written');
      assert.match(output, /incoming request/, 'requests were logged');
      const leaked = Object.entries(secrets).filter(([, value]) => output.includes(value));
      assert.deepEqual(
        leaked.map(([name]) => name),
        [],
        `secrets in the logs:\n${leaked
          .map(
            ([name, value]) =>
              `${name}: ${output
                .split('\n')
                .filter((line) => line.includes(value))
                .join('\n')}`,
          )
          .join('\n')}`,
      );

      // PAGEWATCH_SECRET above is really the one this server used: no key file, and it decrypts the stored key.
      assert.ok(!existsSync(join(stage.data.home, 'secret.key')));
      const store = await openStore({ url: stage.data.databaseUrl });
      try {
        const row = await store.db
          .selectFrom('integrations')
          .select('secret_ciphertext')
          .where('id', '=', pagerDuty.id)
          .executeTakeFirstOrThrow();
        const box = createSecretBox(
          loadSecretKey({ secret: E2E_SECRET, keyFile: join(stage.data.home, 'none') }),
        );
        assert.equal(box.decrypt(row.secret_ciphertext ?? ''), secrets['PagerDuty integration key']);
      } finally {
        await store.close();
      }
    });
  },
);
