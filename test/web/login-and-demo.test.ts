import assert from 'node:assert/strict';
import { rm } from 'node:fs/promises';
import { after, before, describe, test } from 'node:test';
import type { Page, Route } from 'playwright-core';
import { ADMIN_TOKEN, startTestServer, type TestServer } from '../helpers/server-harness.js';
import {
  buildDashboard,
  launchBrowser,
  saveScreenshot,
  SKIP_BROWSER_TESTS,
  type Browser,
} from './browser-harness.js';

/**
 * The dashboard's side of the contracts with `pagewatch demo`: the one-time login link (`/login?code=` →
 * `POST /api/v1/auth/exchange`) and the demo switch (`GET /api/v1/demo`, `POST /api/v1/demo/break|fix`). The demo
 * endpoints are answered by Playwright here (the test server does not run the demo), so these tests pin what the
 * browser sends and shows; a 401 anywhere sends the user back to the login page.
 */
describe('dashboard: login link, demo switch, expired token', { skip: SKIP_BROWSER_TESTS }, () => {
  let server: TestServer;
  let browser: Browser;
  let page: Page;
  let webRoot: string;

  before(async () => {
    webRoot = await buildDashboard();
    server = await startTestServer('sqlite', { webRoot });
    browser = await launchBrowser();
    page = browser.page;
  });
  after(async () => {
    await browser?.close();
    await server?.close();
    if (webRoot) await rm(webRoot, { recursive: true, force: true });
  });

  const json = (route: Route, status: number, body: unknown) =>
    route.fulfill({ status, contentType: 'application/json', body: JSON.stringify(body) });

  test('a login link exchanges its code once, without a bearer token, and lands on the monitors', async () => {
    const exchanges: { code: unknown; authorization: string | undefined }[] = [];
    await page.route('**/api/v1/auth/exchange', async (route) => {
      const request = route.request();
      const { code } = request.postDataJSON() as { code: unknown };
      exchanges.push({ code, authorization: request.headers().authorization });
      if (code === 'good-code') return json(route, 200, { token: ADMIN_TOKEN, role: 'admin' });
      return json(route, 401, {
        error: { code: 'PW_ERR_UNAUTHORIZED', message: 'This login link was used or has expired.' },
      });
    });

    await page.goto(`${server.url}/login?code=spent-code`);
    await page.getByText('This login link did not work: This login link was used or has expired.').waitFor();
    assert.match(page.url(), /\/login$/, 'the spent code leaves the address bar');

    await page.goto(`${server.url}/login?code=good-code`);
    await page.getByRole('heading', { level: 1, name: 'Monitors' }).waitFor();
    assert.deepEqual(exchanges, [
      { code: 'spent-code', authorization: undefined },
      { code: 'good-code', authorization: undefined },
    ]);
    await page.unroute('**/api/v1/auth/exchange');
  });

  test('outside demo mode (GET /api/v1/demo is 404) there is no demo banner', async () => {
    await page.goto(`${server.url}/monitors`);
    await page.getByRole('heading', { level: 1, name: 'Monitors' }).waitFor();
    await page.waitForLoadState('networkidle');
    assert.equal(await page.getByRole('region', { name: 'Demo' }).count(), 0);
  });

  test('in demo mode the banner shows the demo API and its switch breaks and fixes it', async () => {
    let broken = false;
    const switches: string[] = [];
    await page.route('**/api/v1/demo', (route) =>
      json(route, 200, { demoApiUrl: 'http://127.0.0.1:9/shop', broken, sandboxUrl: 'http://127.0.0.1:9' }),
    );
    await page.route('**/api/v1/demo/*', (route) => {
      const action = new URL(route.request().url()).pathname.split('/').pop() ?? '';
      switches.push(`${route.request().method()} ${action} ${route.request().headers().authorization ?? ''}`);
      broken = action === 'break';
      return json(route, 200, { broken });
    });
    await page.reload();
    const banner = page.getByRole('region', { name: 'Demo' });
    await banner.getByText('✓ healthy').waitFor();
    await banner.getByRole('button', { name: 'Break the demo API' }).click();
    await banner.getByText('✗ broken').waitFor();
    await saveScreenshot(page, 'demo-banner');
    await banner.getByRole('button', { name: 'Fix the demo API' }).click();
    await banner.getByText('✓ healthy').waitFor();
    assert.deepEqual(switches, [`POST break Bearer ${ADMIN_TOKEN}`, `POST fix Bearer ${ADMIN_TOKEN}`]);
    await page.unroute('**/api/v1/demo');
    await page.unroute('**/api/v1/demo/*');
  });

  test('a token the API no longer accepts sends the user to the login page, saying why', async () => {
    await page.evaluate(`localStorage.setItem('pagewatch.token', 'pw_revoked_token')`);
    await page.goto(`${server.url}/deliveries`);
    await page.getByText('Your token is no longer accepted').waitFor();
    await page.getByLabel('API token').fill(ADMIN_TOKEN);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { level: 1, name: 'Deliveries' }).waitFor();
  });

  test('a reload still runs the dashboard (a revalidated index.html keeps the page CSP)', async () => {
    await page.goto(`${server.url}/integrations`);
    await page.getByRole('heading', { level: 1, name: 'Integrations' }).waitFor();
    await page.reload(); // the browser revalidates its copy: a 304's headers replace the cached ones
    await page.getByRole('heading', { level: 1, name: 'Integrations' }).waitFor({ timeout: 5_000 });
  });

  test('keyboard: the skip link and the navigation are reachable with Tab, and focus is visible', async () => {
    await page.goto(`${server.url}/`); // → /monitors
    await page.getByRole('heading', { level: 1, name: 'Monitors' }).waitFor();
    await page.keyboard.press('Tab');
    assert.equal(await page.evaluate('document.activeElement.textContent'), 'Skip to content');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    assert.equal(await page.evaluate('document.activeElement.textContent'), 'Monitors');
    const outline = await page.evaluate('getComputedStyle(document.activeElement).outlineStyle');
    assert.equal(outline, 'solid', 'focused links show an outline');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 1, name: 'Incidents' }).waitFor();
  });
});
