import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import type { NextFunction, Request, Response } from 'express';
import { AuthModule } from '../auth/auth.module';
import { RestModule } from '../rest/rest.module';
import { WebhooksModule } from '../webhooks/webhooks.module';
import { BEARER_SCHEME } from './api-docs';

export const OPENAPI_PATH = '/api/companyos/openapi.json';

/** The REST facade, the webhook edge and the sign-in settings (GET /api/companyos/auth/config) as OpenAPI 3, generated from their controllers' decorators. */
export function openApiDocument(app: NestExpressApplication): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('CompanyOS REST API')
    .setDescription(
      'The seed\'s REST paths (each runs one GraphQL operation through the gateway, with the caller\'s identity and role) and the webhook edge. ' +
        'The whole graph is at POST /graphql (explorer at /explorer).',
    )
    .setVersion('1')
    .addBearerAuth({ type: 'http', scheme: 'bearer', description: 'An API token (npm run token:create, createApiToken) or a person\'s JWT.' }, BEARER_SCHEME)
    .addBearerAuth({ type: 'http', scheme: 'bearer', description: 'ALERTMANAGER_WEBHOOK_TOKEN, as set in Alertmanager\'s webhook_configs.' }, 'alertmanager')
    .addApiKey(
      { type: 'apiKey', in: 'header', name: 'X-Hub-Signature-256', description: '`sha256=` and the HMAC-SHA256 of the raw body with GITHUB_WEBHOOK_SECRET.' },
      'github-signature',
    )
    .build();
  return SwaggerModule.createDocument(app, config, { include: [RestModule, WebhooksModule, AuthModule] });
}

/**
 * Serves the document at `GET /api/companyos/openapi.json`, made once at boot. Before authentication: it
 * describes the public paths and holds no data, so a client generator or a person can read it without a token.
 */
export function useOpenApi(app: NestExpressApplication) {
  const body = JSON.stringify(openApiDocument(app));
  app.use(OPENAPI_PATH, (req: Request, res: Response, next: NextFunction) => {
    if (req.path !== '/') return next();
    if (req.method !== 'GET' && req.method !== 'HEAD') return res.status(405).json({ error: 'METHOD_NOT_ALLOWED', message: `${OPENAPI_PATH} is read with GET` });
    res.setHeader('Cache-Control', 'no-cache');
    res.type('application/json').send(body);
  });
}
