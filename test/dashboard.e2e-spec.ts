import { artifactPath, launchBrowser, PostableAlert, PrivateAlertmanager, Stack, TEST_ALERTMANAGER_TOKEN, waitFor } from '@companyos/testing';
import { randomBytes } from 'node:crypto';
import type { Browser, BrowserContext, Page } from 'playwright-core';

// The operations dashboard in a real headless Chromium, served by the gateway: sign in with a token, see an
// incident, watch an alert that a real Alertmanager posts to the webhook appear without reloading, acknowledge
// from the page. Every request the page makes to anything but the gateway is blocked and counted.
describe('the operations dashboard in Chromium', () => {
  let stack: Stack;
  let alertmanager: PrivateAlertmanager;
  let browser: Browser;
  const service = `checkout-${randomBytes(3).toString('hex')}`;
  const alertName = `CheckoutErrors${randomBytes(2).toString('hex')}`;
  const outsideRequests: string[] = [];
  const consoleErrors: string[] = [];

  beforeAll(async () => {
    stack = await Stack.start();
    alertmanager = await PrivateAlertmanager.start({ webhookUrl: `${stack.gateway.url}/api/companyos/prometheus-webhook`, bearerToken: TEST_ALERTMANAGER_TOKEN });
    browser = await launchBrowser();
    // Booting every app takes longer on a loaded machine than Jest's default hook time.
  }, 300_000);

  afterAll(async () => {
    await browser?.close();
    await alertmanager?.stop();
    await stack?.stop();
  });

  const newPage = async (): Promise<{ context: BrowserContext; page: Page }> => {
    const context = await browser.newContext({ viewport: { width: 1400, height: 1000 } });
    await context.route('**/*', (route) => {
      const url = route.request().url();
      if (url.startsWith(stack.gateway.url)) return route.continue();
      outsideRequests.push(url);
      return route.abort();
    });
    const page = await context.newPage();
    page.on('console', (message) => message.type() === 'error' && consoleErrors.push(message.text()));
    page.on('pageerror', (error) => consoleErrors.push(error.message));
    return { context, page };
  };

  const signIn = async (page: Page, token: string) => {
    await page.goto(`${stack.gateway.url}/`);
    await page.getByLabel('API token').fill(token);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.locator('[data-live-status="live"]').waitFor({ timeout: 15_000 });
  };

  it('signs in, shows the incident, shows a new alert live within 5 s, and acknowledges from the page', async () => {
    const { data, errors } = await stack.graphql<{ createIncident: { id: string; reference: string } }>(
      `mutation ($input: CreateIncidentInput!) { createIncident(input: $input) { id reference } }`,
      { input: { title: `${service} payments failing`, severity: 'SEV1', affectedServices: [service], customerImpact: true } },
    );
    expect(errors).toBeUndefined();
    const incident = data!.createIncident;
    const responder = (await stack.tokenFor('responder', 'e2e-dashboard')).token;

    const { context, page } = await newPage();
    await signIn(page, responder);
    // The token is kept for this tab only.
    expect(await page.evaluate(() => (globalThis as any).sessionStorage.getItem('companyos.token'))).toBe(responder);
    expect(await page.evaluate(() => (globalThis as any).localStorage.length)).toBe(0);
    const row = page.locator(`[data-incident="${incident.id}"]`);
    await row.waitFor().catch(async (error) => {
      await page.screenshot({ path: artifactPath('dashboard-no-incident.png'), fullPage: true });
      throw error;
    });
    expect(await row.textContent()).toContain(`${service} payments failing`);
    await page.screenshot({ path: artifactPath('dashboard-signed-in.png'), fullPage: true });

    // A critical alert through Alertmanager → webhook → alerts → outbox → the gateway's log → the open page.
    const alert: PostableAlert = {
      labels: { alertname: alertName, service, severity: 'critical', instance: 'web-1' },
      annotations: { summary: `${service} is failing 9% of card payments` },
      startsAt: new Date(Date.now() - 60_000).toISOString(),
    };
    await alertmanager.postAlerts([alert]);
    await waitFor('Alertmanager to deliver to the webhook', async () => (await stack.count(`SELECT 1 FROM ingest.deliveries WHERE source = 'alertmanager'`)) > 0, 30_000, 50);
    const delivered = Date.now();
    const shown = page.locator(`[data-alert-name="${alertName}"]`);
    await shown.waitFor({ timeout: 5_000 });
    const seconds = (Date.now() - delivered) / 1000;
    await page.screenshot({ path: artifactPath('dashboard-alert-live.png'), fullPage: true });
    expect(seconds).toBeLessThan(5);
    expect(await page.locator('[data-live-feed]').textContent()).toContain('alert.critical_fired');

    // Acknowledge the alert from its row: it leaves the firing list and the graph agrees.
    const alertId = await shown.getAttribute('data-alert');
    await shown.getByRole('button', { name: 'Acknowledge' }).click();
    await shown.waitFor({ state: 'detached', timeout: 10_000 });
    const acked = await stack.graphql<{ alert: { status: string; acknowledgedBy: string } }>(`query ($id: ID!) { alert(id: $id) { status acknowledgedBy } }`, { id: alertId });
    expect(acked.data!.alert).toEqual({ status: 'ACKNOWLEDGED', acknowledgedBy: 'token:e2e-dashboard' });

    // Incident detail: acknowledge, assign a commander, add a note — each lands in the timeline.
    await row.getByRole('link').click();
    await page.getByRole('heading', { name: new RegExp(incident.reference) }).waitFor();
    await page.getByRole('button', { name: 'Acknowledge' }).click();
    await page.locator('[data-timeline] [data-kind="ACKNOWLEDGED"]').waitFor({ timeout: 10_000 });
    await page.getByLabel('Commander').fill('ana.lopez');
    await page.getByRole('button', { name: 'Assign commander' }).click();
    await page.locator('[data-field="commander"]', { hasText: 'ana.lopez' }).waitFor({ timeout: 10_000 });
    await page.getByLabel('Note').fill('Rolled back 2.4.1; watching error rate');
    await page.getByRole('button', { name: 'Add note' }).click();
    await page.locator('[data-timeline] [data-kind="NOTE"]', { hasText: 'Rolled back 2.4.1' }).waitFor({ timeout: 10_000 });
    await page.screenshot({ path: artifactPath('dashboard-incident.png'), fullPage: true });
    const after = await stack.graphql<{ incident: { acknowledgedAt: string | null; commander: string } }>(`query ($id: ID!) { incident(id: $id) { acknowledgedAt commander } }`, { id: incident.id });
    expect(after.data!.incident.acknowledgedAt).not.toBeNull();
    expect(after.data!.incident.commander).toBe('ana.lopez');

    // The other pages render from the graph.
    await page.getByRole('link', { name: 'Deployments' }).click();
    await page.getByRole('heading', { name: 'Deployments' }).waitFor();
    await page.getByRole('link', { name: 'SLOs' }).click();
    await page.getByRole('heading', { name: 'Service level objectives' }).waitFor();
    await context.close();

    expect(outsideRequests).toEqual([]);
    expect(consoleErrors.filter((e) => /Content Security Policy|Refused to/i.test(e))).toEqual([]);
  });

  it('shows a viewer no button it cannot use', async () => {
    const viewer = (await stack.tokenFor('viewer', 'e2e-dashboard-viewer')).token;
    const { context, page } = await newPage();
    await signIn(page, viewer);
    // A new critical alert shows up live for a viewer too, with no button to acknowledge it.
    const another = `${alertName}Disk`;
    await alertmanager.postAlerts([{ labels: { alertname: another, service, severity: 'critical', instance: 'db-1' }, startsAt: new Date().toISOString() }]);
    await page.locator(`[data-alert-name="${another}"]`).waitFor({ timeout: 30_000 });
    expect(await page.getByRole('button', { name: 'Acknowledge' }).count()).toBe(0);
    await page.locator('[data-incident] a').first().click();
    await page.locator('[data-timeline]').waitFor();
    expect(await page.getByRole('button').allTextContents()).toEqual(['Sign out']);
    await page.screenshot({ path: artifactPath('dashboard-viewer.png'), fullPage: true });
    await context.close();
  });

  it('answers client routes with the page and hashed assets with a long cache, under the strict CSP', async () => {
    const route = await fetch(`${stack.gateway.url}/incidents/anything`, { headers: { accept: 'text/html' } });
    expect(route.status).toBe(200);
    const csp = route.headers.get('content-security-policy')!;
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("connect-src 'self'");
    expect(route.headers.get('cache-control')).toBe('no-cache');
    const html = await route.text();
    const script = /src="(\/assets\/[^"]+\.js)"/.exec(html)![1];
    const asset = await fetch(`${stack.gateway.url}${script}`);
    expect(asset.status).toBe(200);
    expect(asset.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    // The API keeps its own answers: JSON 401 without a token, 404 for an unknown API path.
    expect((await fetch(`${stack.gateway.url}/api/companyos/incidents`, { headers: { accept: 'text/html' } })).status).toBe(401);
  });
});
