import SwaggerParser from '@apidevtools/swagger-parser';
import { AppProcess, artifactPath, freePort, launchBrowser, Stack, waitFor } from '@companyos/testing';
import { ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';

const CLIENT_ID = 'companyos-web';
/** The audience of the issuer's (JWT) access tokens: a second gateway with OIDC_AUDIENCE set to it keeps those. */
const API_AUDIENCE = 'urn:companyos:api';
/** People the issuer knows (its development login takes any password) and the roles their tokens carry. */
const USERS = {
  'ana.lopez': { roles: ['responder'] },
  'vic.viewer': { roles: ['viewer'] },
  // Her ID token lasts 8 s: the page must go back to sign-in when it expires.
  'eve.brief': { roles: ['responder'], ttl: 8 },
  'ada.admin': { roles: ['viewer', 'admin'] },
};

/** The real issuer (oidc-provider, ESM) in its own process; resolves once it listens. */
function startIssuer(port: number, redirectUris: string[]): Promise<ChildProcess> {
  const child = spawn(process.execPath, [join(__dirname, 'oidc-issuer.mjs')], {
    env: { ...process.env, ISSUER_PORT: String(port), CLIENT_ID, API_AUDIENCE, REDIRECT_URIS: redirectUris.join(','), USERS: JSON.stringify(USERS) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the OIDC issuer did not start in 20 s:\n${output}`)), 20_000);
    const read = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('ready ')) {
        clearTimeout(timer);
        resolve(child);
      }
    };
    child.stdout!.on('data', read);
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('exit', (code) => reject(new Error(`the OIDC issuer exited (${code}):\n${output}`)));
  });
}

// The dashboard's sign-in through a real OpenID Connect issuer in a real Chromium: the page learns from the gateway
// that OIDC is on, sends the browser to the issuer's login (code flow, PKCE S256, public client), takes the code back
// at /auth/callback, exchanges it, and is signed in as that person with the role their token carries.
describe('signing in to the dashboard through an OIDC issuer', () => {
  let stack: Stack;
  /** A gateway of the same stack that accepts the issuer's access tokens (OIDC_AUDIENCE) rather than its ID tokens. */
  let apiGateway: AppProcess;
  let issuer: ChildProcess;
  let issuerUrl: string;
  let browser: Browser;
  let incidentId: string;
  /** Requests a dashboard page made to anything but its gateway and the issuer. */
  const strays: string[] = [];
  const consoleErrors: string[] = [];

  beforeAll(async () => {
    const issuerPort = await freePort();
    issuerUrl = `http://127.0.0.1:${issuerPort}`;
    // The gateway reads the issuer's discovery document only when a token arrives, so the issuer may start after it
    // (it needs the gateway's address for the client's redirect URI).
    stack = await Stack.start({ gatewayEnv: { OIDC_ISSUER: issuerUrl, OIDC_CLIENT_ID: CLIENT_ID } });
    apiGateway = await stack.startReplica('gateway', { OIDC_AUDIENCE: API_AUDIENCE });
    issuer = await startIssuer(issuerPort, [`${stack.gateway.url}/auth/callback`, `${apiGateway.url}/auth/callback`]);
    browser = await launchBrowser();
    const { data, errors } = await stack.graphql<{ createIncident: { id: string } }>(
      `mutation ($input: CreateIncidentInput!) { createIncident(input: $input) { id } }`,
      { input: { title: `sso-${randomBytes(3).toString('hex')} login failing`, severity: 'SEV2', affectedServices: ['sso'], customerImpact: false } },
    );
    expect(errors).toBeUndefined();
    incidentId = data!.createIncident.id;
  }, 300_000);

  afterAll(async () => {
    await browser?.close();
    issuer?.kill();
    await stack?.stop();
  });

  const newPage = async (): Promise<{ context: BrowserContext; page: Page }> => {
    const context = await browser.newContext({ viewport: { width: 1400, height: 1000 } });
    // The dashboard may talk to its gateway and the issuer, nothing else (the issuer's own login page asks for web
    // fonts: refused, as this machine has no network, but not the dashboard's doing).
    await context.route('**/*', (route) => {
      const url = route.request().url();
      if (url.startsWith(stack.gateway.url) || url.startsWith(apiGateway.url) || url.startsWith(issuerUrl)) return route.continue();
      const from = route.request().frame().url();
      if (from.startsWith(stack.gateway.url) || from.startsWith(apiGateway.url)) strays.push(url);
      return route.abort();
    });
    const page = await context.newPage();
    const onDashboard = () => !page.url().startsWith(issuerUrl);
    page.on('console', (message) => message.type() === 'error' && onDashboard() && consoleErrors.push(message.text()));
    page.on('pageerror', (error) => onDashboard() && consoleErrors.push(error.message));
    return { context, page };
  };

  /** From the dashboard's sign-in page through the issuer's login and consent, back to the dashboard, live. */
  const signInAs = async (page: Page, login: string, gateway = stack.gateway.url) => {
    await page.goto(`${gateway}/`);
    await page.getByRole('button', { name: `Sign in with 127.0.0.1:${new URL(issuerUrl).port}` }).click();
    await page.waitForURL((url) => url.href.startsWith(issuerUrl));
    await page.locator('input[name="login"]').fill(login);
    await page.locator('input[name="password"]').fill('any password');
    await page.getByRole('button', { name: 'Sign-in' }).click();
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.waitForURL((url) => url.href.startsWith(gateway));
    await page.locator('[data-live-status="live"]').waitFor({ timeout: 15_000 }).catch(async (error) => {
      await page.screenshot({ path: artifactPath(`oidc-${login}-not-signed-in.png`), fullPage: true });
      throw error;
    });
  };

  it('tells the page, without a credential, that sign-in goes through the issuer, and lets the page reach it', async () => {
    const config = await fetch(`${stack.gateway.url}/api/companyos/auth/config`);
    expect(config.status).toBe(200);
    expect(await config.json()).toEqual({ oidc: { issuer: issuerUrl, clientId: CLIENT_ID, audience: CLIENT_ID } });
    // The callback path is a client route of the page, under the CSP that lets it call the issuer's origin only.
    const callback = await fetch(`${stack.gateway.url}/auth/callback?code=x&state=y`, { headers: { accept: 'text/html' } });
    expect(callback.status).toBe(200);
    expect(await callback.text()).toContain('<div id="root">');
    expect(callback.headers.get('content-security-policy')).toContain(`connect-src 'self' ${issuerUrl};`);
    // The OpenAPI document names it, with no security requirement, and still validates.
    const openapi = (await (await fetch(`${stack.gateway.url}/api/companyos/openapi.json`)).json()) as { paths: Record<string, any> };
    await expect(SwaggerParser.validate(structuredClone(openapi) as never)).resolves.toBeDefined();
    expect(openapi.paths['/api/companyos/auth/config'].get.security).toBeUndefined();
  });

  it('signs a responder in through the issuer’s login, shows data and the responder’s buttons, and signs out', async () => {
    const { context, page } = await newPage();
    await signInAs(page, 'ana.lopez');
    expect(new URL(page.url()).pathname).toBe('/');
    expect(await page.locator('.who').textContent()).toBe('ana.lopez · responder');
    await page.locator(`[data-incident="${incidentId}"]`).waitFor();
    // The kept token is the issuer's ID token: a JWT for this client, signed with a key from its JWKS (the gateway checked it).
    const token: string = await page.evaluate(() => (globalThis as any).sessionStorage.getItem('companyos.token'));
    const claims = JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString());
    expect(claims).toMatchObject({ iss: issuerUrl, aud: CLIENT_ID, sub: 'ana.lopez', roles: ['responder'] });
    expect(JSON.parse(Buffer.from(token.split('.')[0], 'base64url').toString())).toMatchObject({ alg: 'RS256', kid: 'test-key' });
    expect(await page.evaluate(() => (globalThis as any).sessionStorage.getItem('companyos.oidc.pending'))).toBeNull();
    // The graph sees the person the issuer vouched for.
    const whoami = await fetch(`${stack.gateway.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query: '{ whoami { id name role } }' }),
    });
    expect(((await whoami.json()) as { data: { whoami: unknown } }).data.whoami).toEqual({ id: 'jwt:ana.lopez', name: 'ana.lopez', role: 'RESPONDER' });
    await page.locator(`[data-incident="${incidentId}"] a`).click();
    await page.locator('[data-timeline]').waitFor();
    await page.getByRole('button', { name: 'Acknowledge' }).waitFor();
    await page.screenshot({ path: artifactPath('oidc-responder.png'), fullPage: true });

    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('button', { name: /^Sign in with / }).waitFor();
    expect(await page.evaluate(() => (globalThis as any).sessionStorage.getItem('companyos.token'))).toBeNull();
    await context.close();
  });

  it('shows a viewer signed in through the issuer no button it cannot use', async () => {
    const { context, page } = await newPage();
    await signInAs(page, 'vic.viewer');
    expect(await page.locator('.who').textContent()).toBe('vic.viewer · viewer');
    await page.locator(`[data-incident="${incidentId}"] a`).click();
    await page.locator('[data-timeline]').waitFor();
    expect(await page.getByRole('button').allTextContents()).toEqual(['Sign out']);
    await page.screenshot({ path: artifactPath('oidc-viewer.png'), fullPage: true });
    await context.close();
  });

  it('refuses a callback that does not answer the sign-in started in the tab (state mismatch)', async () => {
    const { context, page } = await newPage();
    await page.goto(`${stack.gateway.url}/`);
    await page.getByRole('button', { name: /^Sign in with / }).click();
    await page.waitForURL((url) => url.href.startsWith(issuerUrl));
    // Instead of logging in, a forged answer arrives with a code and someone else's state.
    await page.goto(`${stack.gateway.url}/auth/callback?code=forged&state=not-the-one-sent&iss=${encodeURIComponent(issuerUrl)}`);
    await page.getByRole('alert').filter({ hasText: 'state mismatch' }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/');
    // Still the sign-in page (its issuer button appears once the page has read the gateway's auth config), signed in as no one.
    await page.getByRole('button', { name: /^Sign in with / }).waitFor();
    expect(await page.locator('.who').count()).toBe(0);
    expect(await page.evaluate(() => (globalThis as any).sessionStorage.getItem('companyos.token'))).toBeNull();
    await context.close();
  });

  it('goes back to the sign-in page when the issuer’s token expires', async () => {
    const { context, page } = await newPage();
    await signInAs(page, 'eve.brief');
    expect(await page.locator('.who').textContent()).toBe('eve.brief · responder');
    const token: string = await page.evaluate(() => (globalThis as any).sessionStorage.getItem('companyos.token'));
    const { exp } = JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString());
    await page.getByRole('button', { name: /^Sign in with / }).waitFor({ timeout: 20_000 });
    expect(Date.now() / 1000).toBeGreaterThanOrEqual(exp - 1);
    expect(await page.evaluate(() => (globalThis as any).sessionStorage.getItem('companyos.token'))).toBeNull();
    // The gateway refuses it too.
    await waitFor('the gateway to refuse the expired token', async () => (await fetch(`${stack.gateway.url}/api/companyos/dashboard`, { headers: { authorization: `Bearer ${token}` } })).status === 401);
    await context.close();
  });

  it('keeps the issuer’s access token when the gateway’s audience is the API’s (OIDC_AUDIENCE), with the role it carries', async () => {
    const config: unknown = await (await fetch(`${apiGateway.url}/api/companyos/auth/config`)).json();
    expect(config).toEqual({ oidc: { issuer: issuerUrl, clientId: CLIENT_ID, audience: API_AUDIENCE } });
    const { context, page } = await newPage();
    await signInAs(page, 'ada.admin', apiGateway.url);
    expect(await page.locator('.who').textContent()).toBe('ada.admin · admin');
    await page.locator(`[data-incident="${incidentId}"]`).waitFor();
    const token: string = await page.evaluate(() => (globalThis as any).sessionStorage.getItem('companyos.token'));
    expect(JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString())).toMatchObject({
      iss: issuerUrl,
      aud: API_AUDIENCE,
      sub: 'ada.admin',
      client_id: CLIENT_ID,
      roles: ['viewer', 'admin'],
    });
    // The first gateway (audience: the client id) refuses that token: each takes only the token meant for it.
    expect((await fetch(`${stack.gateway.url}/api/companyos/dashboard`, { headers: { authorization: `Bearer ${token}` } })).status).toBe(401);
    await context.close();
  });

  afterAll(() => {
    expect(strays).toEqual([]);
    expect(consoleErrors.filter((e) => /Content Security Policy|Refused to/i.test(e))).toEqual([]);
  });
});
