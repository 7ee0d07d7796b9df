import type { NestExpressApplication } from '@nestjs/platform-express';
import type { NextFunction, Request, Response } from 'express';
import type { GatewayConfig } from './gateway.config';

/**
 * Headers every answer of the gateway carries: it serves JSON only, so
 * browsers may not sniff types, frame it, run scripts from it or send
 * referrers; HTTPS is pinned for a year in production.
 */
const SECURE_HEADERS: Record<string, string> = {
  'X-Content-Type-Options': 'nosniff',
  'X-Frame-Options': 'DENY',
  'Referrer-Policy': 'no-referrer',
  'Content-Security-Policy': "default-src 'none'; frame-ancestors 'none'",
  'Cross-Origin-Resource-Policy': 'same-origin',
};

/** CORS for the origins in ALLOWED_ORIGINS (none when unset), secure headers on every answer. */
export function useHttpSecurity(app: NestExpressApplication, config: GatewayConfig, production: boolean) {
  app.disable('x-powered-by');
  // Answers are API results, not cacheable documents: no SHA-1 of every body for an ETag nobody revalidates.
  app.set('etag', false);
  app.use((_req: Request, res: Response, next: NextFunction) => {
    for (const [name, value] of Object.entries(SECURE_HEADERS)) res.setHeader(name, value);
    if (production) res.setHeader('Strict-Transport-Security', 'max-age=31536000; includeSubDomains');
    next();
  });
  app.enableCors({
    origin: config.allowedOrigins.length ? config.allowedOrigins : false,
    methods: ['GET', 'POST', 'PATCH', 'OPTIONS'],
    allowedHeaders: ['Content-Type', 'Authorization', 'Idempotency-Key', 'Apollo-Require-Preflight'],
    maxAge: 600,
  });
}
