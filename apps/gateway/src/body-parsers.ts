import type { NestExpressApplication } from '@nestjs/platform-express';
import express, { NextFunction, Request, RequestHandler, Response } from 'express';
import type { GatewayConfig } from './gateway.config';

/** Webhook paths: their raw bytes reach the handler (signatures and delivery keys are computed over them). */
export const RAW_BODY_PATHS = ['/api/companyos/github-webhook', '/api/companyos/prometheus-webhook'];

/** Turns a body-parser failure (too large, bad JSON) into a JSON error instead of express's HTML page. */
const answeringErrors =
  (parser: RequestHandler): RequestHandler =>
  (req: Request, res: Response, next: NextFunction) =>
    parser(req, res, (error?: unknown) => {
      if (!error) return next();
      const { status = 400, type, message } = error as { status?: number; type?: string; message: string };
      const code = type === 'entity.too.large' ? 'PAYLOAD_TOO_LARGE' : 'BAD_REQUEST';
      const text = type === 'entity.too.large' ? `request body is larger than the limit of ${(error as { limit?: number }).limit} bytes` : message;
      res.status(status).json({ error: code, message: text });
    });

/** JUnit XML uploads: the body is the report, as text, whatever content type CI sends. */
export const TEST_REPORT_PATH = '/api/companyos/builds/:id/test-results';

/** Raw bodies for webhooks (size-limited), text for JUnit reports, JSON for the API. */
export function useBodyParsers(app: NestExpressApplication, config: GatewayConfig) {
  app.use(RAW_BODY_PATHS, answeringErrors(express.raw({ type: () => true, limit: config.webhookMaxBodyBytes })));
  app.use(TEST_REPORT_PATH, answeringErrors(express.text({ type: () => true, limit: config.testReportMaxBytes })));
  app.use(answeringErrors(express.json({ limit: config.apiMaxBodyBytes })));
}
