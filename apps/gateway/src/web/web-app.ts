import { Logger } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { NextFunction, Request, Response } from 'express';
import type { GatewayConfig } from '../gateway.config';
import { loadWebAssets, pickAsset, webCsp, WEB_DIST_DIR } from './web-assets';

/**
 * Serves the operations dashboard (apps/web, built to dist/web) at `/`:
 * its files from memory with a year's cache for hashed assets and none for
 * index.html, index.html for the client routes, and the dashboard's strict
 * CSP (which lets the page reach the OIDC issuer when sign-in goes through
 * it). These static files need no credential (the page signs in itself; its
 * data comes from /graphql and the events stream, which do).
 */
export function useWebApp(app: NestExpressApplication, config: GatewayConfig) {
  const assets = loadWebAssets();
  const csp = webCsp(config.jwt.oidcClientId ? config.jwt.oidcIssuer : null);
  const logger = new Logger('WebApp');
  if (!assets.has('/index.html')) {
    logger.warn(`no dashboard build in ${WEB_DIST_DIR} (run npm run build): / is not served`);
    return;
  }
  logger.log(`serving the dashboard (${assets.size} files) at /`);
  app.use((req: Request, res: Response, next: NextFunction) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return next();
    const asset = pickAsset(assets, req.path, req.headers.accept);
    if (!asset) return next();
    res.setHeader('Content-Type', asset.type);
    res.setHeader('Content-Security-Policy', csp);
    res.setHeader('Cache-Control', asset.immutable ? 'public, max-age=31536000, immutable' : 'no-cache');
    res.setHeader('ETag', asset.etag);
    res.setHeader('Vary', 'Accept-Encoding');
    if (req.headers['if-none-match'] === asset.etag) return void res.status(304).end();
    const gzip = asset.gzip && /\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''));
    const body = gzip ? asset.gzip! : asset.body;
    if (gzip) res.setHeader('Content-Encoding', 'gzip');
    res.setHeader('Content-Length', String(body.length));
    res.status(200);
    if (req.method === 'HEAD') return void res.end();
    res.end(body);
  });
}
