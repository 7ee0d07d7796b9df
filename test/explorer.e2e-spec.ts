import { artifactPath, launchBrowser, Stack } from '@companyos/testing';
import { randomBytes } from 'node:crypto';
import type { Browser, BrowserContext, Page } from 'playwright-core';

// Issue 16, item 1 in a real headless Chromium: the offline explorer loads from the gateway alone (every other
// origin is blocked, and nothing else is even asked for), under its CSP, and a person runs a mutation with a token.
describe('The GraphQL explorer in a browser (whole stack)', () => {
  let stack: Stack;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  const requested: string[] = [];
  const blocked: string[] = [];
  const pageErrors: string[] = [];

  beforeAll(async () => {
    [stack, browser] = await Promise.all([Stack.start(), launchBrowser()]);
    const origin = new URL(stack.gateway.url).origin;
    context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
    // Anything not for the gateway is aborted, and remembered: the test then says nothing else was asked for.
    await context.route('**/*', (route) => {
      const url = route.request().url();
      if (new URL(url).origin === origin) return route.continue();
      blocked.push(url);
      return route.abort('blockedbyclient');
    });
    context.on('request', (request) => requested.push(request.url()));
    // CSP violations are reported to the page as events: collect them from the first script on.
    await context.addInitScript(() => {
      // Runs in the page (no DOM types in this project): the browser's own globals.
      const win = globalThis as any;
      const seen: string[] = (win.__cspViolations = []);
      win.document.addEventListener('securitypolicyviolation', (event: any) => seen.push(`${event.violatedDirective} ${event.blockedURI}`));
    });
    page = await context.newPage();
    page.on('pageerror', (error) => pageErrors.push(error.message));
  }, 120_000);

  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await stack?.stop();
  });

  it('opens at GET /graphql, runs a mutation with the token typed in, and fetched nothing from anywhere else', async () => {
    const responder = await stack.tokenFor('responder', 'explorer-responder');
    const title = `Explorer-declared ${randomBytes(3).toString('hex')}`;

    const response = await page.goto(`${stack.gateway.url}/graphql`);
    expect(response?.status()).toBe(200);
    expect(response?.headers()['content-type']).toContain('text/html');
    await page.locator('.graphiql-container').waitFor({ timeout: 30_000 });
    const queryEditor = page.locator('.graphiql-query-editor .monaco-editor').first();
    await queryEditor.waitFor({ timeout: 30_000 });

    await page.fill('#companyos-token', responder.token);
    // Replace the default operation: select all in Monaco, then type the mutation as text (no auto-closed brackets).
    await queryEditor.click();
    await page.keyboard.press('Control+A');
    await page.keyboard.press('Delete');
    await page.keyboard.insertText(
      `mutation Declare($title: String!) { createIncident(input: { title: $title, severity: SEV3, affectedServices: ["explorer"] }) { id reference title severity status } }`,
    );
    // Variables in their own editor.
    await page.getByText('Variables', { exact: true }).click();
    const variablesEditor = page.locator('.graphiql-editor-tool .monaco-editor').first();
    await variablesEditor.click();
    await page.keyboard.press('Control+A');
    await page.keyboard.press('Delete');
    await page.keyboard.insertText(JSON.stringify({ title }));

    await page.locator('.graphiql-execute-button').click();
    const result = page.locator('.result-window');
    await result.getByText(title, { exact: false }).waitFor({ timeout: 20_000 });
    const shown = await result.innerText();
    expect(shown).toContain('"createIncident"');
    expect(shown).toContain('SEV3');

    // The incident exists, declared as the token's principal.
    const { data } = await stack.graphql<{ incidents: { nodes: { title: string; timeline: { actor: string }[] }[] } }>(
      `{ incidents(filter: { service: "explorer" }, first: 5) { nodes { title timeline { actor } } } }`,
    );
    const declared = data!.incidents.nodes.find((node) => node.title === title);
    expect(declared?.timeline[0].actor).toBe('token:explorer-responder');

    // The token stays in this tab's session storage, nowhere else.
    const storage = await page.evaluate(() => {
      const browser = globalThis as any;
      return { session: browser.sessionStorage.getItem('companyos.explorer.token') as string | null, local: JSON.stringify(browser.localStorage) };
    });
    expect(storage.session).toBe(responder.token);
    expect(storage.local).not.toContain(responder.token);

    // The docs explorer reads the schema by introspection through the same gateway.
    await page.locator('[aria-label="Show Documentation Explorer"]').click();
    await page.locator('.graphiql-doc-explorer').getByText('Mutation', { exact: false }).first().waitFor({ timeout: 10_000 });

    await page.screenshot({ path: artifactPath('explorer.png') });

    const origin = new URL(stack.gateway.url).origin;
    expect(blocked).toEqual([]);
    expect(requested.filter((url) => new URL(url).origin !== origin)).toEqual([]);
    // Monaco's workers came from the gateway too, as files of its origin.
    expect(requested.some((url) => /\/explorer\/assets\/editor\.worker-[^/]+\.js$/.test(url))).toBe(true);
    expect(requested.some((url) => /\/explorer\/assets\/graphql\.worker-[^/]+\.js$/.test(url))).toBe(true);
    expect(await page.evaluate(() => (globalThis as any).__cspViolations)).toEqual([]);
    expect(pageErrors).toEqual([]);
  }, 90_000);

  it('is the same page at /explorer; tools asking for JSON still get the API at GET /graphql', async () => {
    const explorer = await fetch(`${stack.gateway.url}/explorer`, { headers: { accept: 'text/html' } });
    expect(explorer.status).toBe(200);
    expect(explorer.headers.get('content-security-policy')).toContain("connect-src 'self'");
    const api = await fetch(`${stack.gateway.url}/graphql`, { headers: { accept: 'application/json' } });
    expect(api.status).toBe(401);
    expect(((await api.json()) as { errors: { message: string }[] }).errors[0].message).toMatch(/Bearer/);
  });
});
