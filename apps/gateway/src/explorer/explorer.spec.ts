import type { NestExpressApplication } from '@nestjs/platform-express';
import express from 'express';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { useExplorer } from './explorer';
import { EXPLORER_CSP } from './explorer-csp';

/** Chromium's Accept for a page it navigates to. */
const BROWSER_ACCEPT = 'text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8';

describe('the explorer at /explorer and GET /graphql (content negotiation, CSP, assets)', () => {
  let dist: string;

  beforeAll(() => {
    dist = mkdtempSync(join(tmpdir(), 'explorer-'));
    mkdirSync(join(dist, 'assets'));
    writeFileSync(join(dist, 'index.html'), '<!doctype html><title>explorer</title>');
    writeFileSync(join(dist, 'assets', 'index-abc123.js'), 'console.log(1)');
    writeFileSync(join(dist, 'secret.txt'), 'not an asset');
  });
  afterAll(() => rmSync(dist, { recursive: true, force: true }));

  /** The explorer in front of a stand-in for the API: whatever it lets through answers `{ api: true }`. */
  const appWith = (explorer: boolean) => {
    const app = express();
    useExplorer(app as unknown as NestExpressApplication, { explorer }, dist);
    app.use((_req, res) => res.json({ api: true }));
    return app;
  };

  it('serves the page at /explorer with a CSP that allows only its own origin', async () => {
    const response = await request(appWith(true)).get('/explorer').set('accept', BROWSER_ACCEPT);
    expect(response.status).toBe(200);
    expect(response.type).toBe('text/html');
    expect(response.text).toContain('<title>explorer</title>');
    const csp = response.headers['content-security-policy'];
    expect(csp).toBe(EXPLORER_CSP);
    const directives = Object.fromEntries(csp.split('; ').map((d: string) => [d.split(' ')[0], d.split(' ').slice(1)]));
    expect(directives['default-src']).toEqual(["'none'"]);
    expect(directives['script-src']).toEqual(["'self'"]);
    expect(directives['connect-src']).toEqual(["'self'"]);
    expect(directives['worker-src']).toEqual(["'self'"]);
    expect(directives['frame-ancestors']).toEqual(["'none'"]);
    // No source anywhere but the page's own origin (and data: images): no host, no scheme-wide wildcard, no eval.
    expect(csp).not.toMatch(/https?:|\*|blob:|unsafe-eval/);
    expect(response.headers['cache-control']).toBe('no-cache');
  });

  it('answers GET /graphql with the page only when a browser prefers HTML and sends no query', async () => {
    const app = appWith(true);
    const html = await request(app).get('/graphql').set('accept', BROWSER_ACCEPT);
    expect(html.type).toBe('text/html');
    expect(html.headers['content-security-policy']).toBe(EXPLORER_CSP);
    for (const accept of ['application/json', '*/*', 'application/graphql-response+json, application/json;q=0.9', 'text/html;q=0.5, application/json']) {
      const api = await request(app).get('/graphql').set('accept', accept);
      expect({ accept, body: api.body }).toEqual({ accept, body: { api: true } });
    }
    expect((await request(app).get('/graphql').query({ query: '{ whoami { name } }' }).set('accept', BROWSER_ACCEPT)).body).toEqual({ api: true });
    expect((await request(app).post('/graphql').set('accept', BROWSER_ACCEPT).send({ query: '{ __typename }' })).body).toEqual({ api: true });
    expect((await request(app).get('/graphql')).body).toEqual({ api: true });
  });

  it('serves hashed assets for a year, and nothing outside the assets folder', async () => {
    const app = appWith(true);
    const asset = await request(app).get('/explorer/assets/index-abc123.js');
    expect(asset.status).toBe(200);
    expect(asset.type).toBe('text/javascript');
    expect(asset.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(asset.headers['content-security-policy']).toBe(EXPLORER_CSP);
    expect((await request(app).get('/explorer/assets/missing.js')).status).toBe(404);
    for (const path of ['/explorer/assets/../secret.txt', '/explorer/assets/%2e%2e/secret.txt', '/explorer/secret.txt']) {
      const response = await request(app).get(path);
      expect(response.text).not.toContain('not an asset');
    }
    expect((await request(app).post('/explorer/assets/index-abc123.js')).status).toBe(405);
  });

  it('is off when disabled: /explorer says how to turn it on, and GET /graphql is the API for everyone', async () => {
    const app = appWith(false);
    const off = await request(app).get('/explorer').set('accept', BROWSER_ACCEPT);
    expect(off.status).toBe(404);
    expect(off.body.message).toContain('GRAPHQL_EXPLORER=true');
    expect((await request(app).get('/explorer/assets/index-abc123.js')).status).toBe(404);
    expect((await request(app).get('/graphql').set('accept', BROWSER_ACCEPT)).body).toEqual({ api: true });
  });

  it('says plainly when the explorer was not built', async () => {
    const app = express();
    useExplorer(app as unknown as NestExpressApplication, { explorer: true }, join(dist, 'nowhere'));
    const response = await request(app).get('/explorer');
    expect(response.status).toBe(503);
    expect(response.body).toMatchObject({ error: 'EXPLORER_NOT_BUILT' });
    expect(response.body.message).toContain('npm run build');
  });
});
