import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { startPdSandbox, type PdSandbox } from '../../src/pd-sandbox/index.js';
import { healthCollection } from '../helpers/collections.js';
import { TEST_INTEGRATION_KEY } from '../helpers/fixtures.js';
import { ADMIN_TOKEN, startTestServer, waitFor, type TestServer } from '../helpers/server-harness.js';
import { startTargetServer, type TargetServer } from '../helpers/target-server.js';
import {
  buildDashboard,
  launchBrowser,
  saveScreenshot,
  SKIP_BROWSER_TESTS,
  type Browser,
} from './browser-harness.js';

/**
 * The acceptance flow, through the dashboard only: log in, add a monitor by uploading a collection, add a
 * PagerDuty integration (bad key, then a good one pointed at the sandbox), break the target → incident in the
 * Incidents page and in the sandbox console, acknowledge from the UI → acknowledged in the sandbox, heal the
 * target → resolved in both. The steps share one server and browser and run in order.
 */
describe(
  'dashboard: monitor → PagerDuty integration → incident → sandbox',
  { skip: SKIP_BROWSER_TESTS },
  () => {
    let target: TargetServer;
    let sandbox: PdSandbox;
    let server: TestServer;
    let browser: Browser;
    let page: Page;
    let webRoot: string;
    let monitorId: string;
    const dedupKey = (): string => `pagewatch/${monitorId}`;
    const sandboxAlert = () => sandbox.alerts({ dedupKey: dedupKey() })[0];

    before(async () => {
      [webRoot, target, sandbox] = await Promise.all([
        buildDashboard(),
        startTargetServer(),
        startPdSandbox(),
      ]);
      server = await startTestServer('sqlite', { webRoot });
      browser = await launchBrowser();
      page = browser.page;
    });
    after(async () => {
      await browser?.close();
      await server?.close();
      await Promise.all([target?.close(), sandbox?.close()]);
      if (webRoot) await rm(webRoot, { recursive: true, force: true });
    });

    const openNav = async (name: string): Promise<void> => {
      await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name, exact: true }).click();
      await page.getByRole('heading', { level: 1, name, exact: true }).waitFor();
    };
    const openMonitor = async (): Promise<void> => {
      await openNav('Monitors');
      await page.getByRole('link', { name: 'Health API' }).click();
      await page.getByRole('heading', { level: 1, name: 'Health API' }).waitFor();
    };
    const runNow = async (expected: 'success' | 'failure'): Promise<void> => {
      await page.getByRole('button', { name: 'Run now' }).click();
      await page.getByText(`Run finished: ${expected}`).waitFor();
    };

    test('without a token every page leads to the login page; pasting the admin token signs in', async () => {
      await page.goto(`${server.url}/incidents`);
      await page.getByLabel('API token').waitFor();
      assert.match(page.url(), /\/login$/);
      await page.getByLabel('API token').fill('pw_not_a_real_token');
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.locator('#login-token-error').getByText('not accepted').waitFor();
      await saveScreenshot(page, 'login');

      await page.getByLabel('API token').fill(ADMIN_TOKEN);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.getByRole('heading', { level: 1, name: 'Incidents' }).waitFor(); // back where the user wanted to go
      await openNav('Monitors');
      await page.getByText('No monitors yet').waitFor();
      assert.equal(
        await page.getByRole('region', { name: 'Demo' }).count(),
        0,
        'no demo banner outside demo mode',
      );
    });

    test('add a monitor by uploading a collection file; an API validation error shows next to its field', async () => {
      const dir = await mkdtemp(join(tmpdir(), 'pagewatch-upload-'));
      const file = join(dir, 'health.postman_collection.json');
      await writeFile(file, JSON.stringify(healthCollection(target.url), null, 2));
      await page.getByRole('link', { name: 'New monitor' }).click();
      await page.getByLabel('Name').fill('Health API');
      await page.locator('input[type=file]#monitor-collection-file').setInputFiles(file);
      await page.getByText('Loaded health.postman_collection.json').waitFor();
      assert.match(await page.locator('#monitor-collection').inputValue(), /Get health/);

      // A cron expression only the server can judge: its error comes back at schedule.cron and lands under that field.
      await page.getByLabel('Cron expression').check();
      await page.locator('#schedule-cron').fill('61 * * * *');
      await page.getByRole('button', { name: 'Create monitor' }).click();
      const cronError = page.locator('#schedule-cron-error');
      await cronError.waitFor();
      assert.equal(await page.locator('#schedule-cron').getAttribute('aria-invalid'), 'true');
      assert.match(
        (await page.locator('#schedule-cron').getAttribute('aria-describedby')) ?? '',
        /schedule-cron-error/,
      );
      await saveScreenshot(page, 'monitor-form');

      await page.getByLabel('Every fixed interval').check();
      await page.getByLabel('Run every').fill('24h');
      await page.getByRole('button', { name: 'Create monitor' }).click();
      await page.getByRole('heading', { level: 1, name: 'Health API' }).waitFor();
      monitorId = /\/monitors\/([^/]+)$/.exec(page.url())?.[1] ?? '';
      assert.match(monitorId, /^mon_/);
      const stored = await server.api<{ schedule: unknown; collection: { item: unknown[] } }>(
        'GET',
        `/api/v1/monitors/${monitorId}`,
      );
      assert.deepEqual(stored.body.schedule, { every: '24h' });
      assert.equal(stored.body.collection.item.length, 1);
      await rm(dir, { recursive: true, force: true });
    });

    test('Integrations → PagerDuty → Add: a bad key is refused next to the field, a good one is listed masked', async () => {
      await openNav('Integrations');
      await saveScreenshot(page, 'integrations-empty');
      await page.getByRole('link', { name: 'Add PagerDuty integration' }).click();
      await page.getByRole('heading', { level: 1, name: 'Add a PagerDuty integration' }).waitFor();
      await page.getByLabel('Name').fill('On-call');
      await page.getByLabel('Integration Key').fill('not-a-key');
      await page.getByLabel('Health API').check();
      await page.getByRole('button', { name: 'Submit' }).click();
      await page.locator('#integration-key-error').getByText('exactly 32 letters or digits').waitFor();
      assert.equal(await page.getByLabel('Integration Key').getAttribute('aria-invalid'), 'true');
      await saveScreenshot(page, 'integration-form-bad-key');
      const none = await server.api<{ data: unknown[] }>('GET', '/api/v1/integrations');
      assert.equal(none.body.data.length, 0, 'nothing was sent for a bad key');

      // The server's own check of a field the browser does not check: the Events URL, under "Advanced".
      await page.getByLabel('Integration Key').fill(TEST_INTEGRATION_KEY);
      await page.getByText('Advanced', { exact: true }).click();
      await page.getByLabel('Events URL').fill('ftp://127.0.0.1/');
      await page.getByRole('button', { name: 'Submit' }).click();
      await page.locator('#integration-events-url-error').getByText('http(s) URL').waitFor();
      await saveScreenshot(page, 'integration-form');

      await page.getByLabel('Events URL').fill(sandbox.url);
      await page.getByLabel('Severity').selectOption('error');
      await page.getByLabel('Open after failed runs in a row').fill('1');
      await page.getByRole('button', { name: 'Submit' }).click();
      await page.getByRole('heading', { level: 1, name: 'Integrations' }).waitFor();
      const card = page.getByRole('article', { name: 'On-call' });
      await card.waitFor();
      assert.equal(await card.getByTestId('masked-key').textContent(), `${'•'.repeat(28)}c5d6`);
      await card.getByRole('link', { name: 'Health API' }).waitFor();

      await card.getByRole('button', { name: 'Send test event' }).click();
      await card.getByText('Test event queued').waitFor();
      await waitFor('the test event in the sandbox', async () =>
        sandbox.alerts().some((alert) => alert.status === 'resolved') ? true : undefined,
      );
      await page.reload();
      await card.locator('[data-status="sent"]').waitFor(); // the last delivery
      await saveScreenshot(page, 'integrations');
    });

    test('target down → Run now → incident on the Incidents page and in the sandbox console', async () => {
      target.setHealthy(false);
      await openMonitor();
      await runNow('failure');
      const latestRun = page.locator('tr[data-run-id]').first();
      await latestRun.getByText('Failed').waitFor();
      await latestRun.getByRole('button').click();
      const failed = page.locator('.assertion-failed', { hasText: 'status is 200' });
      await failed.waitFor();
      assert.match((await failed.textContent()) ?? '', /503/);
      await page.getByRole('figure', { name: /Response time per request/ }).waitFor();
      await saveScreenshot(page, 'monitor-detail');

      await openNav('Incidents');
      const row = page.locator(`tr[data-incident-id]`, { hasText: 'Health API' });
      await row.locator('[data-status="triggered"]').first().waitFor();
      await row.locator('li[data-action="trigger"][data-status="sent"]').waitFor();
      await saveScreenshot(page, 'incidents');

      await openNav('PagerDuty sandbox');
      const alertRow = page.locator(`tr[data-dedup-key="${dedupKey()}"][data-status="triggered"]`);
      await alertRow.waitFor();
      await alertRow.getByRole('button').click();
      await page.getByText('trigger → opened').waitFor();
      await saveScreenshot(page, 'sandbox-console');
      assert.equal(sandboxAlert()?.status, 'triggered');
    });

    test('Acknowledge in the Incidents page → the sandbox alert is acknowledged', async () => {
      await openNav('Incidents');
      const row = page.locator(`tr[data-incident-id]`, { hasText: 'Health API' });
      await row.getByRole('button', { name: 'Acknowledge' }).click();
      await page.locator('tr[data-incident-id][data-status="acknowledged"]').waitFor();
      await waitFor('the sandbox alert acknowledged', async () =>
        sandboxAlert()?.status === 'acknowledged' ? true : undefined,
      );
      await openNav('PagerDuty sandbox');
      await page.locator(`tr[data-dedup-key="${dedupKey()}"][data-status="acknowledged"]`).waitFor();
    });

    test('target healthy → Run now → the incident and the sandbox alert resolve', async () => {
      target.setHealthy(true);
      await openMonitor();
      await runNow('success');
      await openNav('Incidents');
      await page.getByRole('tab', { name: 'Resolved' }).click();
      const row = page.locator('tr[data-incident-id][data-status="resolved"]', { hasText: 'Health API' });
      await row.getByText('the monitor recovered').waitFor();
      await row.locator('li[data-action="resolve"][data-status="sent"]').waitFor();
      await row.locator('li[data-action="acknowledge"][data-status="sent"]').waitFor();
      await saveScreenshot(page, 'incidents-resolved');
      await waitFor('the sandbox alert resolved', async () =>
        sandboxAlert()?.status === 'resolved' ? true : undefined,
      );
      await openNav('PagerDuty sandbox');
      await page.locator(`tr[data-dedup-key="${dedupKey()}"][data-status="resolved"]`).waitFor();

      await openNav('Deliveries');
      await page.locator('tr[data-delivery-id][data-status="sent"]').first().waitFor();
      assert.equal(
        await page.locator('tr[data-delivery-id]').count(),
        5,
        'test trigger + resolve, trigger, ack, resolve',
      );
      await saveScreenshot(page, 'deliveries');

      await openNav('Monitors');
      const monitorRow = page.locator(`tr[data-monitor-id="${monitorId}"]`);
      await monitorRow.getByRole('img', { name: /Run durations of Health API/ }).waitFor();
      assert.match((await monitorRow.textContent()) ?? '', /50 %/, 'uptime over 24 h: 1 of 2 runs passed');
      await saveScreenshot(page, 'monitors');
    });

    test('a delivery PagerDuty refuses (400) shows as failed with its error text', async () => {
      sandbox.injectFault({ status: 400, count: 1 });
      await openNav('Integrations');
      await page.getByRole('button', { name: 'Send test event' }).click();
      await openNav('Deliveries');
      await page.getByRole('tab', { name: 'Failed' }).click();
      const failed = page.locator('tr[data-delivery-id][data-status="failed"]');
      await failed.waitFor({ timeout: 20_000 }); // the page polls every 5 s
      assert.match((await failed.textContent()) ?? '', /Failed after 1 attempt.*400/s);
      await saveScreenshot(page, 'deliveries-failed');
    });

    test('edit, pause, resume and delete a monitor from its page', async () => {
      await openMonitor();
      await page.getByRole('link', { name: 'Edit' }).click();
      await page.getByRole('heading', { level: 1, name: 'Edit Health API' }).waitFor();
      assert.equal(await page.getByLabel('Run every').inputValue(), '24h');
      assert.match(await page.locator('#monitor-collection').inputValue(), /Get health/);
      await page.getByLabel('Run every').fill('12h');
      await page.getByRole('button', { name: 'Save changes' }).click();
      await page.getByRole('heading', { level: 1, name: 'Health API' }).waitFor();
      await page.getByText('every 12h').waitFor();

      await page.getByRole('button', { name: 'Pause' }).click();
      await page.locator('.page-heading [data-status="paused"]').waitFor();
      await page.getByRole('button', { name: 'Resume' }).click();
      await page.locator('.page-heading [data-status="up"]').waitFor();

      page.once('dialog', (dialog) => void dialog.accept());
      await page.getByRole('button', { name: 'Delete' }).click();
      await page.getByText('No monitors yet').waitFor();
      assert.equal((await server.api('GET', `/api/v1/monitors/${monitorId}`)).status, 404);
    });

    test('the pages raised no uncaught errors', () => {
      const unexpected = browser.pageErrors.filter((text) => !/Failed to load resource/.test(text));
      assert.deepEqual(unexpected, []);
    });
  },
);
