import type { NestExpressApplication } from '@nestjs/platform-express';
import express, { NextFunction, Request, RequestHandler, Response } from 'express';
import type { GatewayConfig } from './gateway.config';
import { alertmanagerTokenGate, GithubSignatureFailures } from './webhooks/webhook-gates';

/** Webhook paths: their raw bytes reach the handler (signatures and delivery keys are computed over them). */
export const GITHUB_WEBHOOK_PATH = '/api/companyos/github-webhook';
export const ALERTMANAGER_WEBHOOK_PATH = '/api/companyos/prometheus-webhook';
export const RAW_BODY_PATHS = [GITHUB_WEBHOOK_PATH, ALERTMANAGER_WEBHOOK_PATH];

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

/** Where a YAML body is taken as text (runbooks posted to the sync path). */
export const YAML_BODY_PATHS = ['/api/companyos/runbooks/sync'];
const YAML_TYPES = ['application/yaml', 'application/x-yaml', 'text/yaml', 'text/x-yaml', 'text/plain'];
/** JUnit XML uploads: the body is the report, as text, whatever content type CI sends. */
export const TEST_REPORT_PATH = '/api/companyos/builds/:id/test-results';

/**
 * Raw bodies for webhooks (size-limited), YAML text for the runbook sync, text
 * for JUnit reports, JSON for the API. A webhook caller that is refused on its
 * headers alone (a wrong Alertmanager token, a GitHub sender over its budget of
 * failed signatures) is answered before any of its body is read.
 */
export function useBodyParsers(app: NestExpressApplication, config: GatewayConfig, githubFailures: GithubSignatureFailures) {
  app.use(ALERTMANAGER_WEBHOOK_PATH, alertmanagerTokenGate(config.alertmanagerWebhookToken));
  app.use(GITHUB_WEBHOOK_PATH, githubFailures.gate);
  app.use(RAW_BODY_PATHS, answeringErrors(express.raw({ type: () => true, limit: config.webhookMaxBodyBytes })));
  app.use(YAML_BODY_PATHS, answeringErrors(express.text({ type: YAML_TYPES, limit: config.apiMaxBodyBytes })));
  app.use(TEST_REPORT_PATH, answeringErrors(express.text({ type: () => true, limit: config.testReportMaxBytes })));
  app.use(answeringErrors(express.json({ limit: config.apiMaxBodyBytes })));
}
