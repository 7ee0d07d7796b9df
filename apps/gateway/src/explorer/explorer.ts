import type { NestExpressApplication } from '@nestjs/platform-express';
import express, { NextFunction, Request, Response } from 'express';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { GatewayConfig } from '../gateway.config';
import { EXPLORER_CSP } from './explorer-csp';

/** Where the explorer is served; its bundled assets are under `/explorer/assets/` (Vite's `base`). */
export const EXPLORER_PATH = '/explorer';

/** The repository root (the nearest folder up with a package.json), whether this runs from source or from dist. */
function repositoryRoot(from: string): string {
  const parent = dirname(from);
  return existsSync(join(from, 'package.json')) || parent === from ? from : repositoryRoot(parent);
}

/** The explorer's build output (`npm run build` runs Vite on apps/explorer into dist/explorer). */
export const EXPLORER_DIST = join(repositoryRoot(__dirname), 'dist', 'explorer');

/**
 * A browser opening the GraphQL endpoint: a GET without a `query`
 * parameter whose Accept prefers HTML over JSON. Tools (curl's `*\/*`,
 * GraphQL clients' `application/json` or `application/graphql-response+json`)
 * keep getting the API, and a GET with `?query=` is an operation.
 */
export function wantsExplorer(req: Request): boolean {
  if (req.method !== 'GET' && req.method !== 'HEAD') return false;
  if (req.query && Object.prototype.hasOwnProperty.call(req.query, 'query')) return false;
  return req.accepts(['application/json', 'application/graphql-response+json', 'text/html']) === 'text/html';
}

/** Headers of every explorer answer: its own CSP in place of the API's `default-src 'none'`. */
function explorerHeaders(res: Response) {
  res.setHeader('Content-Security-Policy', EXPLORER_CSP);
  // The page's fetches, workers and styles are its own origin's; nothing else may embed or open it as a resource.
  res.setHeader('Cross-Origin-Opener-Policy', 'same-origin');
}

/**
 * Serves the offline GraphiQL explorer (apps/explorer, bundled by Vite at
 * build time: GraphiQL, Monaco and its workers, nothing from a CDN) at
 * `/explorer` and at `GET /graphql` when a browser asks for HTML. Registered
 * before authentication: the page and its assets hold no data (the explorer
 * sends the token the person types with each operation). Off unless
 * `config.explorer`; then `/explorer` is a 404 that says how to turn it on.
 */
export function useExplorer(app: Pick<NestExpressApplication, 'use'>, config: Pick<GatewayConfig, 'explorer'>, dist = EXPLORER_DIST) {
  if (!config.explorer) {
    app.use(EXPLORER_PATH, (_req: Request, res: Response) => {
      res.status(404).json({ error: 'NOT_FOUND', message: 'the GraphQL explorer is off in production (GRAPHQL_EXPLORER=true turns it on)' });
    });
    return;
  }
  const indexFile = join(dist, 'index.html');
  // Read once: the page is small and the same for everyone; a missing build is said plainly, not as a 500 per request.
  const index = existsSync(indexFile) ? readFileSync(indexFile) : null;
  const sendIndex = (_req: Request, res: Response) => {
    explorerHeaders(res);
    res.setHeader('Cache-Control', 'no-cache');
    if (!index) return res.status(503).json({ error: 'EXPLORER_NOT_BUILT', message: `the explorer is not built (${indexFile} is missing): run npm run build` });
    res.type('html').send(index);
  };
  const assets = express.static(join(dist, 'assets'), {
    index: false,
    redirect: false,
    dotfiles: 'ignore',
    fallthrough: false,
    // File names carry a content hash: a changed file is a new URL.
    immutable: true,
    maxAge: '365d',
    setHeaders: (res) => explorerHeaders(res as unknown as Response),
  });
  app.use(`${EXPLORER_PATH}/assets`, (req: Request, res: Response, next: NextFunction) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return res.status(405).json({ error: 'METHOD_NOT_ALLOWED', message: 'the explorer\'s assets are read-only' });
    assets(req, res, (error?: unknown) => {
      const status = (error as { status?: number } | undefined)?.status;
      if (status === 404 || status === 403) return res.status(404).json({ error: 'NOT_FOUND', message: `no explorer asset at ${req.originalUrl.split('?')[0]}` });
      next(error);
    });
  });
  app.use((req: Request, res: Response, next: NextFunction) => {
    const path = req.path;
    if ((path === EXPLORER_PATH || path === `${EXPLORER_PATH}/`) && (req.method === 'GET' || req.method === 'HEAD')) return sendIndex(req, res);
    if (path === '/graphql' && wantsExplorer(req)) return sendIndex(req, res);
    next();
  });
}
