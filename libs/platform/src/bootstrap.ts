import { DynamicModule, Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { PlatformConfig } from './config/platform.config';
import { JsonLogger } from './logging/json-logger';

export interface BootstrapOptions {
  /** Let the app register its own body parsers (the gateway's webhook routes need raw bodies). */
  bodyParser?: boolean;
  configure?: (app: NestExpressApplication) => void;
}

/** Creates, configures and starts an app on its port, with JSON logs and graceful shutdown. */
export async function bootstrapApp(
  module: DynamicModule,
  config: PlatformConfig,
  options: BootstrapOptions = {},
): Promise<NestExpressApplication> {
  const logger = new JsonLogger(config.appName, config.logLevel);
  const app = await NestFactory.create<NestExpressApplication>(module, {
    logger,
    bodyParser: options.bodyParser ?? true,
    // Signed requests to subgraphs and internal endpoints are checked over their exact body bytes (GatewaySignatureMiddleware).
    rawBody: true,
  });
  app.enableShutdownHooks();
  // X-Forwarded-For is believed only from proxies on private networks (an ingress, a load balancer): a client
  // on the internet cannot choose the IP it is rate-limited and logged by.
  app.set('trust proxy', 'loopback, linklocal, uniquelocal');
  options.configure?.(app);
  await app.listen(config.port, '0.0.0.0');
  new Logger('Bootstrap').log(`${config.appName} listening on :${config.port} as ${config.role}`);
  return app;
}
