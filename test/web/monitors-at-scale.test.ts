import assert from 'node:assert/strict';
import { rm } from 'node:fs/promises';
import { after, before, describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { healthCollection } from '../helpers/collections.js';
import { ADMIN_TOKEN, startTestServer, waitFor, type TestServer } from '../helpers/server-harness.js';
import {
  buildDashboard,
  launchBrowser,
  saveScreenshot,
  SKIP_BROWSER_TESTS,
  type Browser,
} from './browser-harness.js';

const MONITORS = 1_000;

/**
 * With 1,000 monitors the monitor list stays a page of 25 rows, and a page's uptime and durations come with the page
 * (`?include=stats`, aggregated by the server): the browser asks for no monitor's runs, one request per page.
 */
describe(`dashboard with ${MONITORS} monitors`, { skip: SKIP_BROWSER_TESTS }, () => {
  let server: TestServer;
  let browser: Browser;
  let page: Page;
  let webRoot: string;
  const runRequests: string[] = [];
  const listRequests: string[] = [];

  before(async () => {
    webRoot = await buildDashboard();
    server = await startTestServer('sqlite', { webRoot });
    const collection = healthCollection('http://127.0.0.1:9'); // nothing listens: runs fail fast
    const numbers = Array.from({ length: MONITORS }, (_, index) => index);
    for (let start = 0; start < MONITORS; start += 50) {
      await Promise.all(
        numbers.slice(start, start + 50).map(async (number) => {
          const created = await server.api('POST', '/api/v1/monitors', {
            name: `Monitor ${String(number).padStart(4, '0')}`,
            collection,
            schedule: { every: '24h' },
            enabled: number % 10 !== 0, // every tenth paused
          });
          assert.equal(created.status, 201);
        }),
      );
    }
    // The newest monitor (first row) gets two runs, so its row has numbers to show.
    const newest = await server.api<{ data: { id: string }[] }>('GET', '/api/v1/monitors?limit=1');
    const newestId = newest.body.data[0]!.id;
    for (let run = 0; run < 2; run += 1) {
      const { body } = await server.api<{ runId: string }>('POST', `/api/v1/monitors/${newestId}/run`);
      await waitFor('the run', async () => {
        const current = await server.api<{ status: string }>('GET', `/api/v1/runs/${body.runId}`);
        return ['queued', 'running'].includes(current.body.status) ? undefined : true;
      });
    }
    browser = await launchBrowser();
    page = browser.page;
    await browser.context.addInitScript(
      `localStorage.setItem('pagewatch.token', ${JSON.stringify(ADMIN_TOKEN)})`,
    );
    page.on('request', (request) => {
      if (/\/api\/v1\/monitors\/[^/]+\/runs/.test(request.url())) runRequests.push(request.url());
      if (/\/api\/v1\/monitors\?/.test(request.url())) listRequests.push(request.url());
    });
  });
  after(async () => {
    await browser?.close();
    await server?.close();
    if (webRoot) await rm(webRoot, { recursive: true, force: true });
  });

  test('the first page shows 25 monitors quickly with their stats in one request, and no runs requests', async () => {
    const started = Date.now();
    await page.goto(`${server.url}/monitors`);
    await page.locator('tr[data-monitor-id]').nth(24).waitFor();
    const firstPageMs = Date.now() - started;
    console.log(`# first page of ${MONITORS} monitors rendered in ${firstPageMs} ms`);
    assert.equal(await page.locator('tr[data-monitor-id]').count(), 25);
    assert.ok(firstPageMs < 5_000, `first page took ${firstPageMs} ms`);
    const firstRow = page.locator('tr[data-monitor-id]').first();
    await firstRow.getByText('0 %').first().waitFor(); // two failed runs: 0 % over 24 h
    await page.waitForLoadState('networkidle');
    console.log(
      `# ${listRequests.length} list request(s), ${runRequests.length} runs requests for the first page`,
    );
    assert.equal(runRequests.length, 0, `${runRequests.length} runs requests`);
    assert.ok(listRequests.length >= 1 && listRequests.length <= 2, `${listRequests.length} list requests`); // 2: a 10 s poll
    assert.ok(listRequests.every((url) => url.includes('include=stats')));
    await saveScreenshot(page, 'monitors-1000');

    const beforeNext = listRequests.length;
    await page.getByRole('button', { name: 'Next →' }).click();
    await page.getByText('Page 2').waitFor();
    await page.locator('tr[data-monitor-id]').nth(24).waitFor();
    await page.waitForLoadState('networkidle');
    assert.equal(runRequests.length, 0, 'the second page loads no runs either');
    assert.ok(
      listRequests.length - beforeNext <= 2,
      'the second page is one list request (or two with a poll)',
    );
    await page.getByRole('button', { name: '← Previous' }).click();
    await page.getByText('Page 1').waitFor();
  });

  test('the integration form lists all monitors to choose from, with a filter', async () => {
    await page.goto(`${server.url}/integrations/new/pagerduty`);
    await page
      .locator('.checkbox-list li')
      .nth(MONITORS - 1)
      .waitFor();
    await page.getByLabel('Filter monitors').fill('Monitor 0999');
    assert.equal(await page.locator('.checkbox-list li').count(), 1);
    await page.getByLabel('Monitor 0999').check();
    await page.getByText('1 selected').waitFor();
  });
});
