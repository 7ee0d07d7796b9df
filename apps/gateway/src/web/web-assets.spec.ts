import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadWebAssets, pickAsset, webCsp } from './web-assets';

describe('the dashboard files the gateway serves', () => {
  const dir = mkdtempSync(join(tmpdir(), 'web-'));
  mkdirSync(join(dir, 'assets'));
  writeFileSync(join(dir, 'index.html'), '<!doctype html><div id="root"></div>');
  writeFileSync(join(dir, 'assets', 'index-abc123.js'), 'console.log(1);'.repeat(200));
  writeFileSync(join(dir, 'notes.unknown'), 'not served');
  const assets = loadWebAssets(dir);

  it('keeps the built files by URL path, hashed assets immutable, index.html not', () => {
    expect([...assets.keys()].sort()).toEqual(['/assets/index-abc123.js', '/index.html']);
    expect(assets.get('/assets/index-abc123.js')!.immutable).toBe(true);
    expect(assets.get('/index.html')!.immutable).toBe(false);
    expect(assets.get('/assets/index-abc123.js')!.gzip!.length).toBeLessThan(assets.get('/assets/index-abc123.js')!.body.length);
  });

  it('answers / and client routes with index.html when a browser asks for HTML', () => {
    const index = assets.get('/index.html');
    expect(pickAsset(assets, '/', 'text/html')).toBe(index);
    expect(pickAsset(assets, '/incidents/42', 'text/html,application/xhtml+xml')).toBe(index);
    expect(pickAsset(assets, '/deployments', 'text/html')).toBe(index);
    expect(pickAsset(assets, '/assets/index-abc123.js', '*/*')).toBe(assets.get('/assets/index-abc123.js'));
  });

  it('leaves the API, the explorer, health, metrics, missing files and non-HTML requests to the server', () => {
    for (const path of ['/graphql', '/explorer', '/api/companyos/events', '/health', '/health/ready', '/metrics']) {
      expect(pickAsset(assets, path, 'text/html')).toBeUndefined();
    }
    expect(pickAsset(assets, '/assets/missing.js', 'text/html')).toBeUndefined();
    expect(pickAsset(assets, '/incidents/42', 'application/json')).toBeUndefined();
    // A path naming anything outside the build is at most a client route (the page itself); nothing is read from disk.
    expect(pickAsset(assets, '/../../etc/passwd', 'text/html')).toBe(assets.get('/index.html'));
    expect(pickAsset(assets, '/../../etc/passwd.js', '*/*')).toBeUndefined();
  });

  it('allows only the gateway’s own origin, no inline script and no framing', () => {
    const csp = webCsp();
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("connect-src 'self';");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toMatch(/unsafe-inline|unsafe-eval|\*/);
  });

  it('lets the page reach the OIDC issuer’s origin (discovery, token exchange) and nothing else of it', () => {
    const csp = webCsp('https://login.example.com/realms/eng');
    expect(csp).toContain("connect-src 'self' https://login.example.com;");
    expect(csp).toContain("script-src 'self';");
    expect(csp).toContain("form-action 'self';");
  });
});
